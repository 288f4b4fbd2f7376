/// The schema-driven parse of one `tidlig/1` document into the columns of a `DataSet`.
///
/// One pass, no tree: each `parse...` function reads one schema object from the scanner and
/// appends to the columns. Keys come in any order; the students array is parsed once the
/// header it depends on (asOf, calendar, schools, services) is known, and again when
/// `services` comes after it (see `parse()`).
struct DataSetParser {
    var s: JSONScanner
    let source: String
    /// True for a mapped file: consumed pages are handed back to the kernel as the parse goes.
    let releasePages: Bool
    var releasedUpTo = 0
    var capacityReserved = false

    var municipality: String?
    var asOf = Day(rawValue: 0)
    var calendar = SchoolCalendar(start: Day(rawValue: 0), end: Day(rawValue: 0)) {
        didSet {
            let length = max(0, calendar.start.days(to: calendar.end) + 1)
            openDays = (0..<length).map { calendar.isSchoolDay(calendar.start.adding(days: $0)) }
        }
    }
    /// School days from `calendar.start`, for the per-record checks.
    var openDays: [Bool] = []
    var schoolTable = IDTable()
    var schools: [School] = []
    var serviceTable = IDTable()
    var services = Service.nesDefaults
    var students = StudentColumns()
    var absence = AbsenceColumns()
    var documents = DocumentColumns()
    var involvements = InvolvementColumns()
    var problems: [DataProblem] = []
    var scratch = StudentScratch()

    init(scanner: JSONScanner, source: String, releasePages: Bool) {
        s = scanner
        self.source = source
        self.releasePages = releasePages
        var duplicate: Int?
        serviceTable = IDTable(services.map(\.id), duplicate: &duplicate)
    }

    /// Bits of the top-level keys seen.
    private enum Top {
        static let format: UInt8 = 1, asOf: UInt8 = 2, calendar: UInt8 = 4, schools: UInt8 = 8
        static let students: UInt8 = 16, services: UInt8 = 32, municipality: UInt8 = 64
        static let required: [(UInt8, String)] = [
            (format, "format"), (asOf, "asOf"), (calendar, "calendar"), (schools, "schools"), (students, "students"),
        ]
    }

    // document = ws object ws EOF
    // object = '{' { "format": "tidlig/1" | "municipality": string | "asOf": date | "calendar": calendar
    //              | "schools": schools | "services": services | "students": students | other: value } '}'
    /// Parses the whole input.
    mutating func parse() throws(JSONFailure) -> DataSet {
        // A UTF-8 byte order mark, as some Windows tools write, is not an error.
        if s.count >= 3, s.base[0] == 0xEF, s.base[1] == 0xBB, s.base[2] == 0xBF { s.pos = 3 }
        let open = try s.openObject()
        var seen: UInt8 = 0
        var studentsAt: Int?
        var studentsCurrent = false
        var first = true
        while let key = try s.nextKey(&first) {
            if key.is("students") {
                try once(&seen, Top.students, key)
                studentsAt = s.pos
                if seen & (Top.asOf | Top.calendar | Top.schools) == Top.asOf | Top.calendar | Top.schools {
                    try within("students") { () throws(JSONFailure) in try parseStudents() }
                    studentsCurrent = true
                } else {
                    try within("students") { () throws(JSONFailure) in try s.skipValue() }
                }
            } else if key.is("format") {
                try once(&seen, Top.format, key)
                try within("format") { () throws(JSONFailure) in try readFormat() }
            } else if key.is("asOf") {
                try once(&seen, Top.asOf, key)
                asOf = try within("asOf") { () throws(JSONFailure) in try s.readDate() }
                studentsCurrent = false
            } else if key.is("calendar") {
                try once(&seen, Top.calendar, key)
                calendar = try within("calendar") { () throws(JSONFailure) in try parseCalendar() }
                studentsCurrent = false
            } else if key.is("schools") {
                try once(&seen, Top.schools, key)
                try within("schools") { () throws(JSONFailure) in try parseSchools() }
                studentsCurrent = false
            } else if key.is("services") {
                try once(&seen, Top.services, key)
                try within("services") { () throws(JSONFailure) in try parseServices() }
                studentsCurrent = false
            } else if key.is("municipality") {
                try once(&seen, Top.municipality, key)
                municipality = try within("municipality") { () throws(JSONFailure) in try s.readString() }
            } else {
                try s.skipValue()
            }
        }
        for (bit, name) in Top.required where seen & bit == 0 {
            throw JSONFailure(offset: open, message: "missing required field \"\(name)\"")
        }
        s.skipWhitespace()
        guard s.pos == s.count else {
            throw JSONFailure(offset: s.pos, message: "expected only whitespace after the data, found \(s.describeFound())")
        }
        if !studentsCurrent, let studentsAt {
            // Keys in an unusual order: the students array came before something it depends on.
            resetColumns()
            s.pos = studentsAt
            try within("students") { () throws(JSONFailure) in try parseStudents() }
        }
        return DataSet(
            source: source, municipality: municipality, asOf: asOf, calendar: calendar, schools: schools,
            services: services, students: students, absence: absence, documents: documents,
            involvements: involvements, problems: problems)
    }

    private mutating func resetColumns() {
        students = StudentColumns()
        absence = AbsenceColumns()
        documents = DocumentColumns()
        involvements = InvolvementColumns()
        problems = []
        capacityReserved = false
    }

    // format = '"tidlig/1"'
    private mutating func readFormat() throws(JSONFailure) {
        let start = s.pos
        let expected = "\"tidlig/1\" (the format this version reads)"
        guard s.peek() == UInt8(ascii: "\""), try s.string(try s.scanString()) == "tidlig/1" else {
            s.pos = start
            throw s.typeFailure(expected: expected)
        }
    }

    /// Refuses a key that appears twice in one object (which value would count?).
    @inline(__always) func once(_ seen: inout UInt8, _ bit: UInt8, _ key: JSONKey) throws(JSONFailure) {
        guard seen & bit == 0 else {
            let name = String(decoding: UnsafeBufferPointer(start: key.start, count: max(key.count, 0)), as: UTF8.self)
            throw JSONFailure(offset: key.offset, message: "duplicate key \"\(name)\"; each key at most once per object")
        }
        seen |= bit
    }
}

/// Runs `body`; a failure from it gets `.name` prepended to its path.
@inline(__always)
func within<T>(_ name: StaticString, _ body: () throws(JSONFailure) -> T) throws(JSONFailure) -> T {
    do { return try body() } catch { throw error.under(name) }
}

/// Runs `body`; a failure from it gets `[index]` prepended to its path.
@inline(__always)
func within<T>(index: Int, _ body: () throws(JSONFailure) -> T) throws(JSONFailure) -> T {
    do { return try body() } catch { throw error.under(index: index) }
}

/// The schema's enum spellings, in the order of the model's enum cases.
enum Names {
    static let absenceKinds: [StaticString] = ["day", "hours"]
    static let stages: [StaticString] = ["primary", "lower-secondary", "combined"]
    static let serviceKinds: [StaticString] = [
        "ppt", "school-health", "mental-health-family", "child-welfare", "slt", "attendance-team",
        "prevention-team", "other",
    ]
    static let documentKinds: [StaticString] = [
        "concern", "cause-mapping", "action-plan", "measure", "evaluation", "meeting", "assessment", "referral",
        "other",
    ]
    static let qualities: [StaticString] = ["described", "brief", "unclear"]
    static let coverages: [StaticString] = ["full", "partial"]
    static let initiators: [StaticString] = ["school", "family", "service", "other"]
    static let sections: [StaticString] = [
        "situation", "best-interest", "measures", "schedule", "responsible", "evaluate-by",
    ]
}
