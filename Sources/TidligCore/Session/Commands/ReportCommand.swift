/// `report FILE [for SELECTION]`: Table 1, the folder audit and the delays as one Markdown file.
public struct ReportCommand: Command {
    public static let name = "report"
    public static let summary = "write Table 1, the audit and the delays for a selection to a Markdown file"
    public static let usage = "report FILE [students | NAME] [where CONDITION] [as of DATE]"
    public static let details = """
        Writes a Markdown file (mode 0600, replaced whole) that a municipality can attach to a
        case: the selection, absence per school (Table 1), the folder audit, and the involvement
        delays of every service, with the date, threshold and window used.

        Examples:
          report high-absence.md students where days > 60
          report risk.md risk
        """

    var path: Token
    var query: Query

    public static func parse(_ parser: inout Parser, keyword: Token) throws(ParseFailure) -> ReportCommand {
        let path = try parser.word("a file name for the report")
        return ReportCommand(path: path, query: try parser.query([], defaultSource: true))
    }

    public func run(in session: Session) throws {
        let selection = try session.select(query)
        let context = selection.context
        let data = context.data
        let delays = try data.delays(rows: selection.rows, services: Array(data.services.indices),
                                     threshold: context.threshold, asOf: context.asOf,
                                     days: context.totals.days)
        let markdown = OutputFormat.markdown
        var text = "# Absence report: \(data.municipality ?? data.source)\n\n"
        text += "Selection: `\(query.text.isEmpty ? "students" : query.text)`, \(selection.rows.count) students, "
        text += "as of \(context.asOf), action threshold \(context.threshold) days.\n\n"
        text += "## Absence per school (Table 1)\n\n" + markdown.render(SchoolTable.make(selection, query: query)) + "\n"
        text += "## Folder audit\n\n" + markdown.render(AuditTable.findings(selection)) + "\n"
        text += "## Involvement delays\n\n"
        text += markdown.render(DelayTable.make(delays, firstColumn: "service", labels: delays.map { data.services[$0.service].id },
                                                    context: context))
        let file = FilePaths.resolve(path.text, against: session.baseDirectory)
        do { try SecureFile.write(path: file, text: text) } catch { throw SessionError.io("\(error)") }
        session.output.writeError("wrote \(path.text): \(selection.rows.count) students\n")
    }
}
