/// `compare actual, nes, nes with threshold = 10 and slots = 8`: scenarios side by side.
public struct CompareCommand: Command {
    public static let name = "compare"
    public static let summary = "simulate several policies and show them side by side"
    public static let usage =
        "compare POLICY [with ...] {, POLICY [with ...]} [for SOURCE [where ...] [as of DATE]] [assume involvement reduces absence by N %]"
    public static let details = """
        Simulates each scenario as 'simulate' does, then per step and service: students reached,
        the median school days from the crossing, and the whole days of absence recorded while
        waiting, each with its difference from the first scenario. A chart follows: students
        with a service involved by the end of each month, one bar per scenario.

        Examples:
          compare actual, nes
          compare actual, nes, nes with threshold = 10 and slots = 8
          compare nes, baerum for students where stage = "lower-secondary"
        """

    var keyword: Token
    var scenarios: [Scenario]
    var query: Query?
    var assume: EffectAssumption?

    // compare -> 'compare' scenario { ',' scenario } [ 'for' source clauses ] [ assumption ]
    public static func parse(_ parser: inout Parser, keyword: Token) throws(ParseFailure)
        -> CompareCommand
    {
        var scenarios = [try parser.scenario()]
        while try parser.acceptSymbol(",") != nil { scenarios.append(try parser.scenario()) }
        let query = try parser.forSelection()
        return CompareCommand(
            keyword: keyword, scenarios: scenarios, query: query, assume: try parser.assumption())
    }

    public static func complete(_ request: CompletionRequest) -> [String]? {
        request.policies
    }

    public func run(in session: Session) throws {
        let selection = try session.selection(query, at: keyword.span)
        let context = selection.context
        let simulations = try scenarios.map { try session.simulation($0, end: context.asOf) }
        var results: [ComparisonTable.Scenario] = []
        for (scenario, simulation) in zip(scenarios, simulations) {
            results.append(
                (
                    scenario.text,
                    try simulation.figures(
                        rows: selection.rows, data: context.data,
                        threshold: context.threshold, assume: assume)
                ))
        }
        let crossed = selection.rows.filter {
            context.data.crossingDate(row: Int($0), days: context.threshold, asOf: context.asOf)
                != nil
        }.count
        session.emit(
            ComparisonTable.table(
                results, crossed: crossed, threshold: context.threshold, end: context.asOf,
                assume: assume))
        if session.settings.format == .table {
            let series = zip(scenarios, simulations).map {
                ($0.text, $1.involvedByMonth(rows: selection.rows, data: context.data))
            }
            session.output.write("\n" + ComparisonTable.chart(series))
        }
    }
}
