/// `count students where days > 60 by stage`: how many, in all or per group, with figures.
public struct CountCommand: Command {
    public static let name = "count"
    public static let summary =
        "count students, in all or by one or two fields, with sums, means, medians"
    public static let usage =
        "count students [where CONDITION] [by FIELD [, FIELD]] [with FIGURE, ...] "
        + "[order by COLUMN [desc]] [as of DATE]"
    public static let details = """
        Without 'by', prints the number. With 'by', one row per value of the field (every school
        and stage of the data, those with no students too, in the order 'schools' lists them)
        and a total. 'by A, B' is a cross-tab: A down, B across, totals on both sides.
        'band(FIELD, B1, B2, ...)' groups a number into bands: B1-(B2-1), ..., the last and up.
        'with' adds figures of any numeric field: sum, avg, median, min, max (a cross-tab shows
        one). 'order by' sorts the groups by any column: the field, students, or a figure.

        Examples:
          count students where days > 60
          count students where days > 60 by stage
          count students where days >= 15 by school as of 2025-01-31
          count students where grade = 10 by school with median(days), avg(days)
          count students by school with avg(days) order by avg(days) desc
          count students by band(days, 0, 5, 15, 30, 60)
          count students where days >= 15 by school, stage
        """

    public var query: Query

    public static func parse(_ parser: inout Parser, keyword: Token) throws(ParseFailure)
        -> CountCommand
    {
        CountCommand(query: try parser.query([.by, .crossTab, .with, .order]))
    }

    public func run(in session: Session) throws {
        var perStudent = query
        perStudent.order = []  // 'order by' sorts the groups, not the students
        let selection = try session.select(perStudent)
        let evaluator = Evaluator(context: selection.context)
        let figures = try query.columns.map { expression throws(Diagnostic) in
            try aggregate(expression, evaluator)
        }
        guard let by = query.groupBy else {
            guard query.order.isEmpty else {
                throw Diagnostic(
                    "'order by' sorts groups; add 'by FIELD'", at: query.order[0].expression.span)
            }
            var row: [Value] = [.int(selection.rows.count)]
            row += try figures.map { try $0.figure(selection.rows) }
            session.emit(
                ResultTable(columns: [.number("students")] + figures.map(column), rows: [row]))
            return
        }
        let key = try groupKey(by, evaluator)
        if let across = query.crossBy {
            guard figures.count <= 1 else {
                throw Diagnostic(
                    "a cross-tab shows one figure", at: query.columns[1].span,
                    note: "drop all but one of the 'with' figures, or group by one field")
            }
            let table = try crossTab(
                selection.rows, key, try groupKey(across, evaluator), figures.first)
            session.emit(table)
            return
        }
        let groups = try grouped(selection.rows, key)
        var rows = try groups.map { value, members in
            [value, .int(members.count)] + (try figures.map { try $0.figure(members) })
        }
        let columns =
            [ResultTable.Column(key.heading, rightAligned: key.rightAligned), .number("students")]
            + figures.map(column)
        rows = try sorted(rows, columns)
        let total =
            [.string("total"), .int(selection.rows.count)]
            + (try figures.map { try $0.figure(selection.rows) })
        session.emit(ResultTable(columns: columns, rows: rows, footer: [total]))
    }

    func column(_ figure: Aggregate) -> ResultTable.Column { .number(figure.heading) }

    /// Puts rows in groups, in the key's order, with every value of its domain.
    func grouped(_ rows: [Int32], _ key: GroupKey) throws(Diagnostic) -> [(Value, [Int32])] {
        var members: [[Int32]] = key.domain.map { _ in [] }
        var values = key.domain
        var slot: [String: Int] = [:]
        for (index, value) in key.domain.enumerated() { slot["\(value)"] = index }
        for row in rows {
            let value = try key.value(Int(row))
            let text = "\(value)"
            if let index = slot[text] {
                members[index].append(row)
            } else {
                slot[text] = values.count
                values.append(value)
                members.append([row])
            }
        }
        let hidden = key.hiddenWhenEmpty
        return zip(values, members).filter { !($0.1.isEmpty && hidden.contains($0.0)) }
            .sorted { key.precedes($0.0, $1.0) }
    }

    /// `order by COLUMN [desc]`: the groups sorted by a column of the result, by its heading.
    func sorted(_ rows: [[Value]], _ columns: [ResultTable.Column]) throws -> [[Value]] {
        guard !query.order.isEmpty else { return rows }
        let headings = columns.map(\.name)
        let keys = try query.order.map { key throws(Diagnostic) -> (Int, Bool) in
            let text = query.text(of: key.expression).filter { $0 != " " }
            guard let index = headings.firstIndex(where: { $0.filter { $0 != " " } == text }) else {
                throw Diagnostic(
                    "'order by' names a column of the result", at: key.expression.span,
                    note: didYouMean(text, in: headings)
                        ?? "columns: \(headings.joined(separator: ", "))")
            }
            return (index, key.descending)
        }
        return rows.indices.sorted { a, b in
            for (column, descending) in keys {
                let x = rows[a][column], y = rows[b][column]
                if x == .null || y == .null {
                    if x == y { continue }
                    return y == .null
                }
                guard let c = Value.compare(x, y), c != 0 else { continue }
                return descending ? c > 0 : c < 0
            }
            return a < b
        }.map { rows[$0] }
    }
}
