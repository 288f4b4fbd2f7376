/// `fields`: the fields a condition, an `order by` or a `with` can use.
public struct FieldsCommand: Command {
    public static let name = "fields"
    public static let summary = "list the fields of a student that queries can use"
    public static let usage = "fields"
    public static let details =
        "Lists every field with its type and meaning. Fields are computed as of the date in force."

    public static func parse(_ parser: inout Parser, keyword: Token) throws(ParseFailure)
        -> FieldsCommand
    { FieldsCommand() }

    public func run(in session: Session) throws {
        session.emit(FieldTable.make())
    }
}
