/// How an export is laid out: separator, encoding, date format, the header of each column,
/// and what each code means. `ImportLayout.builtIn` is the layout of issue 15 (Vigilo-style
/// Norwegian headers); a mapping file (`ImportLayout+Mapping.swift`) changes it.
public struct ImportLayout: Sendable {
    /// The four files of an import.
    public enum Table: String, Sendable, CaseIterable {
        case students, absence, calendar, consents
    }

    /// A column the import reads: its key in a mapping file and the headers that name it.
    public struct Column: Sendable {
        public var key: String
        /// What the column holds, for messages: "the school year".
        public var meaning: String
        /// Header names, any of which matches (case and surrounding spaces ignored).
        public var headers: [String]
        public var required: Bool
        /// Where a mapping file set it, for "named here" notes.
        var mappingLine: Int?
    }

    /// What an absence code (`Fraværstype`) means.
    public enum AbsenceType: String, Sendable, CaseIterable {
        /// dagsfravær
        case day
        /// timefravær: `Minutter` long
        case hours
        /// a whole day not counted on the diploma: a documented day
        case dayNotOnDiploma = "day-not-on-diploma"
        /// permisjon: kept as its own kind, not absence
        case leave
        /// forsentkomming: kept as its own kind, not absence
        case late
        /// a registration that is not absence at all (organised study, present): read and counted only
        case notAbsence = "not-absence"
    }

    /// What a `Dokumentert` value means.
    public enum Documentation: String, Sendable, CaseIterable {
        /// documented
        case yes
        /// undocumented (also: not yet processed)
        case no
        /// reported by the guardians (meldt): a message, not a document, so undocumented
        case reported
    }

    /// What a `Type` in the calendar means.
    public enum CalendarType: String, Sendable, CaseIterable {
        /// first and last school day of a school year
        case schoolYear = "school-year"
        /// a closure (fri): holiday or planning day
        case closure
    }

    /// `nil`: guess from the header line among `;`, tab and `,`.
    public var separator: UInt8? = 0x3B
    public var encoding: TextEncoding = .auto
    public var dateFormat = DateFormat.norwegian
    /// Prefix of every pseudonymous student id.
    public var idPrefix = "P"
    public var hoursPerDay: Double = 6
    public var columns: [Table: [Column]]
    public var absenceTypes: [(code: String, meaning: AbsenceType)]
    public var documentation: [(code: String, meaning: Documentation)]
    public var calendarTypes: [(code: String, meaning: CalendarType)]
    public var givenBy: [(code: String, meaning: String)]
    /// Consent service names: code -> a service id or kind of the data set.
    public var services: [(code: String, meaning: String)]

    /// The layout of the issue: `elever.csv`, `fravaer.csv`, `kalender.csv`, `samtykker.csv`.
    public static let builtIn = ImportLayout(
        columns: [
            .students: [
                Column(
                    key: "id", meaning: "the fødselsnummer", headers: ["Fødselsnummer"],
                    required: true),
                Column(
                    key: "school-year", meaning: "the school year", headers: ["Skoleår"],
                    required: false),
                Column(key: "school", meaning: "the school", headers: ["Skole"], required: true),
                Column(key: "grade", meaning: "the grade", headers: ["Trinn"], required: true),
                Column(
                    key: "from", meaning: "the enrolment date", headers: ["Innmeldt"],
                    required: false),
                Column(
                    key: "to", meaning: "the leaving date", headers: ["Utmeldt"], required: false),
            ],
            .absence: [
                Column(
                    key: "id", meaning: "the fødselsnummer", headers: ["Fødselsnummer"],
                    required: true),
                Column(key: "date", meaning: "the date", headers: ["Dato"], required: true),
                Column(
                    key: "type", meaning: "the kind of absence", headers: ["Fraværstype"],
                    required: true),
                Column(
                    key: "minutes", meaning: "the minutes", headers: ["Minutter"], required: false),
                Column(key: "hours", meaning: "the hours", headers: ["Timer"], required: false),
                Column(
                    key: "documented", meaning: "documented or not", headers: ["Dokumentert"],
                    required: false),
            ],
            .calendar: [
                Column(key: "from", meaning: "the first date", headers: ["Fra"], required: true),
                Column(key: "to", meaning: "the last date", headers: ["Til"], required: true),
                Column(key: "type", meaning: "the kind of row", headers: ["Type"], required: true),
                Column(key: "school", meaning: "the school", headers: ["Skole"], required: false),
                Column(
                    key: "name", meaning: "the name of the closure",
                    headers: ["Navn", "Beskrivelse"], required: false),
            ],
            .consents: [
                Column(
                    key: "id", meaning: "the fødselsnummer", headers: ["Fødselsnummer"],
                    required: true),
                Column(
                    key: "reference", meaning: "the consent's reference", headers: ["Referanse"],
                    required: true),
                Column(key: "given", meaning: "the date given", headers: ["Gitt"], required: true),
                Column(
                    key: "given-by", meaning: "who gave it", headers: ["GittAv"], required: true),
                Column(
                    key: "services", meaning: "the services", headers: ["Tjenester"], required: true
                ),
                Column(
                    key: "purpose", meaning: "the purpose", headers: ["Formål"], required: false),
                Column(
                    key: "expires", meaning: "the expiry date", headers: ["Utløper"],
                    required: false),
                Column(
                    key: "withdrawn", meaning: "the withdrawal date", headers: ["Trukket"],
                    required: false),
            ],
        ],
        absenceTypes: [
            ("Dag", .day), ("Time", .hours), ("Permisjon", .leave), ("Forsentkomming", .late),
            ("Ikke på vitnemål", .dayNotOnDiploma),
        ],
        documentation: [("Ja", .yes), ("Nei", .no), ("Meldt", .reported), ("", .no)],
        calendarTypes: [("Skoleår", .schoolYear), ("Fri", .closure)],
        givenBy: [
            ("Foresatte", "guardians"), ("Foresatt", "guardians"), ("Elev", "student"),
            ("Eleven", "student"), ("Begge", "both"), ("Elev og foresatte", "both"),
        ],
        services: [
            ("PPT", "ppt"), ("PP-tjenesten", "ppt"), ("Pedagogisk tjeneste", "ppt"),
            ("Skolehelsetjenesten", "school-health"), ("Helsesykepleier", "school-health"),
            ("Psykisk helse og familietjenesten", "mental-health-family"),
            ("Psykisk helse", "mental-health-family"),
            ("Barneverntjenesten", "child-welfare"), ("Barnevern", "child-welfare"),
            ("SLT", "slt"), ("Læringsmiljø- og fraværsteam", "attendance-team"),
            ("Fraværsteam", "attendance-team"),
            ("Forebyggende team", "prevention-team"),
        ] + Service.Kind.allCases.map { ($0.rawValue, $0.rawValue) }
            + Service.nesDefaults.map { ($0.id, $0.id) }
    )

    /// The column with this key in `table`.
    func column(_ table: Table, _ key: String) -> Column {
        columns[table]!.first { $0.key == key }!
    }
}

/// A date pattern such as `dd.mm.yyyy`: day, month and year in some order, one separator.
///
/// Reading is lenient on padding (`3.9.2024`) and ignores a time after a space
/// (`03.09.2024 00:00`); ISO dates (`2024-09-03`) are always accepted too.
public struct DateFormat: Sendable, Equatable {
    /// The order of the parts: "dmy", "ymd" or "mdy".
    var order: [UInt8]
    var separator: UInt8
    public var pattern: String

    public static let norwegian = DateFormat(pattern: "dd.mm.yyyy")!

    /// Parses a pattern of `d`/`dd`, `m`/`mm` and `yyyy` with one separator (`.`, `-`, `/`).
    public init?(pattern: String) {
        let lower = pattern.lowercased()
        guard let separator = lower.utf8.first(where: { $0 == 0x2E || $0 == 0x2D || $0 == 0x2F })
        else { return nil }
        let parts = lower.split(
            separator: Character(UnicodeScalar(separator)), omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        var order: [UInt8] = []
        for part in parts {
            switch part {
            case "d", "dd": order.append(0x64)
            case "m", "mm": order.append(0x6D)
            case "yyyy": order.append(0x79)
            default: return nil
            }
        }
        guard Set(order).count == 3 else { return nil }
        self.order = order
        self.separator = separator
        self.pattern = pattern
    }

    /// The date in `bytes` (already trimmed), or nil.
    func parse(_ bytes: ArraySlice<UInt8>) -> Day? {
        var n0 = 0, n1 = 0, n2 = 0, d0 = 0, d1 = 0, d2 = 0
        var part = 0
        var iso = false
        for b in bytes {
            if b == 0x20 || b == 0x54 { break }  // a time follows
            if b >= 0x30, b <= 0x39 {
                let digit = Int(b - 0x30)
                switch part {
                case 0: n0 = n0 * 10 + digit; d0 += 1
                case 1: n1 = n1 * 10 + digit; d1 += 1
                default: n2 = n2 * 10 + digit; d2 += 1
                }
                if d0 > 4 || d1 > 4 || d2 > 4 { return nil }
            } else if b == separator || (b == 0x2D && (iso || (part == 0 && d0 == 4))) {
                if b == 0x2D, part == 0, d0 == 4 { iso = true }
                part += 1
                if part > 2 { return nil }
            } else {
                return nil
            }
        }
        guard part == 2, d0 > 0, d1 > 0, d2 > 0 else { return nil }
        if iso { return d1 <= 2 && d2 <= 2 ? Day(year: n0, month: n1, day: n2) : nil }
        var y = 0, m = 0, d = 0
        for (position, what) in order.enumerated() {
            let (value, digits) = position == 0 ? (n0, d0) : (position == 1 ? (n1, d1) : (n2, d2))
            switch what {
            case 0x64: guard digits <= 2 else { return nil }; d = value
            case 0x6D: guard digits <= 2 else { return nil }; m = value
            default: guard digits == 4 else { return nil }; y = value
            }
        }
        return Day(year: y, month: m, day: d)
    }
}
