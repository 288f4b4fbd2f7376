/// The censoring-aware figures of `delays`: the Kaplan-Meier estimate per service.
extension DelaysCommand {
    /// Writes the plain table and the Kaplan-Meier one (merged into one for CSV and JSON).
    static func emit(
        _ summaries: [DelaySummary], firstColumn: String, labels: [String],
        context: EvaluationContext, session: Session
    ) {
        switch session.settings.format {
        case .csv, .json:
            session.emit(
                DelayTable.merged(
                    summaries, firstColumn: firstColumn, labels: labels, context: context))
        case .table, .markdown:
            session.emit(
                DelayTable.make(
                    summaries, firstColumn: firstColumn, labels: labels, context: context))
            session.output.write("\n")
            session.emit(
                DelayTable.survival(
                    summaries, firstColumn: firstColumn, labels: labels, context: context))
        }
    }

    /// The step chart of the share involved over the days after the crossing.
    static func stepChart(_ summary: DelaySummary, service: String, threshold: Int) -> String {
        let km = summary.kaplanMeier
        guard let horizon = km.horizon else { return "" }
        return StepChart.render(
            title:
                "\(service): share involved, days after crossing \(threshold) days (Kaplan-Meier)",
            from: 0, to: max(horizon, 1)
        ) { km.involved(within: $0) }
    }
}
