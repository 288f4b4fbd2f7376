/// The involvement-delay table of `delays` and `report`: one row per service or school.
enum DelayTable {
    static func make(
        _ summaries: [DelaySummary], firstColumn: String, labels: [String],
        context: EvaluationContext
    ) -> ResultTable {
        func number(_ v: Int?) -> Value { v.map(Value.int) ?? .null }
        func median(_ v: [Int]) -> Value { Statistics.median(v).map(Value.number) ?? .null }
        let rows: [[Value]] = zip(labels, summaries).map { label, s in
            [
                .string(label), .int(s.crossed), .int(s.involved), .int(s.notInvolved),
                median(s.waiting),
                median(s.calendarDelays), number(Statistics.percentile(s.calendarDelays, 75)),
                number(Statistics.percentile(s.calendarDelays, 90)), number(s.calendarDelays.last),
                median(s.schoolDayDelays), number(Statistics.percentile(s.schoolDayDelays, 75)),
                number(Statistics.percentile(s.schoolDayDelays, 90)),
                number(s.schoolDayDelays.last),
                s.involved == 0
                    ? .null : .number(100 * Double(s.familyInitiated) / Double(s.involved)),
            ]
        }
        return ResultTable(
            columns: [
                .init(firstColumn), .number("crossed"), .number("involved"), .number("not yet"),
                .number("waiting"),
                .number("median"), .number("p75"), .number("p90"), .number("max"),
                .number("median sd"), .number("p75 sd"), .number("p90 sd"), .number("max sd"),
                .number("family %"),
            ],
            rows: rows,
            notes: [
                "delays in calendar days from crossing \(context.threshold) days (sd: school days); "
                    + "waiting: median days so far of those not yet involved; as of \(context.asOf)",
                "plain figures: median and percentiles over the involved only (nearest rank)",
            ])
    }
}
