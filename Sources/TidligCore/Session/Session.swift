/// One run of the shell or of a script: the loaded data, the settings, the named results.
///
/// A session reads statements from a `LineReader` or a script text, runs them, and writes to
/// an `OutputSink`. It never touches the terminal itself.
public final class Session {
    /// The loaded data set; nil until something is loaded.
    public var data: DataSet? {
        if loaded == nil, let make = pendingData {
            pendingData = nil
            if let made = try? make() { replaceData(made) }
        }
        return loaded
    }
    private var loaded: DataSet?
    /// Data made only when a statement first asks for it (the built-in sample, for a script
    /// that loads its own file first and should not pay for generating the sample).
    private var pendingData: (() throws -> DataSet)?
    public var settings = Settings()
    /// Results kept by `let`.
    public internal(set) var named: [String: NamedResult] = [:]
    /// Escalation policies typed or loaded (the presets are always there); kept across loads.
    public internal(set) var policies = PolicyBook()
    /// Where results go: standard output, or a file for `into FILE` and `set output FILE`.
    public internal(set) var output: OutputSink
    /// Colour in diagnostics (only on a terminal).
    public var color = false
    /// The terminal's width in columns when results go to a terminal (set by the shell); nil
    /// for a pipe.
    public var screenWidth: (() -> Int?)?
    /// Makes the pager for one statement's results on a terminal (set by the interactive shell;
    /// `set pager off` turns it off).
    public var pager: (() -> StatementOutput)?
    /// Colour in results, such as an overdue evaluation in red (only when standard output is a
    /// terminal, without `NO_COLOR`, and `TERM` is not `dumb`).
    public var outputColor = false
    /// Relative paths in `load` resolve against this directory (nil: the working directory).
    public var baseDirectory: String?
    /// Set by `quit`.
    public internal(set) var quitRequested = false
    /// What `notify` has done in this run: messages tried, and what is left undelivered.
    public internal(set) var notifyRun = NotifyRunState()
    private var totalsCache: [AbsenceTotals] = []
    /// Views of the data from the school year in force on a date (several school years only).
    private var viewCache: [DataSet] = []
    /// How many `run FILE` scripts are running inside one another.
    var scriptDepth = 0
    /// The file the last `... into FILE` wrote (absolute or as resolved), for `open`.
    public internal(set) var lastWrittenFile: String?
    /// The file `set output` writes to, and the sink results went to before it.
    var outputFile: Int32?
    var resultScreen: OutputSink?

    public init(data: DataSet? = nil, output: OutputSink) {
        self.loaded = data
        self.output = output
    }

    /// Uses the data `make` gives, made the first time anything asks for the data; a `load`
    /// before that replaces it without making it.
    public func useData(whenAsked make: @escaping () throws -> DataSet) {
        loaded = nil
        pendingData = make
    }

    /// The folder of snapshots `load` goes through (`SnapshotCache`); nil: always the JSON.
    public var snapshotDirectory: String?

    /// Loads a data file, from its snapshot in `snapshotDirectory` when one is current.
    public func loadFile(_ path: String) throws(LoadError) -> DataSet {
        guard let snapshotDirectory else { return try DataSetLoader.load(path: path) }
        return try SnapshotCache.load(path: path, directory: snapshotDirectory).0
    }

    /// Replaces the data set; named results and cached totals go with the old one.
    public func replaceData(_ newData: DataSet) {
        pendingData = nil
        loaded = newData
        named = [:]
        viewCache = []
        // Most statements ask about the export date: count it now, as part of loading.
        totalsCache = [AbsenceTotals(data: newData, asOf: newData.asOf)]
        // Several years: the crossing dates of the threshold in force (years_over, delays).
        if newData.isMultiYear, settings.threshold >= 1 {
            _ = newData.crossingDates(days: settings.threshold)
        }
    }

    /// The data set, or a diagnostic saying how to load one.
    func requireData(_ span: SourceSpan?) throws -> DataSet {
        guard let data else {
            throw Diagnostic("no data loaded", at: span, note: "load a file with 'load FILE.json'")
        }
        return data
    }

    /// The data seen from the school year in force on `day` (`DataSet.view(asOf:)`), cached for
    /// the last few dates asked.
    func data(asOf day: Day) throws -> DataSet {
        let data = try requireData(nil)
        guard data.isMultiYear, data.viewDate != day else { return data }
        if let hit = viewCache.first(where: { $0.viewDate == day }) { return hit }
        let view = data.view(asOf: day)
        viewCache = [view] + viewCache.prefix(2)
        return view
    }

    /// Totals as of `day`, cached for the last few dates asked.
    func totals(asOf day: Day) -> AbsenceTotals {
        if let hit = totalsCache.first(where: { $0.asOf == day }) { return hit }
        let totals = AbsenceTotals(data: (try? data(asOf: day)) ?? data!, asOf: day)
        totalsCache = [totals] + totalsCache.prefix(2)
        return totals
    }

    /// The evaluation context for a query (its `as of`, else the setting, else the data's date).
    func context(
        asOf explicit: (Day, SourceSpan)?, window: (from: Day, to: Day)? = nil,
        little: Int? = nil
    ) throws -> EvaluationContext {
        let loaded = try requireData(nil)
        let day = explicit?.0 ?? settings.asOf ?? loaded.asOf
        try checkInYear(day, at: explicit?.1, data: loaded)
        let data = try self.data(asOf: day)
        var audit = AuditWindow.standard(calendar: data.calendar, asOf: window?.to ?? day)
        if let from = window?.from ?? settings.windowFrom { audit.from = from }
        audit.littleLimit = little ?? settings.little
        return EvaluationContext(
            data: data, asOf: day, threshold: settings.threshold, totals: totals(asOf: day),
            named: named,
            window: audit)
    }

    /// Refuses a date outside the data's school year (figures there would be silently empty
    /// or frozen), and warns about one after the export date (nothing later is recorded).
    func checkInYear(_ day: Day, at span: SourceSpan?, data: DataSet) throws {
        // Several school years: any date from the first one's start to the last one's end (a date
        // in a summer holiday is in the year just ended).
        let first = data.schoolYears.count > 1 ? data.schoolYears[0].calendar : data.calendar
        let last =
            data.schoolYears.count > 1
            ? data.schoolYears[data.schoolYears.count - 1].calendar : data.calendar
        let year =
            data.schoolYears.count > 1
            ? "school years \(data.schoolYears[0].label) to \(data.schoolYears[data.schoolYears.count - 1].label), "
            : first.schoolYear.map { "school year \($0), " } ?? "school year "
        let range = "\(year)\(first.start) to \(last.end)"
        if day < first.start || day > last.end {
            let what = span == nil ? "the date in force, \(day) ('set asof')," : "\(day)"
            throw Diagnostic(
                "\(what) is outside the data's \(range)", at: span,
                note: "use a date from \(first.start) to \(last.end)")
        }
        if day > data.asOf {
            output.writeError(
                "warning: \(day) is after the data's export date \(data.asOf); "
                    + "nothing after it is recorded\n")
        }
    }

    /// Writes a result in the format in force.
    public func emit(_ result: ResultTable) {
        // Cut to the screen only on the screen: files get every column.
        let screen = outputFile == nil && !(output is FileResultSink)
        let width = screen ? (settings.width ?? screenWidth?()) : nil
        let options = RenderOptions(
            totals: settings.totals, cancellable: true, width: width,
            expanded: screen || settings.expanded == .on ? settings.expanded : .off)
        let left = settings.format.write(result, options: options) { output.write($0) }
        if left > 0 {
            output.writeError("cancelled: \(left) row\(left == 1 ? "" : "s") not shown\n")
        }
    }

    /// Writes a line of plain text to the results stream.
    public func say(_ line: String) { output.write(line + "\n") }

    /// The one-line summary printed after a load.
    public func loadSummary() -> String {
        guard let data else { return "no data loaded" }
        let year =
            data.schoolYears.count > 1
            ? "\(data.schoolYears.count) school years \(data.schoolYears[0].label) to \(data.schoolYears.last!.label), "
            : data.calendar.schoolYear.map { "\($0), " } ?? ""
        var line =
            "loaded \(data.source): \(data.studentCount) student\(data.studentCount == 1 ? "" : "s"), \(data.schools.count) school\(data.schools.count == 1 ? "" : "s"), \(year)as of \(data.asOf)"
        let problems = data.problems.count
        if problems > 0 {
            line += "; \(problems) data problem\(problems == 1 ? "" : "s") (type 'problems')"
        }
        return line
    }
}
