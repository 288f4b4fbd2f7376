/// `audit students where days > 60`: the Nes audit's folder findings for any selection;
/// `audit ID`: one student's gaps in words.
public struct AuditCommand: Command {
    public static let name = "audit"
    public static let summary =
        "folder audit: causes, measures, template, evaluation, documentation"
    public static let usage =
        "audit (students | NAME) [where CONDITION] [by school] [window FROM to TO] [little N] [as of DATE]  |  audit ID"
    public static let details = """
        Counts, for the selected students, what their folders (elevmapper) document in the
        audit window (DOMAIN.md): causes described / partial / missing, measures documented,
        the municipal template used, evaluation full / partial / none, little documentation
        (at most 2 documents, 'little N' to change), and plans whose evaluation is overdue.
        The default window runs from 1 January of the year the school year starts to the date
        in force; 'window FROM to TO' or 'set window' changes it. 'by school' gives one row per
        school. With a student id, lists that student's gaps in words.

        Examples:
          audit students where days > 60
          audit students where days > 60 by school
          audit students where days >= 15 window 2024-08-01 to 2025-06-20 little 3
          audit S0000042
        """

    enum Target {
        case selection(Query)
        case student(Token)
    }

    var target: Target

    public static func parse(_ parser: inout Parser, keyword: Token) throws(ParseFailure)
        -> AuditCommand
    {
        let next = try parser.peek()
        if next.isKeyword("students") || next.isKeyword("student") {
            return AuditCommand(target: .selection(try parser.query([.by, .window])))
        }
        var copy = parser
        let word = try copy.word("'students', a name made with 'let', or a student id")
        if copy.atEnd { parser = copy; return AuditCommand(target: .student(word)) }
        return AuditCommand(target: .selection(try parser.query([.by, .window])))
    }

    public func run(in session: Session) throws {
        switch target {
        case .student(let id):
            if session.named[id.text] != nil {
                return try audit(
                    Query(source: .named(id.text, id.span), span: id.span, statement: id.text),
                    session)
            }
            let context = try session.context(asOf: nil)
            let row = try session.studentRow(id)
            session.output.write(
                AuditGaps(row: row, context: context).lines().joined(separator: "\n") + "\n")
        case .selection(let query):
            try audit(query, session)
        }
    }

    private func audit(_ query: Query, _ session: Session) throws {
        let selection = try session.select(query)
        if let by = query.groupBy {
            session.emit(try AuditTable.bySchool(selection, by: by, query: query))
        } else {
            session.emit(AuditTable.findings(selection))
        }
    }
}
