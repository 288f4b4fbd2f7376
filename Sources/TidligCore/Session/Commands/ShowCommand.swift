/// `show ID`: one student's absence summary, a week-by-week picture, folder and involvements.
public struct ShowCommand: Command {
    public static let name = "show"
    public static let summary = "one student: figures, week by week, folder, involvements"
    public static let usage = "show ID [as of DATE]"
    public static let details = """
        The summary as of the date in force, one line per school week (D documented day,
        U undocumented day, h hours, . present, - no school), then the folder documents and the
        involvements of services in date order.

        Example:
          show S0000042
        """

    public var id: Token
    public var asOf: (Day, SourceSpan)?

    public static func parse(_ parser: inout Parser, keyword: Token) throws(ParseFailure)
        -> ShowCommand
    {
        let (id, asOf) = try parser.studentTarget()
        return ShowCommand(id: id, asOf: asOf)
    }

    public static func complete(_ request: CompletionRequest) -> [String]? {
        request.arguments.isEmpty ? request.studentIDs : ["as", "of"]
    }

    public func run(in session: Session) throws {
        let context = try session.context(asOf: asOf)
        let row = try session.studentRow(id)
        var lines = StudentReport(row: row, context: context).lines()
        lines.append("")
        session.output.write(lines.joined(separator: "\n"))
    }
}
