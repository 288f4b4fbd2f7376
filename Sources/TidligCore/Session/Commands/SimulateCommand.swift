/// `simulate nes [for students where ...] [assume involvement reduces absence by 30 %]`.
public struct SimulateCommand: Command {
    public static let name = "simulate"
    public static let summary = "replay the school year under an escalation policy: timing and load"
    public static let usage =
        "simulate POLICY [with NAME = NUMBER {and ...}] [for SOURCE [where ...] [as of DATE]] [assume involvement reduces absence by N %]"
    public static let details = """
        Replays the year day by day over each student's real absence records (only records on
        or before the date in force) and gives every student the date of every step. Per step,
        and per service at its first step: students reached, school days from the crossing of
        the action threshold in force (median, 75th and 90th percentile; negative: before the
        crossing), whole days of absence recorded between the crossing and the step, and in
        all the whole days recorded while waiting. Then, for the steps at a meeting or a visit,
        the cases arriving, handled and waiting per week against the capacity.

        Meeting queues hold every student of the data: a 'for' selection shares the meetings
        with the rest. Without 'assume', no effect on absence is reported: only timing and load.

        Examples:
          simulate nes
          simulate nes with threshold = 10 and slots = 8
          simulate baerum for students where stage = "lower-secondary"
          simulate nes assume involvement reduces absence by 30 %
        """

    var keyword: Token
    var scenario: Scenario
    var query: Query?
    var assume: EffectAssumption?

    public static func parse(_ parser: inout Parser, keyword: Token) throws(ParseFailure)
        -> SimulateCommand
    {
        let scenario = try parser.scenario()
        let query = try parser.forSelection()
        return SimulateCommand(
            keyword: keyword, scenario: scenario, query: query, assume: try parser.assumption())
    }

    public static func complete(_ request: CompletionRequest) -> [String]? {
        request.arguments.isEmpty ? request.policies : nil
    }

    public func run(in session: Session) throws {
        let selection = try session.selection(query, at: keyword.span)
        let context = selection.context
        let simulation = try session.simulation(scenario, end: context.asOf)
        let figures = try simulation.figures(
            rows: selection.rows, data: context.data, threshold: context.threshold, assume: assume)
        let crossed = selection.rows.filter {
            context.data.crossingDate(row: Int($0), days: context.threshold, asOf: context.asOf)
                != nil
        }.count
        var table = SimulationTables.steps(
            figures, label: scenario.text, crossed: crossed, threshold: context.threshold,
            end: context.asOf, assume: assume)
        table.notes.insert(
            "\(selection.rows.count) student\(selection.rows.count == 1 ? "" : "s") simulated up to \(context.asOf)",
            at: 0)
        session.emit(table)
        let loads = simulation.load(data: context.data).filter { !$0.weeks.isEmpty }
        if !loads.isEmpty {
            if session.settings.format == .table { session.say("") }
            session.emit(SimulationTables.load(loads, bars: session.settings.format == .table))
        }
    }
}
