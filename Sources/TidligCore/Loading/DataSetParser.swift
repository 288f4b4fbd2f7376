/// The schema-driven parse of one `tidlig/1` or `tidlig/2` document into the columns of a `DataSet`.
///
/// One pass, no tree: each `parse...` function reads one schema object from the scanner and
/// appends to the columns. Keys come in any order; the students array is parsed once the
/// header it depends on (format, asOf, calendar or schoolYears, schools, services) is known,
/// and again when something it depends on comes after it (see `parse()`).
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
    /// School days from `calendar.start` (tidlig/2: from the first year's start), for the
    /// per-record checks.
    var openDays: [Bool] = []
    /// 1 or 2, from "format".
    var format = 0
    /// tidlig/2: the school years, and what the parse of the students needs of them.
    var years = YearTables()
    var schoolTable = IDTable()
    var schools: [School] = []
    var serviceTable = IDTable()
    var services = Service.nesDefaults
    var students = StudentColumns()
    var absence = AbsenceColumns()
    var documents = DocumentColumns()
    var involvements = InvolvementColumns()
    var enrolments = EnrolmentColumns()
    var problems: [DataProblem] = []
    var scratch = StudentScratch()
    /// JSON Lines: how many parts to parse in parallel (0: chosen from the size and the cores).
    var parts = 0
    /// In parts: each student's id offset is kept for a duplicate found on the join.
    var recordIDOffsets = false
    var idOffsets: [Int] = []
    /// The row of each problem (a part's rows count from its first student; the join shifts them).
    var problemRows: [Int32] = []
    /// False in a later part: its ids go into the index when the parts are joined, in file order.
    var buildIndex = true
    /// Where the students this parser reads end, for reserving columns (nil: the end of the input).
    var reserveEnd: Int?

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
        static let students: UInt8 = 16, services: UInt8 = 32, municipality: UInt8 = 64,
            schoolYears: UInt8 = 128
        static let required: [(UInt8, String)] = [
            (format, "format"), (asOf, "asOf"), (schools, "schools"), (students, "students"),
        ]
    }

    // document = ws object ws EOF
    // object = '{' { "format": "tidlig/1" / "tidlig/2" | "municipality": string | "asOf": date
    //              | "calendar": calendar (tidlig/1) | "schoolYears": school-years (tidlig/2)
    //              | "schools": schools | "services": services | "students": students | other: value } '}'
    /// Parses the whole input.
    mutating func parse() throws(JSONFailure) -> DataSet {
        // A UTF-8 byte order mark, as some Windows tools write, is not an error.
        if s.count >= 3, s.base[0] == 0xEF, s.base[1] == 0xBB, s.base[2] == 0xBF { s.pos = 3 }
        let open = try s.openObject()
        var seen: UInt8 = 0
        var studentsAt: Int?
        var studentsCurrent = false
        var calendarAt: (Int, UInt8)?
        var keys = KeyLog()
        var first = true
        while let key = try s.nextKey(&first) {
            if key.is("students") {
                try once(&seen, Top.students, key)
                studentsAt = s.pos
                if try readyForStudents(seen) {
                    try within("students") { () throws(JSONFailure) in try parseStudents() }
                    studentsCurrent = true
                } else {
                    try within("students") { () throws(JSONFailure) in try s.skipValue() }
                }
            } else if key.is("format") {
                try once(&seen, Top.format, key)
                format = try within("format") { () throws(JSONFailure) in try readFormat() }
                studentsCurrent = false
            } else if key.is("schoolYears") {
                try once(&seen, Top.schoolYears, key)
                if calendarAt == nil { calendarAt = (key.offset, Top.schoolYears) }
                try within("schoolYears") { () throws(JSONFailure) in try parseSchoolYears() }
                studentsCurrent = false
            } else if key.is("asOf") {
                try once(&seen, Top.asOf, key)
                asOf = try within("asOf") { () throws(JSONFailure) in try s.readDate() }
                studentsCurrent = false
            } else if key.is("calendar") {
                try once(&seen, Top.calendar, key)
                if calendarAt == nil { calendarAt = (key.offset, Top.calendar) }
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
                municipality = try within("municipality") { () throws(JSONFailure) in
                    try s.readString()
                }
            } else {
                try s.skipMember(key, &keys)
            }
        }
        if seen & Top.students == 0, let body = try linesBody() {
            // JSON Lines: this object was the header; one student per line follows.
            try checkHeader(seen: seen | Top.students, open: open, calendarAt: calendarAt)
            _ = try readyForStudents(seen)
            try within("students") { () throws(JSONFailure) in try parseLines(from: body) }
            return makeDataSet()
        }
        try checkHeader(seen: seen, open: open, calendarAt: calendarAt)
        s.skipWhitespace()
        guard s.pos == s.count else {
            throw JSONFailure(
                offset: s.pos,
                message: "expected only whitespace after the data, found \(s.describeFound())")
        }
        if !studentsCurrent, let studentsAt {
            // Keys in an unusual order: the students array came before something it depends on.
            resetColumns()
            _ = try readyForStudents(seen)
            s.pos = studentsAt
            try within("students") { () throws(JSONFailure) in try parseStudents() }
        }
        return makeDataSet()
    }

    /// The required keys are there, and the calendar key that fits the format.
    private func checkHeader(seen: UInt8, open: Int, calendarAt: (Int, UInt8)?) throws(JSONFailure)
    {
        for (bit, name) in Top.required where seen & bit == 0 {
            throw JSONFailure(offset: open, message: "missing required field \"\(name)\"")
        }
        try checkCalendarKeys(seen, open: open, first: calendarAt)
    }

    /// The loaded columns as a data set (tidlig/2: seen from the year of `asOf`).
    private func makeDataSet() -> DataSet {
        var data = DataSet(
            source: source, municipality: municipality, asOf: asOf, calendar: calendar,
            schools: schools,
            services: services, students: students, absence: absence, documents: documents,
            involvements: involvements, problems: problems)
        guard format == 2 else { return data }
        data.schoolYears = years.list
        data.enrolments = enrolments
        let view = data.view(asOf: asOf)
        // Whole days per child and year, counted now as part of loading (one pass over the
        // records), so that the first question across years does not wait for them.
        _ = view.yearDayCounts
        return view
    }

    /// True when everything the students' parse depends on has been read (tidlig/2: with the
    /// school years' tables built).
    mutating func readyForStudents(_ seen: UInt8) throws(JSONFailure) -> Bool {
        let header = Top.format | Top.asOf | Top.schools
        guard seen & header == header else { return false }
        if format == 1 { return seen & Top.calendar != 0 }
        guard seen & Top.schoolYears != 0 else { return false }
        try prepareYears()
        return true
    }

    /// A tidlig/1 file has a "calendar", a tidlig/2 file "schoolYears", not the other.
    func checkCalendarKeys(_ seen: UInt8, open: Int, first: (Int, UInt8)?) throws(JSONFailure) {
        let wanted = format == 1 ? Top.calendar : Top.schoolYears
        let name = format == 1 ? "calendar" : "schoolYears"
        guard seen & wanted != 0 else {
            let hint =
                format == 1 && seen & Top.schoolYears != 0
                ? " (\"schoolYears\" is tidlig/2: write \"format\": \"tidlig/2\")"
                : format == 2 && seen & Top.calendar != 0
                    ? " (tidlig/2 gives each year's calendar in \"schoolYears\")" : ""
            throw JSONFailure(
                offset: first?.0 ?? open, message: "missing required field \"\(name)\"\(hint)")
        }
        if let (offset, bit) = first,
            bit != wanted
                || seen & (Top.calendar | Top.schoolYears) == Top.calendar | Top.schoolYears
        {
            let other = wanted == Top.calendar ? "schoolYears" : "calendar"
            throw JSONFailure(
                offset: bit != wanted ? offset : open,
                message:
                    "\"\(other)\" does not belong in a tidlig/\(format) file; it has \"\(name)\"")
        }
    }

    mutating func resetColumns() {
        students = StudentColumns()
        absence = AbsenceColumns()
        documents = DocumentColumns()
        involvements = InvolvementColumns()
        enrolments = EnrolmentColumns()
        problems = []
        problemRows = []
        capacityReserved = false
    }

    // format = '"tidlig/1"' / '"tidlig/2"'
    private mutating func readFormat() throws(JSONFailure) -> Int {
        let start = s.pos
        let expected = "\"tidlig/1\" or \"tidlig/2\" (the formats this version reads)"
        if s.peek() == UInt8(ascii: "\"") {
            let text = try s.string(try s.scanString())
            if text == "tidlig/1" { return 1 }
            if text == "tidlig/2" { return 2 }
        }
        s.pos = start
        throw s.typeFailure(expected: expected)
    }

    /// Refuses a key that appears twice in one object (which value would count?).
    @inline(__always) func once(_ seen: inout UInt8, _ bit: UInt8, _ key: JSONKey)
        throws(JSONFailure)
    {
        guard seen & bit == 0 else { throw s.duplicateKeyFailure(key) }
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
    static let consentGivers: [StaticString] = ["guardians", "student", "both"]
    static let stages: [StaticString] = ["primary", "lower-secondary", "combined"]
    static let serviceKinds: [StaticString] = [
        "ppt", "school-health", "mental-health-family", "child-welfare", "slt", "attendance-team",
        "prevention-team", "other",
    ]
    static let documentKinds: [StaticString] = [
        "concern", "cause-mapping", "action-plan", "measure", "evaluation", "meeting", "assessment",
        "referral",
        "other",
    ]
    static let qualities: [StaticString] = ["described", "brief", "unclear"]
    static let coverages: [StaticString] = ["full", "partial"]
    static let initiators: [StaticString] = ["school", "family", "service", "other"]
    static let sections: [StaticString] = [
        "situation", "best-interest", "measures", "schedule", "responsible", "evaluate-by",
    ]
}
