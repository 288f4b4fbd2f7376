#if canImport(Glibc)
    import Glibc
#endif

/// `report FILE [for SELECTION]`: Table 1, the folder audit and the delays as one Markdown file;
/// `report term as of DATE [since DATE] FILE`: the school owner's term report.
public struct ReportCommand: Command {
    public static let name = "report"
    public static let summary =
        "write a selection's tables, or the term report, to a Markdown or HTML file"
    public static let usage = """
        report FILE [students | NAME] [where CONDITION] [as of DATE]
               report term as of DATE [since DATE] FILE.md | FILE.html
        """
    public static let details = """
        Writes a Markdown file (mode 0600, replaced whole) that a municipality can attach to a
        case: the selection, absence per school (Table 1), the folder audit, and the involvement
        delays of every service, with the date, threshold and window used.

        'report term' writes the school owner's report for the term (Nes collects the figures
        three times a year), as of the term's last date, with changes and crossings since the
        last report when 'since' names its date: Table 1 and its change; per school the median
        and mean days, the share in the bands 0-4, 5-14, 15-29, 30-59 and 60+ days, and the
        10th grade median beside the national figure ('set national', 'set nationalsource');
        who crossed the action threshold, by school and stage; the involvement delays (the
        Kaplan-Meier ones, which count the students still waiting, and the plain ones); the
        folder audit of everyone above 60 days; and absence by weekday and in the school week
        after each closure, with charts. A name ending in .html gives one self-contained HTML
        page (charts as inline SVG, laid out for A4 when printed), .md Markdown. The file is
        never written over anything but a regular file.

        Examples:
          report high-absence.md students where days > 60
          report risk.md risk
          report term as of 2024-12-20 autumn.html
          report term as of 2025-06-20 since 2025-03-14 spring.md
        """

    var path: Token
    var query: Query
    /// `term as of DATE [since DATE]`: the term report's dates.
    var term: (asOf: (Day, SourceSpan), since: (Day, SourceSpan)?)?

    // report -> 'report' 'term' 'as' 'of' DATE [ 'since' DATE ] FILE | 'report' FILE selection
    public static func parse(_ parser: inout Parser, keyword: Token) throws(ParseFailure)
        -> ReportCommand
    {
        var copy = parser
        if try copy.accept("term") != nil, try copy.peek().isKeyword("as") {
            parser = copy
            try parser.expect("as")
            try parser.expect("of")
            let asOf = try parser.date("the term's last date after 'as of' (YYYY-MM-DD)")
            var since: (Day, SourceSpan)?
            if try parser.accept("since") != nil {
                since = try parser.date("the date of the last report (YYYY-MM-DD)")
            }
            let path = try parser.word("a file name ending in .md or .html")
            let query = Query(
                source: .students(keyword.span), span: keyword.span, statement: parser.text)
            return ReportCommand(path: path, query: query, term: (asOf, since))
        }
        let path = try parser.word("a file name for the report")
        return ReportCommand(path: path, query: try parser.query([], defaultSource: true))
    }

    public static func complete(_ request: CompletionRequest) -> [String]? {
        request.arguments.isEmpty ? request.paths + ["term"] : nil
    }

    public func run(in session: Session) throws {
        if let term {
            try runTerm(term.asOf, since: term.since, session: session)
            return
        }
        let selection = try session.select(query)
        let context = selection.context
        let data = context.data
        let delays = try data.delays(
            rows: selection.rows, services: Array(data.services.indices),
            threshold: context.threshold, asOf: context.asOf,
            days: context.totals.days)
        let markdown = OutputFormat.markdown
        var text = "# Absence report: \(data.municipality ?? data.source)\n\n"
        text +=
            "Selection: `\(query.text.isEmpty ? "students" : query.text)`, \(selection.rows.count) students, "
        text += "as of \(context.asOf), action threshold \(context.threshold) days.\n\n"
        text +=
            "## Absence per school (Table 1)\n\n"
            + markdown.render(SchoolTable.make(selection, query: query)) + "\n"
        text += "## Folder audit\n\n" + markdown.render(AuditTable.findings(selection)) + "\n"
        text += "## Involvement delays\n\n"
        let labels = delays.map { data.services[$0.service].id }
        text += markdown.render(
            DelayTable.make(delays, firstColumn: "service", labels: labels, context: context))
        text +=
            "\n"
            + markdown.render(
                DelayTable.survival(
                    delays, firstColumn: "service", labels: labels,
                    context: context))
        try write(text, session: session)
        session.output.writeError("wrote \(path.text): \(selection.rows.count) students\n")
    }

    /// Writes the file (mode 0600) beside the script when the name is relative; SecureFile
    /// refuses a name that exists as anything but a regular file (a directory, a FIFO, a device).
    func write(_ text: String, session: Session) throws {
        let file = FilePaths.resolve(path.text, against: session.baseDirectory)
        do { try SecureFile.write(path: file, text: text) } catch {
            throw SessionError.io("\(error)")
        }
    }

    private func runTerm(_ date: (Day, SourceSpan), since: (Day, SourceSpan)?, session: Session)
        throws
    {
        let asOf = date.0
        let lower = path.text.lowercased()
        let html = lower.hasSuffix(".html") || lower.hasSuffix(".htm")
        guard html || lower.hasSuffix(".md") || lower.hasSuffix(".markdown") else {
            throw Diagnostic(
                "the term report's file name ends in .md (Markdown) or .html (HTML)", at: path.span,
                note: "e.g. 'report term as of \(asOf) term.html'")
        }
        let context = try session.context(asOf: date)
        if let (day, span) = since, day >= asOf {
            throw Diagnostic(
                "the last report (\(day)) must come before the term's date (\(asOf))", at: span)
        }
        let report = TermReport(
            data: context.data, context: context, since: since?.0,
            national: (session.settings.nationalMedian, session.settings.nationalSource))
        let document = try report.document()
        try write(html ? document.html() : document.markdown(), session: session)
        session.output.writeError(
            "wrote \(path.text): term report as of \(asOf), \(context.data.studentCount) students\n"
        )
    }
}
