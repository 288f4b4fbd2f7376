/// `timeline ID under POLICY`: one student's simulated steps beside the recorded ones.
struct PolicyTimeline {
    let row: Int
    let context: EvaluationContext
    let simulated: Simulation
    /// The policy `actual` replayed: what the data records.
    let actual: Simulation
    let label: String

    init(
        row: Int, context: EvaluationContext, label: String, simulated: Simulation,
        actual: Simulation
    ) {
        self.row = row
        self.context = context
        self.label = label
        self.simulated = simulated
        self.actual = actual
    }

    /// One row per step or service of either: due and done under the policy, recorded, and the difference.
    func table() -> ResultTable {
        let data = context.data
        let keys = simulated.policy.rowKeys
        var all = keys
        for (index, key) in actual.policy.rowKeys.enumerated()
        where !all.contains(key) && actual.done(key: index, row: row) <= context.asOf {
            all.append(key)
        }
        let rows: [[Value]] = all.map { key in
            let mine = keys.firstIndex(of: key)
            let theirs = actual.policy.rowKeys.firstIndex(of: key)
            let who: String =
                mine.map {
                    $0 < simulated.policy.steps.count
                        ? simulated.policy.steps[$0].who : "first step with it"
                } ?? ""
            let due = mine.flatMap {
                $0 < simulated.policy.steps.count ? shown(simulated.due[$0][row]) : nil
            }
            let done = mine.flatMap { shown(simulated.done(key: $0, row: row)) }
            let recorded = theirs.flatMap { shown(actual.done(key: $0, row: row)) }
            var difference = Value.null
            if let done, let recorded { difference = .int(data.schoolDaysBetween(recorded, done)) }
            return [
                .string(key), .string(who), due.map(Value.date) ?? .null,
                done.map(Value.date) ?? .null,
                recorded.map(Value.date) ?? .null, difference,
            ]
        }
        return ResultTable(
            columns: [
                .init("step"), .init("who"), .init("due"), .init("under \(simulated.policy.label)"),
                .init("recorded"), .number("school days earlier (-) or later"),
            ],
            rows: rows, notes: notes())
    }

    private func shown(_ day: Day) -> Day? { day <= context.asOf ? day : nil }

    private func notes() -> [String] {
        let id = context.data.students.ids[row]
        let crossing = context.data.crossingDate(
            row: row, days: context.threshold, asOf: context.asOf)
        let crossed =
            crossing.map { "\(id) crossed \(context.threshold) days on \($0)" }
            ?? "\(id) has not crossed \(context.threshold) days"
        return [
            crossed
                + "; as of \(context.asOf): a blank date has not happened (or is not due) by then",
            "recorded: the folder's first document of the kind, or the service's involvement (policy 'actual')",
        ]
    }
}
