/// `students where days >= 15 order by days desc limit 10`: lists students with their figures.
public struct ListCommand: Command {
    public static let name = "students"
    public static let summary = "list students, filtered and ordered"
    public static let usage =
        "students [where CONDITION] [order by FIELD [desc], ...] [limit N] [with FIELD, ...] [as of DATE]"
    public static let details = """
        Lists the selected students with id, school, grade, days, hours, percent and the
        crossing date of the threshold in force. 'with' adds columns; a name made with 'let'
        can stand in for 'students'.

        Examples:
          students where days >= 15 and stage = "lower-secondary" order by days desc limit 10
          students where percent >= 10 as of 2025-01-31
          students where recent(4) >= 5 with recent(4), streak
          let risk = students where days >= 15 and not involved(ppt)
          risk order by percent desc
        """

    public var query: Query

    public static func parse(_ parser: inout Parser, keyword: Token) throws(ParseFailure)
        -> ListCommand
    {
        ListCommand(query: try parser.query(.listing))
    }

    public func run(in session: Session) throws {
        let selection = try session.select(query)
        let evaluator = Evaluator(context: selection.context)
        let context = selection.context
        var extra: [(String, CompiledExpression)] = []
        for expression in query.columns + query.order.map(\.expression) {
            let heading = query.text(of: expression)
            if ListCommand.defaultColumns.contains(heading)
                || extra.contains(where: { $0.0 == heading })
            {
                continue
            }
            extra.append((heading, try evaluator.compile(expression)))
        }
        var columns: [ResultTable.Column] = [
            .init("id"), .init("school"), .number("grade"), .number("days"), .number("hours"),
            .number("percent"), .init("crossing(\(context.threshold))"),
        ]
        columns += extra.map {
            ResultTable.Column($0.0, decimals: 1, rightAligned: $0.1.type.isNumeric)
        }
        let rows = selection.rows
        // Arithmetic in a 'with' column that overflows for some student stops the statement
        // here, before anything is written; the rows below then evaluate without failing.
        for (n, row) in rows.enumerated() {
            if n & 0xFFFF == 0 { try Cancellation.check() }
            for column in extra { _ = try column.1.evaluate(Int(row)) }
        }
        let threshold = context.threshold
        let data = context.data
        // Rows are made while they are written: a million-student listing is never held whole.
        let source = ResultTable.RowSource(count: rows.count) { n in
            let row = Int(rows[n])
            var cells: [Value] = [
                .string(data.students.ids[row]),
                .string(data.schools[Int(data.students.school[row])].id),
                .int(Int(data.students.grade[row])),
                .int(Int(context.totals.days[row])),
                .number(context.totals.hours[row]),
                .number(context.percent(row)),
                data.crossingDate(row: row, days: threshold, asOf: context.asOf).map(Value.date)
                    ?? .null,
            ]
            cells += extra.map { (try? $0.1.evaluate(row)) ?? .null }
            return cells
        }
        let note = "\(selection.countText), as of \(context.asOf)"
        var table = ResultTable(columns: columns, notes: [note])
        table.source = source
        session.emit(table)
    }

    static let defaultColumns: Set<String> = ["id", "school", "grade", "days", "hours", "percent"]
}
