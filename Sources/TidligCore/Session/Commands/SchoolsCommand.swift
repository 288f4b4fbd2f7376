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

    public static func parse(_ parser: inout Parser, keyword: Token) throws(ParseFailure) -> SchoolsCommand {
        var query = try parser.query([], defaultSource: true)
        if case .named = query.source {} else { query.source = .students(keyword.span) }
        return SchoolsCommand(query: query)
    }

    /// Sums for one school, or for all.
    struct Tally {
        var students = 0, days = 0, atThreshold = 0, aboveTenPercent = 0
        var hours = 0.0

        mutating func add(_ row: Int, _ context: EvaluationContext) {
            students += 1
            days += Int(context.totals.days[row])
            hours += context.totals.hours[row]
            if Int(context.totals.days[row]) >= context.threshold { atThreshold += 1 }
            if context.percent(row) > 10 { aboveTenPercent += 1 }
        }

        func cells(_ id: String, _ name: String) -> [Value] {
            let n = Double(students)
            return [.string(id), .string(name), .int(students),
                    students == 0 ? .null : .number(Double(days) / n),
                    students == 0 ? .null : .number(hours / n),
                    .int(atThreshold), .int(aboveTenPercent)]
        }
    }

    public func run(in session: Session) throws {
        session.emit(try table(session))
    }

    func table(_ session: Session) throws -> ResultTable {
        let selection = try session.select(query)
        let context = selection.context
        var tallies = [Tally](repeating: Tally(), count: context.data.schools.count)
        var total = Tally()
        // Table 1 lists every school; a selection lists the schools it has students in.
        let selective: Bool
        if case .named = query.source { selective = true } else { selective = query.filter != nil }
        for row in selection.rows.map(Int.init) {
            tallies[Int(context.data.students.school[row])].add(row, context)
            total.add(row, context)
        }
        return ResultTable(
            columns: [.init("school"), .init("name"), .number("students"), .number("days/student"),
                      .number("hours/student"), .number(">= \(context.threshold) days"), .number("> 10 %")],
            rows: context.data.schools.indices.filter { tallies[$0].students > 0 || !selective }.map {
                tallies[$0].cells(context.data.schools[$0].id, context.data.schools[$0].name)
            },
            footer: [total.cells("", "Total")],
            notes: ["as of \(context.asOf); days and hours are means per student"]
        )
    }
}
