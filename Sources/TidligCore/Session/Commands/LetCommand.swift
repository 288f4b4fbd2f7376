/// `let risk = students where days >= 15`: keeps a selection under a name for later commands.
public struct LetCommand: Command {
    public static let name = "let"
    public static let summary = "keep a selection of students under a name"
    public static let usage =
        "let NAME = students [where CONDITION] [order by ...] [limit N] [as of DATE]"
    public static let details = """
        The name then stands for those students: list them by typing the name, use it instead
        of 'students' in other commands, or test 'id in NAME'. A new 'load' forgets names.

        Examples:
          let risk = students where days >= 15 and not involved(ppt)
          risk order by days desc limit 5
          count risk by school
          students where id in risk and grade >= 8
        """

    public var name: Token
    public var query: Query

    public static func parse(_ parser: inout Parser, keyword: Token) throws(ParseFailure)
        -> LetCommand
    {
        let name = try parser.advance()
        guard name.kind == .identifier else {
            throw parser.unexpected(name, expected: "a name for the result")
        }
        let reserved =
            CommandRegistry.words + ["students", "student"] + FieldCatalog.all.map(\.name)
        if reserved.contains(name.text.lowercased()) {
            throw .invalid(
                Diagnostic(
                    "'\(name.text)' is taken by a command or field", at: name.span,
                    note: "choose another name"))
        }
        try parser.expectSymbol("=")
        return LetCommand(name: name, query: try parser.query([.order, .limit]))
    }

    public func run(in session: Session) throws {
        let selection = try session.select(query)
        session.named[name.text] = NamedResult(
            rows: selection.rows, studentCount: selection.context.data.studentCount,
            text: query.text)
        session.say("\(name.text): \(selection.countText)")
    }
}
