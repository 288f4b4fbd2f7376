/// The audit's Table 1, as `schools` and `report` write it: students, mean days and hours per
/// student, per school and in total.
enum SchoolTable {
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
            return [
                .string(id), .string(name), .int(students),
                students == 0 ? .null : .number(Double(days) / n),
                students == 0 ? .null : .number(hours / n),
                .int(atThreshold), .int(aboveTenPercent),
            ]
        }
    }

    /// The table for the students `query` selected.
    static func make(_ selection: Selection, query: Query) -> ResultTable {
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
            columns: [
                .init("school"), .init("name"), .number("students"), .number("days/student"),
                .number("hours/student"), .number(">= \(context.threshold) days"),
                .number("> 10 %"),
            ],
            rows: context.data.schools.indices.filter { tallies[$0].students > 0 || !selective }.map
            {
                tallies[$0].cells(context.data.schools[$0].id, context.data.schools[$0].name)
            },
            footer: [total.cells("", "Total")],
            notes: ["as of \(context.asOf); days and hours are means per student"]
        )
    }
}
