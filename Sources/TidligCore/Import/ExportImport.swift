/// Reads a school system's export (students, absence, calendar, consents; CSV or XLSX) into
/// `ImportedData`, pseudonymising every student at the door.
///
/// Rows that cannot be used as facts about a known student (a fødselsnummer that fails its
/// check digits, a student missing from the student file, a date outside every school year
/// or after `--as-of`) are refused and reported with their line numbers; anything that
/// shows the layout is not understood (a missing column, an unknown code, a value that is not
/// a date or a number) stops the import, since guessing would give silent zeros.
public struct ExportImport {
    /// The files of one import.
    public struct Files: Sendable {
        public var students: String
        public var absence: String
        public var calendar: String
        public var consents: String?
        public init(students: String, absence: String, calendar: String, consents: String? = nil) {
            self.students = students
            self.absence = absence
            self.calendar = calendar
            self.consents = consents
        }
    }

    let files: Files
    let layout: ImportLayout
    /// The mapping file's name, for notes; nil for the built-in layout.
    let mappingName: String?
    let pseudonyms: Pseudonymizer
    let asOf: Day?
    /// Threads that read the absence file (stretches of at least `minimumStretch` bytes each).
    var threads = ExportImport.defaultThreads
    var minimumStretch = 1 << 20

    var data = ImportedData(asOf: Day(rawValue: 0), hoursPerDay: 6)
    var summary = ImportSummary()
    /// fødselsnummer -> student index.
    var studentIndex: [UInt64: Int32] = [:]
    /// normalized school name -> school index.
    var schoolIndex: [String: Int] = [:]
    /// Per-school closures waiting for the school list: (school name, line, year, closure).
    var pendingClosures: [(String, Int, Int, SchoolCalendar.Closure)] = []

    /// Reads the key and prepares an import of `files`.
    public init(
        files: Files, keyFile: String, layout: ImportLayout = .builtIn, mappingName: String? = nil,
        asOf: Day? = nil, municipality: String? = nil
    ) throws(ImportFailure) {
        self.files = files
        self.layout = layout
        self.mappingName = mappingName
        self.asOf = asOf
        pseudonyms = try Pseudonymizer(keyFile: keyFile, prefix: layout.idPrefix)
        data.hoursPerDay = layout.hoursPerDay
        data.municipality = municipality
    }

    /// Reads every file; throws the first failure that stops the import.
    public mutating func run() throws(ImportFailure) -> ImportResult {
        try readCalendar(try open(files.calendar, .calendar))
        try readStudents(try open(files.students, .students))
        try placeSchoolClosures()
        try readAbsence(try open(files.absence, .absence))
        if let consents = files.consents { try readConsents(try open(consents, .consents)) }
        data.asOf = asOf ?? data.registrations.lazy.map(\.date).max() ?? data.years.last!.end
        summary.asOfFromData = asOf == nil
        summary.students = data.students.count
        summary.schools = data.schools.count
        summary.years = data.years.map(\.label)
        summary.format = data.needsSeveralYears ? "tidlig/2" : "tidlig/1"
        return ImportResult(data: data, summary: summary)
    }

    /// A CSV or XLSX file as rows (XLSX by its ZIP signature, whatever the name).
    private mutating func open(_ path: String, _ table: ImportLayout.Table) throws(ImportFailure)
        -> any RowSource
    {
        if XLSXWorkbook.looksLikeXLSX(path: path) {
            let sheet = try XLSXWorkbook(path: path).firstSheet()
            summary.files.append(.init(table: table, file: path, encoding: "XLSX"))
            return sheet
        }
        let text = try TextBuffer(path: path, encoding: layout.encoding)
        summary.files.append(.init(table: table, file: path, encoding: text.encoding))
        return CSVText(
            name: path, text: text,
            separator: layout.separator ?? CSVText.guessSeparator(text.bytes))
    }

    /// Calls `body` with the header map and every data row of `source` (blank rows skipped);
    /// then records the file's rows and refusals in the summary.
    /// Records a file's rows and refusals in the summary.
    mutating func note(_ context: ImportRowContext) {
        if let index = summary.files.lastIndex(where: { $0.file == context.file }) {
            summary.files[index].rows = context.rows
        }
        summary.refused += context.refused
    }

    static func records(
        _ source: any RowSource, _ table: ImportLayout.Table, layout: ImportLayout,
        mappingName: String?,
        _ body: (inout ImportRowContext, HeaderMap, inout ExportRow) throws(ImportFailure) -> Void
    ) throws(ImportFailure) -> ImportRowContext {
        var header: HeaderMap?
        var context = ImportRowContext(file: source.name)
        try source.forEachRow { (row: inout ExportRow) throws(ImportFailure) in
            if row.isBlank { return }
            guard let map = header else {
                header = try HeaderMap(
                    header: row, table: table, layout: layout, file: source.name,
                    mappingName: mappingName)
                return
            }
            context.rows += 1
            try body(&context, map, &row)
        }
        guard header != nil else {
            throw ImportFailure(file: source.name, message: "the file is empty: no header line")
        }
        return context
    }

    /// The student index of the row's fødselsnummer, or nil when the row is refused.
    func student(_ row: ExportRow, _ field: Int, _ context: inout ImportRowContext, file: String)
        -> Int32?
    {
        // Only valid numbers are in the index: a plain 11 digits found there needs no more checks.
        if let plain = NationalID.plainDigits(row.field(field)), let index = studentIndex[plain] {
            return index
        }
        guard let number = NationalID.parse(row.field(field)) else {
            context.refuse(
                row.line,
                row.field(field).isEmpty
                    ? "no fødselsnummer" : "fødselsnummer fails its check digits")
            return nil
        }
        guard let index = studentIndex[number] else {
            context.refuse(row.line, "fødselsnummer not in the student file")
            return nil
        }
        return index
    }

    /// A date in a required or optional column; a value that is no date stops the import.
    func date(_ row: ExportRow, _ field: Int?, _ column: String, file: String, required: Bool)
        throws(ImportFailure) -> Day?
    {
        guard let field else { return nil }
        let bytes = row.field(field)
        if bytes.isEmpty {
            guard required else { return nil }
            throw ImportFailure(
                file: file, line: row.line, message: "column \(column) is empty",
                note: "a date is needed here")
        }
        guard let day = layout.dateFormat.parse(bytes) else {
            throw ImportFailure(
                file: file, line: row.line, message: "column \(column) does not hold a date",
                note:
                    "dates are written \(layout.dateFormat.pattern) (or yyyy-mm-dd); a mapping file sets date-format"
            )
        }
        return day
    }

    /// The header a column was found under, for messages.
    func header(_ table: ImportLayout.Table, _ key: String) -> String {
        layout.column(table, key).headers[0]
    }
}

/// Counters and refusals while reading one file.
struct ImportRowContext {
    let file: String
    var rows = 0
    var refused: [ImportSummary.Refusal] = []

    mutating func refuse(_ line: Int, _ reason: String) {
        if let index = refused.firstIndex(where: { $0.reason == reason }) {
            refused[index].lines.append(line)
        } else {
            refused.append(.init(file: file, reason: reason, lines: [line]))
        }
    }

    /// Adds the rows and refusals of the next stretch of the file, its lines moved by `lineOffset`.
    mutating func merge(_ next: ImportRowContext, lineOffset: Int) {
        rows += next.rows
        for refusal in next.refused {
            let lines = refusal.lines.map { $0 + lineOffset }
            if let index = refused.firstIndex(where: { $0.reason == refusal.reason }) {
                refused[index].lines += lines
            } else {
                refused.append(.init(file: file, reason: refusal.reason, lines: lines))
            }
        }
    }
}

/// The data read and what the import says about it.
public struct ImportResult {
    var data: ImportedData
    public var summary: ImportSummary
}
