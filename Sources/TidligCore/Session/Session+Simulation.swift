extension Session {
    /// Binds a scenario to the loaded data and replays the year up to `end`.
    func simulation(_ scenario: Scenario, end: Day) throws -> Simulation {
        _ = try requireData(scenario.policy.span)
        let data = try self.data(asOf: end)
        let policy = try policies.policy(for: scenario, data: data)
        return try Simulation(
            try BoundPolicy(policy, scenario: scenario, data: data), data: data, end: end)
    }

    /// The selection a `for` clause names, or every student.
    func selection(_ query: Query?, at span: SourceSpan) throws -> Selection {
        try select(query ?? Query(source: .students(span), span: span, statement: ""))
    }

    /// `timeline ID under SCENARIO`: the student's simulated steps beside what the data records.
    func policyTimeline(row: Int, context: EvaluationContext, scenario: Scenario) throws
        -> PolicyTimeline
    {
        PolicyTimeline(
            row: row, context: context, label: scenario.text,
            simulated: try simulation(scenario, end: context.asOf),
            actual: try simulation(.actual(at: scenario.policy.span), end: context.asOf))
    }
}
