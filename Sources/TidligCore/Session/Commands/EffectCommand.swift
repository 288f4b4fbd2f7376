/// `effect of measures [SELECTION]`: absence per school week before and after each kind of
/// measure started. An observation, not a causal estimate.
public struct EffectCommand: Command {
    public static let name = "effect"
    public static let summary =
        "absence per school week before and after each kind of measure (an observation)"
    public static let usage = "effect of measures [students | NAME] [where CONDITION] [as of DATE]"
    public static let details = """
        For each kind of measure (the first action plan, the first meeting, and each
        service's involvement in the school year), the students' mean absence in day
        equivalents per school week in the 4 and the 8 school weeks before it started and
        from the day it started, the change, and how many students have both windows inside
        the school year by the date in force. A chart shows the 4-week figures.

        It is an observation, not a causal estimate: there is no comparison group, and
        absence that peaks just before a measure tends to fall back by itself.

        Examples:
          effect of measures
          effect of measures where stage = "lower-secondary"
          effect of measures where days >= 15 as of 2025-03-31
        """

    var query: Query

    // effect -> 'effect' 'of' 'measures' query

    public static func complete(_ request: CompletionRequest) -> [String]? {
        switch request.arguments.count {
        case 0: return ["of"]
        case 1 where request.arguments[0].lowercased() == "of": return ["measures"]
        default: return nil
        }
    }

    public static func parse(_ parser: inout Parser, keyword: Token) throws(ParseFailure)
        -> EffectCommand
    {
        try parser.expect("of")
        try parser.expect("measures")
        return EffectCommand(query: try parser.query([], defaultSource: true))
    }

    public func run(in session: Session) throws {
        let selection = try session.select(query)
        let context = selection.context
        let data = context.data
        let effects = data.measureEffects(rows: selection.rows, asOf: context.asOf)
        session.emit(
            EffectCommand.table(
                effects, data: data, context: context, selected: selection.rows.count))
        guard session.settings.format == .table else { return }
        var bars: [(label: String, value: Double, text: String)] = []
        for effect in effects {
            guard let window = effect.windows.first(where: { $0.weeks == 4 }),
                let before = window.before,
                let after = window.after
            else { continue }
            let label = effect.kind.label(data)
            bars.append((label + " before", before, formatDecimal(before, places: 2)))
            bars.append((label + "  after", after, formatDecimal(after, places: 2)))
        }
        guard !bars.isEmpty else { return }
        session.output.write(
            "\n"
                + BarChart.render(
                    title:
                        "day equivalents of absence per school week, 4 school weeks before and after the start",
                    bars: bars))
    }

    static func table(
        _ effects: [MeasureEffect], data: DataSet, context: EvaluationContext, selected: Int
    ) -> ResultTable {
        func figure(_ value: Double?) -> Value { value.map(Value.number) ?? .null }
        var rows: [[Value]] = []
        for effect in effects {
            for window in effect.windows {
                rows.append([
                    .string(effect.kind.label(data)), .int(effect.started), .int(window.weeks),
                    .int(window.students), figure(window.before), figure(window.after),
                    figure(window.change),
                ])
            }
        }
        return ResultTable(
            columns: [
                .init("measure"), .number("started"), .number("weeks"), .number("students"),
                .number("before", decimals: 2), .number("after", decimals: 2),
                .number("change", decimals: 2),
            ],
            rows: rows,
            notes: [
                "\(selected) students, as of \(context.asOf); started: the measure's first start this school year",
                "before, after: mean day equivalents of absence per school week in the N school weeks before "
                    + "and from the start; students: those with both windows in the school year",
                "an observation, not a causal estimate: no comparison group, and absence that peaks before "
                    + "a measure tends to fall back by itself",
            ])
    }
}
