/// `count students where days > 60 by stage`: how many, in all or per group.
public struct CountCommand: Command {
    public static let name = "count"
    public static let summary = "count students, in all or by a field"
    public static let usage = "count students [where CONDITION] [by FIELD] [as of DATE]"
    public static let details = """
        Without 'by', prints the number. With 'by', one row per value of the field, and a total.

        Examples:
          count students where days > 60
          count students where days > 60 by stage
          count students where days >= 15 by school as of 2025-01-31
        """

    public var query: Query

    public static func parse(_ parser: inout Parser, keyword: Token) throws(ParseFailure) -> CountCommand {
        CountCommand(query: try parser.query([.by]))
    }

    public func run(in session: Session) throws {
        let selection = try session.select(query)
        guard let by = query.groupBy else {
            session.emit(ResultTable(columns: [.number("students")], rows: [[.int(selection.rows.count)]]))
            return
        }
        let key = try Evaluator(context: selection.context).compile(by)
        var counts: [(Value, Int)] = []
        var slot: [String: Int] = [:]
        for row in selection.rows {
            let value = key.evaluate(Int(row))
            let text = "\(value)"
            if let index = slot[text] {
                counts[index].1 += 1
            } else {
                slot[text] = counts.count
                counts.append((value, 1))
            }
        }
        counts.sort { a, b in
            if a.0 == .null { return false }
            if b.0 == .null { return true }
            return (Value.compare(a.0, b.0) ?? 0) < 0
        }
        let heading = query.text(of: by)
        let result = ResultTable(
            columns: [ResultTable.Column(heading, rightAligned: key.type.isNumeric), .number("students")],
            rows: counts.map { [$0.0, .int($0.1)] },
            footer: [[.string("total"), .int(selection.rows.count)]]
        )
        session.emit(result)
    }
}
