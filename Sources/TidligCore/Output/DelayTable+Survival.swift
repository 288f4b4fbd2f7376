/// The censoring-aware figures of `delays` and the reports: the Kaplan-Meier estimate per service.
extension DelayTable {
    /// The days after the crossing at which "share involved within" is reported.
    static let withinDays = [30, 60, 90]

    /// Kaplan-Meier median, p75, p90 (or "not reached") and the share involved within 30, 60
    /// and 90 days, one row per summary.
    static func survival(
        _ summaries: [DelaySummary], firstColumn: String, labels: [String],
        context: EvaluationContext
    ) -> ResultTable {
        let rows: [[Value]] = zip(labels, summaries).map { label, s in
            [.string(label), .int(s.crossed), .int(s.involved), .int(s.notInvolved)]
                + survivalCells(s)
        }
        return ResultTable(
            columns: [
                .init(firstColumn), .number("crossed"), .number("involved"), .number("censored"),
            ]
                + survivalColumns,
            rows: rows, notes: survivalNotes(context))
    }

    static var survivalColumns: [ResultTable.Column] {
        [
            .number("km median", decimals: 0), .number("km p75", decimals: 0),
            .number("km p90", decimals: 0),
        ]
            + withinDays.map { .number("within \($0) %") }
    }

    /// The Kaplan-Meier cells of one summary: nothing when no one crossed.
    static func survivalCells(_ s: DelaySummary) -> [Value] {
        let km = s.kaplanMeier
        guard km.count > 0 else { return Array(repeating: .null, count: 3 + withinDays.count) }
        let quantiles: [Value] = [50, 75, 90].map { p in
            km.percentile(p).map(Value.int) ?? .string("not reached")
        }
        return quantiles
            + withinDays.map { days in km.involved(within: days).map { .number(100 * $0) } ?? .null
            }
    }

    static func survivalNotes(_ context: EvaluationContext) -> [String] {
        [
            "Kaplan-Meier time to involvement in calendar days from crossing \(context.threshold) days: "
                + "students still waiting count as censored on \(context.asOf), not dropped;",
            "not reached: fewer than that share involved by the end of the follow-up; "
                + "within N %: estimated share involved within N days (blank: past the follow-up)",
        ]
    }

    /// The plain and the Kaplan-Meier figures as one table, for CSV and JSON.
    static func merged(
        _ summaries: [DelaySummary], firstColumn: String, labels: [String],
        context: EvaluationContext
    ) -> ResultTable {
        var plain = make(summaries, firstColumn: firstColumn, labels: labels, context: context)
        plain.columns += survivalColumns
        for (index, summary) in summaries.enumerated() {
            plain.rows[index] += survivalCells(summary)
        }
        return plain
    }
}
