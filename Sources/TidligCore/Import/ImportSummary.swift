/// What an import read and refused: printed after an import and by `import --dry-run`.
///
/// Holds counts, code values and line numbers only: never a name, a number or free text.
public struct ImportSummary: Sendable {
    public struct FileRead: Sendable {
        public var table: ImportLayout.Table
        public var file: String
        public var encoding: String
        public var rows = 0
    }

    /// Rows of one file refused for one reason.
    public struct Refusal: Sendable {
        public var file: String
        public var reason: String
        public var lines: [Int]
    }

    public var files: [FileRead] = []
    public var students = 0
    public var schools = 0
    public var years: [String] = []
    public var days = 0
    public var hourRegistrations = 0
    public var leave = 0
    public var late = 0
    public var notAbsence = 0
    public var consents = 0
    /// Code column -> each value met and its rows.
    public var codes: [(column: String, values: [(value: String, rows: Int)])] = []
    public var refused: [Refusal] = []
    public var format = "tidlig/1"
    public var asOfFromData = false

    /// Rows refused in all files.
    public var refusedRows: Int { refused.reduce(0) { $0 + $1.lines.count } }

    /// The report, one fact a line.
    public func render(asOf: Day) -> String {
        var lines: [String] = []
        for file in files {
            lines.append(
                "\(file.table.rawValue): \(file.file): \(file.rows) rows (\(file.encoding))")
        }
        lines.append(
            "students: \(students) in \(schools) schools; school years: \(years.joined(separator: ", "))"
        )
        lines.append(
            "absence: \(days) whole days, \(hourRegistrations) hour registrations; kept apart, not counted as absence: "
                + "\(leave) leave (permisjon), \(late) late arrivals (forsentkomming)"
                + (notAbsence > 0 ? "; \(notAbsence) rows not absence, skipped" : ""))
        if files.contains(where: { $0.table == .consents }) {
            lines.append("consents: \(consents)")
        }
        for (column, values) in codes where !values.isEmpty {
            let shown = values.map { "\($0.value.isEmpty ? "(empty)" : $0.value) \($0.rows)" }
                .joined(separator: ", ")
            lines.append("codes in \(column): \(shown)")
        }
        if refused.isEmpty {
            lines.append("refused: none")
        } else {
            lines.append("refused: \(refusedRows) rows")
            for refusal in refused {
                let shown = refusal.lines.prefix(20).map(String.init).joined(separator: ", ")
                let more = refusal.lines.count > 20 ? " and \(refusal.lines.count - 20) more" : ""
                lines.append(
                    "  \(refusal.file): \(refusal.reason): \(refusal.lines.count == 1 ? "line" : "lines") \(shown)\(more)"
                )
            }
        }
        lines.append(
            "as of \(asOf)\(asOfFromData ? " (the last registration; --as-of sets it)" : ""); format \(format)"
        )
        return lines.joined(separator: "\n")
    }
}
