/// One child of `MultiYearGenerator`, school year after school year: its enrolments, absence
/// records, folder documents and first involvements, written as one student line.
struct ChildWriter {
    let seed: UInt64
    let years: Int
    let units: [SchoolUnit]
    /// Per year: the calendar of primary schools, and of lower-secondary ones (their planning day).
    let contexts: [[YearContext]]
    private var absence = StudentAbsence()
    private var folders: [[FolderBuilder]]
    private var enrolments: [(year: Int, unit: Int, grade: Int, from: Day?, to: Day?)] = []
    private var records: [AbsenceRecord] = []
    private var documents: [FolderDocument] = []
    private var involvements: [Involvement] = []

    init(seed: UInt64, years: Int, units: [SchoolUnit], contexts: [[YearContext]]) {
        self.seed = seed
        self.years = years
        self.units = units
        self.contexts = contexts
        folders = contexts.map { pair in pair.map { FolderBuilder(context: $0) } }
    }

    /// Child `ordinal` (1-based) of the primary or lower-secondary school `home` (index in `units`).
    mutating func write(ordinal: Int, unit home: Int, last: Bool, to writer: inout JSONWriter) {
        var rng = SplitMix64(seed: seed, 11, ordinal)
        let district = home / 10
        let startsUpper = units[home].base.lowerSecondary
        let firstGrade = startsUpper ? rng.int(in: 8...max(8, 11 - years)) : rng.int(in: 1...7)
        enrolments.removeAll(keepingCapacity: true)
        records.removeAll(keepingCapacity: true)
        documents.removeAll(keepingCapacity: true)
        involvements.removeAll(keepingCapacity: true)
        var current = home
        for k in 0..<years {
            let grade = firstGrade + k
            guard grade <= 10 else { break }
            let upper = grade >= 8
            // After 7th grade: one of the district's two lower-secondary schools (index 8 and 9).
            if upper, !units[current].base.lowerSecondary {
                current = district * 10 + 8 + ordinal % 2
            }
            let context = contexts[k][upper ? 1 : 0]
            if rng.chance(0.03) {
                // A change of school in February, to another school of the same stage and district.
                let move = context.calendar.start.adding(days: 168)
                let next =
                    upper
                    ? district * 10 + 17 - current % 10
                    : district * 10 + (current % 10 + 1 + rng.below(7)) % 8
                enrolments.append((k, current, grade, nil, move.adding(days: -3)))
                enrolments.append((k, next, grade, move, nil))
                current = next
            } else {
                enrolments.append((k, current, grade, nil, nil))
            }
            addYear(k, school: units[current].base, context: context, upper: upper, rng: &rng)
        }
        writeLine(
            ordinal: ordinal, birthYear: 2024 - (years - 1) - 5 - firstGrade, last: last,
            to: &writer)
    }

    /// The child's absence, folder and involvements of year `k`, drawn around the school's mean.
    private mutating func addYear(
        _ k: Int, school: NesProfile.School, context: YearContext, upper: Bool,
        rng: inout SplitMix64
    ) {
        let schoolDays = context.schoolDays.count
        let severe = rng.chance(Double(school.severe) / Double(school.students))
        let days =
            severe
            ? 61 + rng.geometric(mean: 24, cap: max(1, schoolDays - 70))
            : rng.negativeBinomial(
                r: 2, mean: Double(school.meanDaysTenths) / 10, cap: AbsencePlan.ordinaryCap)
        var quarters = 0
        if rng.chance(school.hoursShare) {
            let meanHours = max(0.5, Double(school.meanHoursTenths) / 10 / school.hoursShare - 1)
            quarters = min(
                600, 20 * max(0, schoolDays - days - 2) / 2,
                4 + 4 * rng.negativeBinomial(r: 2, mean: meanHours, cap: 150) + rng.below(4))
        }
        _ = absence.build(
            days: days, quarters: quarters, severe: severe, problem: nil, context: context,
            rng: &rng)
        records.append(contentsOf: absence.records)
        let profile = severe ? AuditProfile.deck(&rng)[0] : nil
        let firstDay = absence.records.first { $0.quarters == 0 }?.date
        folders[k][upper ? 1 : 0].build(
            days: days, crossing: absence.crossing, firstDay: firstDay, profile: profile, rng: &rng)
        documents.append(contentsOf: folders[k][upper ? 1 : 0].documents)
        for involvement in folders[k][upper ? 1 : 0].involvements
        where !involvements.contains(where: { $0.service == involvement.service }) {
            involvements.append(involvement)
        }
    }

    private func writeLine(ordinal: Int, birthYear: Int, last: Bool, to writer: inout JSONWriter) {
        writer.raw(#"{"id":"S"#)
        writer.int(ordinal, width: 7)
        writer.raw(#"","birthYear":"#)
        writer.int(birthYear)
        writer.raw(#","enrolments":["#)
        for (index, e) in enrolments.enumerated() {
            writer.raw(index == 0 ? #"{"schoolYear":"# : #",{"schoolYear":"#)
            writer.string(contexts[e.year][0].calendar.schoolYear ?? "")
            writer.raw(#","school":"#)
            writer.string(units[e.unit].id)
            writer.raw(#","grade":"#)
            writer.int(e.grade)
            if let from = e.from {
                writer.raw(#","from":"#)
                writer.date(from)
            }
            if let to = e.to {
                writer.raw(#","to":"#)
                writer.date(to)
            }
            writer.raw("}")
        }
        writer.raw(#"],"absence":["#)
        for (index, record) in records.enumerated() {
            writer.raw(index == 0 ? #"{"date":"# : #",{"date":"#)
            writer.date(record.date)
            if record.quarters == 0 {
                writer.raw(#","kind":"day""#)
            } else {
                writer.raw(#","kind":"hours","hours":"#)
                writer.quarterHours(record.quarters)
            }
            writer.raw(record.documented ? #","documented":true"# : #","documented":false"#)
            if let reason = record.reason { writer.stringField(#","reason":""#, reason) }
            writer.raw("}")
        }
        writer.raw("]")
        StudentEmitter.writeFolder(documents, to: &writer)
        if !involvements.isEmpty {
            writer.raw(#","involvements":["#)
            for (index, involvement) in involvements.sorted(by: {
                ($0.date, $0.service) < ($1.date, $1.service)
            }).enumerated() {
                writer.raw(index == 0 ? #"{"service":"# : #",{"service":"#)
                writer.raw(StudentEmitter.serviceIds[involvement.service])
                writer.raw(#","date":"#)
                writer.date(involvement.date)
                writer.raw(#","initiatedBy":""#)
                writer.string(involvement.initiator.name, quoted: false)
                writer.raw("\"}")
            }
            writer.raw("]")
        }
        writer.raw(last ? "}\n" : "},\n")
    }
}
