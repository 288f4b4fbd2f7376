/// `delays [SERVICE]`: how long after crossing the action threshold each service came in.
public struct DelaysCommand: Command {
    public static let name = "delays"
    public static let summary = "involvement delay of each service after the threshold crossing"
    public static let usage =
        "delays [SERVICE] [students | NAME] [where CONDITION] [by school] [as of DATE]"
    public static let details = """
        For students who crossed the action threshold in force by the date in force: per
        service, how many were involved and how many are still waiting (censored, with the
        median wait so far), the plain median, 75th and 90th percentile (nearest rank, over
        the involved only) and maximum delay in calendar days and in school days, and the
        share the family initiated. A second table gives the Kaplan-Meier estimate, which
        counts the students still waiting as censored on the date in force: the median,
        p75 and p90 time to involvement ("not reached" when fewer were involved by the end
        of the follow-up) and the estimated share involved within 30, 60 and 90 days. CSV
        and JSON put both in one table. Negative delays mean the service was in before the
        crossing. With one service, a histogram of its delays and a step chart of the share
        involved follow; with 'by school', one row per school and bars of the median delay.

        Examples:
          delays
          delays ppt
          delays ppt where stage = "lower-secondary"
          delays ppt by school
          set threshold 10
          delays mental-health-family
        """

    var service: Token?
    var query: Query

    public static func parse(_ parser: inout Parser, keyword: Token) throws(ParseFailure)
        -> DelaysCommand
    {
        var service: Token?
        let next = try parser.peek()
        if next.kind == .identifier, !next.isKeyword("students"),
            !Parser.clauseWords.contains(next.text.lowercased())
        {
            service = try parser.word("a service id")
        }
        return DelaysCommand(service: service, query: try parser.query([.by], defaultSource: true))
    }

    public static func complete(_ request: CompletionRequest) -> [String]? {
        guard request.arguments.isEmpty else { return nil }
        return request.services + request.session.named.keys + ["students"]
    }
    public func run(in session: Session) throws {
        var query = self.query
        var serviceToken = service
        // `delays risk`: a lone word that is a named result is the selection, not a service.
        if let word = serviceToken, session.named[word.text] != nil, case .students = query.source {
            query.source = .named(word.text, word.span)
            serviceToken = nil
        }
        let data = try session.requireData(serviceToken?.span)
        let services =
            try serviceToken.map { [try Session.serviceIndex($0, in: data)] }
            ?? Array(data.services.indices)
        let selection = try session.select(query)
        let context = selection.context
        if let by = query.groupBy {
            guard case .field("school", _, _) = by else {
                throw Diagnostic(
                    "delays group by school only", at: by.span, note: "write 'by school'")
            }
            try bySchool(selection, services: services, session: session)
            return
        }
        let summaries = try context.data.delays(
            rows: selection.rows, services: services, threshold: context.threshold,
            asOf: context.asOf,
            days: context.totals.days)
        DelaysCommand.emit(
            summaries, firstColumn: "service",
            labels: summaries.map { data.services[$0.service].id },
            context: context, session: session)
        if services.count == 1, session.settings.format == .table, let summary = summaries.first {
            let id = data.services[summary.service].id
            session.output.write(
                "\n"
                    + BarChart.histogram(
                        title:
                            "\(id): delay from crossing \(context.threshold) days to involvement, plain (the involved only)",
                        values: summary.calendarDelays, censored: summary.notInvolved))
            session.output.write(
                "\n" + DelaysCommand.stepChart(summary, service: id, threshold: context.threshold))
        }
    }

    private func bySchool(_ selection: Selection, services: [Int], session: Session) throws {
        let context = selection.context
        let data = context.data
        guard services.count == 1 else {
            throw Diagnostic(
                "'by school' needs one service", at: query.groupBy?.span,
                note: "e.g. 'delays ppt by school'")
        }
        var groups = [[Int32]](repeating: [], count: data.schools.count)
        for row in selection.rows { groups[Int(data.students.school[Int(row)])].append(row) }
        var summaries: [DelaySummary] = []
        var labels: [String] = []
        for (index, group) in groups.enumerated() where !group.isEmpty {
            summaries += try data.delays(
                rows: group, services: services, threshold: context.threshold, asOf: context.asOf,
                days: context.totals.days)
            labels.append(data.schools[index].id)
        }
        DelaysCommand.emit(
            summaries, firstColumn: "school", labels: labels, context: context, session: session)
        if session.settings.format == .table {
            let bars = zip(labels, summaries).map { label, s in
                (
                    label, Statistics.median(s.calendarDelays) ?? 0,
                    Statistics.median(s.calendarDelays).map { formatDecimal($0, places: 1) } ?? "-"
                )
            }
            session.output.write(
                "\n"
                    + BarChart.render(
                        title:
                            "median delay in calendar days, \(data.services[services[0]].id), by school",
                        bars: bars))
        }
    }
}
