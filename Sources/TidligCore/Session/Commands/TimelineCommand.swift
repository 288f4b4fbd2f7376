/// `timeline ID`: one student's case in date order: the threshold crossing, folder documents
/// and involvements, each with its distance from the crossing.
public struct TimelineCommand: Command {
    public static let name = "timeline"
    public static let summary = "one student's case in date order, measured from the crossing"
    public static let usage = "timeline ID [under POLICY [with ...]] [as of DATE]"
    public static let details = """
        The crossing of the action threshold in force, each folder document and each
        involvement in date order, with calendar days and school days from the crossing
        (negative before it) and who initiated each involvement; then the steps that matter:
        crossing to cause mapping, to action plan, to each service. With 'under POLICY', the
        student's steps as the policy would have had them, beside what the data records.

        Examples:
          timeline S0000042
          timeline S0000042 under nes with threshold = 10
        """

    var id: Token
    var asOf: (Day, SourceSpan)?
    var under: Scenario?

    // timeline -> 'timeline' ID [ 'under' scenario ] [ 'as' 'of' DATE ]
    public static func parse(_ parser: inout Parser, keyword: Token) throws(ParseFailure)
        -> TimelineCommand
    {
        let id = try parser.word("a student id")
        var command = TimelineCommand(id: id)
        if try parser.accept("under") != nil { command.under = try parser.scenario() }
        command.asOf = try parser.optionalAsOf()
        return command
    }

    public static func complete(_ request: CompletionRequest) -> [String]? {
        switch request.arguments.count {
        case 0: return request.studentIDs
        case 1: return ["under", "as"]
        case 2 where request.arguments[1].lowercased() == "under": return request.policies
        default: return nil
        }
    }

    public func run(in session: Session) throws {
        let context = try session.context(asOf: asOf)
        let row = try session.studentRow(id)
        if let under {
            session.emit(
                try session.policyTimeline(row: row, context: context, scenario: under).table())
            return
        }
        let timeline = CaseTimeline(row: row, context: context)
        session.emit(timeline.table())
    }
}

/// The events of one student's case, sorted by date.
struct CaseTimeline {
    let row: Int
    let context: EvaluationContext
    var data: DataSet { context.data }
    var crossing: Day? { data.crossingDate(row: row, days: context.threshold, asOf: context.asOf) }

    /// (date, event, order within the day)
    func events() -> [(Day, String, Int)] {
        var events: [(Day, String, Int)] = []
        if let crossing { events.append((crossing, "crossed \(context.threshold) days", 0)) }
        let report = StudentReport(row: row, context: context)
        for i in data.students.documentRange(row) where data.documents.date[i] <= context.asOf {
            events.append((data.documents.date[i], report.describeDocument(i), 1))
        }
        for i in data.students.involvementRange(row) where data.involvements.date[i] <= context.asOf
        {
            let service = data.services[Int(data.involvements.service[i])].id
            events.append(
                (
                    data.involvements.date[i],
                    "\(service) involved, initiated by \(data.involvements.initiatedBy[i].name)", 2
                ))
        }
        return events.enumerated().sorted { a, b in
            (a.element.0, a.element.2, a.offset) < (b.element.0, b.element.2, b.offset)
        }.map(\.element)
    }

    func table() -> ResultTable {
        func distance(_ date: Day) -> [Value] {
            guard let crossing else { return [.null, .null] }
            // School days are only known inside the school year's calendar.
            let inYear = date >= data.calendar.start && date <= data.calendar.end
            return [
                .int(crossing.days(to: date)),
                inYear ? .int(data.schoolDaysBetween(crossing, date, row: row)) : .null,
            ]
        }
        let rows = events().map { [.date($0.0), .string($0.1)] + distance($0.0) }
        return ResultTable(
            columns: [.init("date"), .init("event"), .number("days"), .number("school days")],
            rows: rows, notes: steps())
    }

    /// "crossing to cause mapping: 12 days (8 school days)" for the first of each step.
    func steps() -> [String] {
        let id = data.students.ids[row]
        guard let crossing else {
            return ["\(id) has not crossed \(context.threshold) days as of \(context.asOf)"]
        }
        var lines = [
            "\(id) crossed \(context.threshold) days on \(crossing); steps from the crossing:"
        ]
        func step(_ name: String, _ date: Day?) {
            guard let date else {
                lines.append("  \(name): not yet (\(crossing.days(to: context.asOf)) days so far)");
                return
            }
            let schoolDays =
                date >= data.calendar.start
                ? " (\(data.schoolDaysBetween(crossing, date, row: row)) school days)" : ""
            lines.append("  \(name): \(crossing.days(to: date)) days\(schoolDays), \(date)")
        }
        let documents = data.students.documentRange(row).filter {
            data.documents.date[$0] <= context.asOf
        }
        step(
            "cause mapping",
            documents.first { data.documents.kind[$0] == .causeMapping }.map {
                data.documents.date[$0]
            })
        step(
            "action plan",
            documents.first { data.documents.kind[$0] == .actionPlan }.map {
                data.documents.date[$0]
            })
        for service in data.services.indices {
            if let date = data.involvementDate(row: row, service: service, asOf: context.asOf) {
                step(data.services[service].id, date)
            }
        }
        return lines
    }
}
