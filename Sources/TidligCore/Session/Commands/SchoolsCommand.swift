/// `schools`: the audit's Table 1 — students, mean days and hours per student, per school and in total.
public struct SchoolsCommand: Command {
    public static let name = "schools"
    public static let summary = "absence per school, as in the audit's Table 1"
    public static let usage = "schools [where CONDITION] [as of DATE]"
    public static let details = """
        Per school: students, mean whole days and mean hours of absence per student (one
        decimal), the number at or above the action threshold in force, and the number above
        10 %; then the total. 'where' restricts the students counted.

        Examples:
          schools
          schools where stage = "lower-secondary"
          schools as of 2025-01-31
        """

    public var query: Query

    public static func parse(_ parser: inout Parser, keyword: Token) throws(ParseFailure)
        -> SchoolsCommand
    {
        var query = try parser.query([], defaultSource: true)
        if case .named = query.source {} else { query.source = .students(keyword.span) }
        return SchoolsCommand(query: query)
    }

    public func run(in session: Session) throws {
        session.emit(SchoolTable.make(try session.select(query), query: query))
    }
}
