/// What `set` changes: the threshold, the output format, the date in force.
public struct Settings: Sendable {
    /// The action threshold (tiltaksgrense) in whole days: Nes uses 15.
    public var threshold = 15
    /// How results are written.
    public var format = OutputFormat.table
    /// The date figures are computed at; nil means the data's `asOf`.
    public var asOf: Day?
    /// The first day of the folder-audit window; nil means 1 January of the school year's first year.
    public var windowFrom: Day?
    /// The folder audit's "little documentation" limit.
    public var little = 2
    /// Print each statement's run time to standard error.
    public var timing = false
    /// CSV and JSON carry the total rows too (they carry data rows only by default).
    public var totals = false
    /// The national figure the term report sets beside each school's 10th grade: the median
    /// whole days of absence in 10th grade (Udir, as the Nes audit cites it: 9 days).
    public var nationalMedian = 9.0
    /// Where `nationalMedian` comes from, printed beside it.
    public var nationalSource = "Udir 2025, 10th grade median days 2024/2025, as the Nes audit cites it"
    /// The file results go to (`set output FILE`); nil for standard output.
    public var outputPath: String?
    /// The width tables are cut to on the screen; nil: the terminal's (none for a pipe).
    public var width: Int?
    /// Long results on a terminal go through `$PAGER` (default `less -S`).
    public var pager = true
    /// One block per record: off, on, or auto (when a table is wider than the screen).
    public var expanded = RenderOptions.Expanded.off
    /// Notifications: everything `notify` needs besides the command itself.
    public var notify = NotifySettings()

    public init() {}

    /// The settings `set` knows, with a line of help each.
    public static let names: [(name: String, help: String)] = [
        ("threshold", "the action threshold in whole days (default 15)"),
        ("format", "table, csv, json or markdown"),
        ("asof", "the date figures are computed at: a date, or 'data' for the data's asOf"),
        ("window", "first day of the folder-audit window: a date, or 'default' (1 January of the school year's first year)"),
        ("little", "the folder audit's limit for little documentation, in documents (default 2)"),
        ("timing", "on or off: print each statement's run time to standard error"),
        ("totals", "on or off: CSV and JSON carry the total rows too (default off: data rows only)"),
        ("national", "the national 10th grade median days the term report compares with (default 9, Udir)"),
        ("nationalsource", "where the national figure comes from, printed beside it"),
        ("output", "stdout, or a file every result goes to from now on (mode 0600)"),
        ("pager", "on or off: results longer than the screen go through $PAGER (default less -S)"),
        ("width", "auto (the terminal's width) or a number of columns tables are cut to"),
        ("expanded", "off, on or auto: one block per record (auto: when a table is too wide)"),
    ] + NotifySettings.names

    /// Sets `name` from text; returns an error message saying what would be right.
    public mutating func set(_ name: String, to value: String) -> String? {
        switch name {
        case "threshold":
            guard let n = Int(value), n >= 1 else { return "expected a whole number of days (1 or more), found '\(value)'" }
            threshold = n
        case "format":
            guard let f = OutputFormat(rawValue: value.lowercased()) else {
                return "expected one of table, csv, json, markdown, found '\(value)'"
            }
            format = f
        case "asof":
            if value.lowercased() == "data" {
                asOf = nil
            } else {
                guard let day = Day(value) else { return "expected a date YYYY-MM-DD or 'data', found '\(value)'" }
                asOf = day
            }
        case "window":
            if value.lowercased() == "default" {
                windowFrom = nil
            } else {
                guard let day = Day(value) else { return "expected a date YYYY-MM-DD or 'default', found '\(value)'" }
                windowFrom = day
            }
        case "timing":
            guard ["on", "off"].contains(value.lowercased()) else { return "expected on or off, found '\(value)'" }
            timing = value.lowercased() == "on"
        case "pager":
            guard ["on", "off"].contains(value.lowercased()) else { return "expected on or off, found '\(value)'" }
            pager = value.lowercased() == "on"
        case "width":
            if value.lowercased() == "auto" {
                width = nil
            } else {
                guard let n = Int(value), n >= 10 else { return "expected 'auto' or a width of 10 columns or more, found '\(value)'" }
                width = n
            }
        case "expanded":
            guard let mode = RenderOptions.Expanded(rawValue: value.lowercased()) else {
                return "expected on, off or auto, found '\(value)'"
            }
            expanded = mode
        case "output":
            outputPath = ["stdout", "-"].contains(value.lowercased()) ? nil : value
        case "totals":
            guard ["on", "off"].contains(value.lowercased()) else { return "expected on or off, found '\(value)'" }
            totals = value.lowercased() == "on"
        case "national":
            guard let n = Double(value), n >= 0, n.isFinite else { return "expected a number of days, found '\(value)'" }
            nationalMedian = n
        case "nationalsource":
            guard !value.isEmpty else { return "expected the source of the national figure" }
            nationalSource = value
        case "little":
            guard let n = Int(value), n >= 0 else { return "expected a whole number of documents, found '\(value)'" }
            little = n
        default:
            guard NotifySettings.names.contains(where: { $0.name == name }) else { return "unknown setting '\(name)'" }
            return notify.set(name, to: value)
        }
        return nil
    }

    /// The current value of each setting, as text.
    public func values(dataAsOf: Day?) -> [(String, String)] {
        [("threshold", String(threshold)), ("format", format.rawValue),
         ("asof", asOf?.description ?? (dataAsOf.map { "data (\($0))" } ?? "data")),
         ("window", windowFrom?.description ?? "default"), ("little", String(little)), ("timing", timing ? "on" : "off"),
         ("totals", totals ? "on" : "off"), ("output", outputPath ?? "stdout"),
         ("pager", pager ? "on" : "off"), ("width", width.map(String.init) ?? "auto"), ("expanded", expanded.rawValue),
         ("national", formatDecimal(nationalMedian, places: 1)), ("nationalsource", nationalSource)] + notify.values
    }

    /// Applies `name=value` assignments from the command line (`--set threshold=10`), in order;
    /// the first problem, as a message naming the assignment, or nil.
    public mutating func apply(_ assignments: [String]) -> String? {
        for assignment in assignments {
            let parts = assignment.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { return "--set expects name=value, found '\(assignment)'" }
            if let problem = set(parts[0], to: parts[1]) { return "--set \(assignment): \(problem)" }
        }
        return nil
    }
}
