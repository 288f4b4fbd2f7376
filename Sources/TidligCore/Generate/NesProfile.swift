/// The calibration constants of the synthetic Nes data set, all taken from the seeds
/// (`seeds/000_0da0e6aa5992f38b.txt`, the Romerike revisjon audit of Nes, 2025).
enum NesProfile {
    /// One school of the audit's Table 1 («Tabell 1 Skolefravær 2024/2025 i Nes kommune»).
    struct School: Sendable {
        let id: String
        let name: String
        let lowerSecondary: Bool
        /// «Antall elever».
        let students: Int
        /// «Gjennomsnittlig dager fravær per elev», in tenths of a day.
        let meanDaysTenths: Int
        /// «Gjennomsnittlig timer fravær per elev», in tenths of an hour.
        let meanHoursTenths: Int
        /// Students with more than 60 days by 20.06.2025 (the audit's 39 folders, 30 of them
        /// in lower secondary, section 1.3.5); the split over schools is ours.
        let severe: Int
        /// Share of the school's students with any hour absence (ours; sets the hours' skew).
        let hoursShare: Double
    }

    /// Table 1, in the table's order. Totals: 2815 students, 11.7 days, 6.1 hours.
    static let schools: [School] = [
        School(
            id: "auli", name: "Auli barneskole", lowerSecondary: false, students: 276,
            meanDaysTenths: 111, meanHoursTenths: 36, severe: 2, hoursShare: 0.45),
        School(
            id: "fenstad", name: "Fenstad barneskole", lowerSecondary: false, students: 194,
            meanDaysTenths: 101, meanHoursTenths: 18, severe: 1, hoursShare: 0.3),
        School(
            id: "fjellfoten", name: "Fjellfoten barneskole", lowerSecondary: false, students: 210,
            meanDaysTenths: 93, meanHoursTenths: 23, severe: 1, hoursShare: 0.35),
        School(
            id: "framtun", name: "Framtun barneskole", lowerSecondary: false, students: 143,
            meanDaysTenths: 104, meanHoursTenths: 16, severe: 1, hoursShare: 0.3),
        School(
            id: "neskollen", name: "Neskollen barneskole", lowerSecondary: false, students: 518,
            meanDaysTenths: 90, meanHoursTenths: 15, severe: 2, hoursShare: 0.3),
        School(
            id: "skogbygda", name: "Skogbygda barneskole", lowerSecondary: false, students: 198,
            meanDaysTenths: 84, meanHoursTenths: 20, severe: 0, hoursShare: 0.35),
        School(
            id: "arnes", name: "Årnes barneskole", lowerSecondary: false, students: 305,
            meanDaysTenths: 100, meanHoursTenths: 12, severe: 1, hoursShare: 0.25),
        School(
            id: "ostgard", name: "Østgård barneskole", lowerSecondary: false, students: 144,
            meanDaysTenths: 100, meanHoursTenths: 12, severe: 1, hoursShare: 0.25),
        School(
            id: "runni", name: "Runni ungdomsskole", lowerSecondary: true, students: 389,
            meanDaysTenths: 169, meanHoursTenths: 209, severe: 16, hoursShare: 0.75),
        School(
            id: "vormsund", name: "Vormsund ungdomsskole", lowerSecondary: true, students: 438,
            meanDaysTenths: 165, meanHoursTenths: 123, severe: 14, hoursShare: 0.65),
    ]

    /// The sum of Table 1's student counts.
    static let baseStudents = 2815

    /// The school year 2024/2025 and its closures (Nes's ordinary holidays).
    static let calendar = SchoolCalendar(
        start: Day(year: 2024, month: 8, day: 19)!, end: Day(year: 2025, month: 6, day: 20)!,
        hoursPerDay: 6,
        closures: [
            closure(2024, 9, 30, 2024, 10, 4, "Høstferie"),
            closure(2024, 12, 23, 2025, 1, 1, "Juleferie"),
            closure(2025, 2, 24, 2025, 2, 28, "Vinterferie"),
            closure(2025, 4, 14, 2025, 4, 21, "Påskeferie"),
            closure(2025, 5, 1, 2025, 5, 1, "1. mai"),
            closure(2025, 5, 29, 2025, 5, 30, "Kristi himmelfart"),
            closure(2025, 6, 9, 2025, 6, 9, "2. pinsedag"),
        ],
        schoolYear: "2024/2025"
    )

    /// The export date: the audit's «per 20.06.2025».
    static let asOf = Day(year: 2025, month: 6, day: 20)!

    /// Start of the folder-audit window: «i løpet av hele 2024 og våren 2025».
    static let windowStart = Day(year: 2024, month: 1, day: 1)!

    /// The action threshold (tiltaksgrense): 15 days.
    static let threshold = 15

    /// Deliberate data-quality problems: one per this many students.
    static let problemEvery = 700

    private static func closure(
        _ y1: Int, _ m1: Int, _ d1: Int, _ y2: Int, _ m2: Int, _ d2: Int, _ name: String
    ) -> SchoolCalendar.Closure {
        SchoolCalendar.Closure(
            from: Day(year: y1, month: m1, day: d1)!, to: Day(year: y2, month: m2, day: d2)!,
            name: name)
    }

    /// Short neutral reasons on documented whole days.
    static let documentedDayReasons: [StaticString] = [
        "sykdom", "sykdom", "sykdom", "lege", "tannlege", "sykdom i familien", "permisjon",
        "omgangssyke",
    ]
    /// Short neutral reasons on undocumented whole days.
    static let undocumentedDayReasons: [StaticString] = [
        "ikke meldt", "ukjent", "hodepine", "vondt i magen", "uteblitt",
    ]
    /// Short neutral reasons on hour records.
    static let hourReasons: [StaticString] = [
        "kom for sent", "gikk hjem syk", "lege", "tannlege", "ikke i timen", "forsov seg",
    ]
}
