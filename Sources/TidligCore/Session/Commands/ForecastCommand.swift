/// `forecast [N] [within W weeks | by DATE] [students where ...]`: who is on track to cross.
public struct ForecastCommand: Command {
    public static let name = "forecast"
    public static let summary =
        "students below a threshold on track to reach it soon, at their recent rate"
    public static let usage =
        "forecast [DAYS] [within N weeks | by DATE] [students | NAME] [where ...] [order by ...] [limit N] [as of DATE]"
    public static let details = """
        The rate is the whole days recorded in the last 4 school weeks (20 school days) per
        school day; projected over the coming school days, a student who needs n more days
        reaches the threshold on the k-th school day, k = ⌈n × 20 ÷ recent days⌉. Lists the
        students below the threshold (default: the one in force) whose projected date falls
        within the horizon (default: 4 school weeks), soonest first. The same test is the
        field 'forecast(DAYS, N weeks)' (or a date), and 'projected(DAYS)' is the date.

        Examples:
          forecast
          forecast 15 within 2 weeks
          forecast 10 by 2025-03-01 students where stage = "primary"
          students where forecast(15, 4 weeks) and not involved(ppt)
        """

    var threshold: Int?
    var horizon = Forecast.Horizon.weeks(4)
    var query: Query

    // forecast -> 'forecast' [NUMBER ['days']] [ 'within' NUMBER ('weeks' | 'days') | 'by' DATE ] query
    public static func parse(_ parser: inout Parser, keyword: Token) throws(ParseFailure)
        -> ForecastCommand
    {
        var threshold: Int?
        if try parser.peek().kind == .number {
            let (value, span) = try parser.number("a number of days")
            guard let whole = Int(exactly: value), whole >= 1 else {
                throw .invalid(Diagnostic("expected a whole number of days (1 or more)", at: span))
            }
            threshold = whole
            if try parser.accept("days") == nil { _ = try parser.accept("day") }
        }
        var horizon = Forecast.Horizon.weeks(4)
        if try parser.accept("within") != nil {
            let (value, span) = try parser.number("a number of school weeks")
            guard let count = Int(exactly: value), count >= 1 else {
                throw .invalid(
                    Diagnostic("expected a whole number of school weeks (1 or more)", at: span))
            }
            let unit = try parser.advance()
            switch unit.kind == .identifier ? TimeUnit(word: unit.text) : nil {
            case .weeks: horizon = .weeks(count)
            case .days: horizon = .schoolDays(count)
            case nil: throw parser.unexpected(unit, expected: "'weeks' or 'days'")
            }
        } else if try parser.accept("by") != nil {
            horizon = .date(try parser.date("a date (YYYY-MM-DD)").0)
        }
        return ForecastCommand(
            threshold: threshold, horizon: horizon,
            query: try parser.query([.order, .limit], defaultSource: true))
    }

    public func run(in session: Session) throws {
        var unlimited = query
        unlimited.limit = nil  // the limit applies to the students on track, not to those looked at
        let selection = try session.select(unlimited)
        let context = selection.context
        let data = context.data
        let threshold = self.threshold ?? context.threshold
        var found: [(Int, Forecast.Projection)] = []
        for (n, row32) in selection.rows.enumerated() {
            if n & 0xFFFF == 0 { try Cancellation.check() }
            let row = Int(row32)
            guard data.onTrack(row: row, threshold: threshold, horizon: horizon, asOf: context.asOf)
            else { continue }
            found.append((row, data.projection(row: row, threshold: threshold, asOf: context.asOf)))
        }
        if query.order.isEmpty {
            found = found.enumerated().sorted {
                ($0.element.1.date!, $0.offset) < ($1.element.1.date!, $1.offset)
            }.map(\.element)
        }
        let onTrack = found.count
        if let limit = query.limit { found = Array(found.prefix(limit)) }
        let rows: [[Value]] = found.map { row, p in
            [
                .string(data.students.ids[row]),
                .string(data.schools[Int(data.students.school[row])].id),
                .int(Int(data.students.grade[row])),
                .int(p.days), .int(p.recent), .number(5 * Double(p.recent) / Double(p.window)),
                .int(threshold - p.days),
                p.date.map(Value.date) ?? .null, p.schoolDays.map(Value.int) ?? .null,
            ]
        }
        let within = horizon.description
        session.emit(
            ResultTable(
                columns: [
                    .init("id"), .init("school"), .number("grade"), .number("days"),
                    .number("recent(4)"), .number("days/week"),
                    .number("needs"), .init("projected"), .number("school days"),
                ],
                rows: rows,
                notes: [
                    "\(studentCount(rows.count, of: onTrack)) below \(threshold) days on track to reach them \(within), as of \(context.asOf)",
                    "rate: whole days in the last 4 school weeks (20 school days) per school day, projected over the coming school days",
                ]))
    }
}
