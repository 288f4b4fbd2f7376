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
    public var nationalSource =
        "Udir 2025, 10th grade median days 2024/2025, as the Nes audit cites it"
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

    /// Every setting `set` knows, in the order `set` lists them: declared once, here and in
    /// `NotifySettings.descriptors`.
    public static let descriptors: [SettingDescriptor<Settings>] =
        own
        + NotifySettings.descriptors.map {
            $0.lifted(get: { $0.notify }, set: { $0.notify = $1 })
        }

    /// The setting called `name`, if any.
    public static func descriptor(named name: String) -> SettingDescriptor<Settings>? {
        descriptors.first { $0.name == name }
    }

    /// The settings `set` knows, with a line of help each.
    public static var names: [(name: String, help: String)] {
        descriptors.map { ($0.name, $0.help) }
    }

    private typealias Setting = SettingDescriptor<Settings>

    private static let own: [Setting] = [
        Setting(
            "threshold", .wholeNumber, default: "15",
            help: "the action threshold in whole days (default 15)",
            appliesTo: "figures"
        ) { s, v in
            guard let n = Int(v), n >= 1 else {
                return "expected a whole number of days (1 or more), found '\(v)'"
            }
            s.threshold = n
            return nil
        } show: { s, _ in
            String(s.threshold)
        },
        Setting(
            "format", .choice(OutputFormat.allCases.map(\.rawValue)), default: "table",
            help: "table, csv, json or markdown", appliesTo: "output"
        ) { s, v in
            guard let f = OutputFormat(rawValue: v.lowercased()) else {
                return "expected one of table, csv, json, markdown, found '\(v)'"
            }
            s.format = f
            return nil
        } show: { s, _ in
            s.format.rawValue
        },
        Setting(
            "asof", .date, words: ["data"], default: "data",
            help: "the date figures are computed at: a date, or 'data' for the data's asOf",
            appliesTo: "figures"
        ) { s, v in
            if v.lowercased() == "data" { s.asOf = nil; return nil }
            guard let day = Day(v) else {
                return "expected a date YYYY-MM-DD or 'data', found '\(v)'"
            }
            s.asOf = day
            return nil
        } show: { s, c in
            s.asOf?.description ?? (c.dataAsOf.map { "data (\($0))" } ?? "data")
        },
        Setting(
            "window", .date, words: ["default"], default: "default",
            help: "first day of the folder-audit window: a date, or 'default'",
            appliesTo: "folder audit"
        ) { s, v in
            if v.lowercased() == "default" { s.windowFrom = nil; return nil }
            guard let day = Day(v) else {
                return "expected a date YYYY-MM-DD or 'default', found '\(v)'"
            }
            s.windowFrom = day
            return nil
        } show: { s, _ in
            s.windowFrom?.description ?? "default"
        },
        Setting(
            "little", .wholeNumber, default: "2",
            help: "the folder audit's limit for little documentation (default 2)",
            appliesTo: "folder audit"
        ) { s, v in
            guard let n = Int(v), n >= 0 else {
                return "expected a whole number of documents, found '\(v)'"
            }
            s.little = n
            return nil
        } show: { s, _ in
            String(s.little)
        },
        Setting(
            "timing", .onOff, default: "off",
            help: "on or off: each statement's run time on standard error",
            appliesTo: "every statement"
        ) { s, v in
            guard let on = parseOnOff(v) else { return "expected on or off, found '\(v)'" }
            s.timing = on
            return nil
        } show: { s, _ in
            s.timing ? "on" : "off"
        },
        Setting(
            "totals", .onOff, default: "off",
            help: "on or off: CSV and JSON carry the total rows too (default: data rows only)",
            appliesTo: "output"
        ) { s, v in
            guard let on = parseOnOff(v) else { return "expected on or off, found '\(v)'" }
            s.totals = on
            return nil
        } show: { s, _ in
            s.totals ? "on" : "off"
        },
        Setting(
            "output", .file, words: ["stdout"], default: "stdout",
            help: "stdout, or a file every result goes to from now on (mode 0600)",
            appliesTo: "output"
        ) { s, v in
            s.outputPath = ["stdout", "-"].contains(v.lowercased()) ? nil : v
            return nil
        } show: { s, _ in
            s.outputPath ?? "stdout"
        },
        Setting(
            "pager", .onOff, default: "on",
            help: "on or off: results longer than the screen go through $PAGER (less -S)",
            appliesTo: "output"
        ) { s, v in
            guard let on = parseOnOff(v) else { return "expected on or off, found '\(v)'" }
            s.pager = on
            return nil
        } show: { s, _ in
            s.pager ? "on" : "off"
        },
        Setting(
            "width", .wholeNumber, words: ["auto"], default: "auto",
            help: "auto (the terminal's) or the columns tables are cut to on the screen",
            appliesTo: "output"
        ) { s, v in
            if v.lowercased() == "auto" { s.width = nil; return nil }
            guard let n = Int(v), n >= 10 else {
                return "expected 'auto' or a width of 10 columns or more, found '\(v)'"
            }
            s.width = n
            return nil
        } show: { s, _ in
            s.width.map(String.init) ?? "auto"
        },
        Setting(
            "expanded", .choice(RenderOptions.Expanded.allCases.map(\.rawValue)), default: "off",
            help: "off, on or auto: one block per record (auto: when a table is too wide)",
            appliesTo: "output"
        ) { s, v in
            guard let mode = RenderOptions.Expanded(rawValue: v.lowercased()) else {
                return "expected on, off or auto, found '\(v)'"
            }
            s.expanded = mode
            return nil
        } show: { s, _ in
            s.expanded.rawValue
        },
        Setting(
            "national", .number, default: "9.0",
            help: "the national 10th grade median days beside the term report's (default 9)",
            appliesTo: "term report"
        ) { s, v in
            guard let n = Double(v), n >= 0, n.isFinite else {
                return "expected a number of days, found '\(v)'"
            }
            s.nationalMedian = n
            return nil
        } show: { s, _ in
            formatDecimal(s.nationalMedian, places: 1)
        },
        Setting(
            "nationalsource", .text,
            default: "Udir 2025, 10th grade median days 2024/2025, as the Nes audit cites it",
            help: "where the national figure comes from (default: Udir, via the audit)",
            appliesTo: "term report"
        ) { s, v in
            guard !v.isEmpty else { return "expected the source of the national figure" }
            s.nationalSource = v
            return nil
        } show: { s, _ in
            s.nationalSource
        },
    ]

    /// Sets `name` from text; returns an error message saying what would be right.
    public mutating func set(_ name: String, to value: String) -> String? {
        guard let setting = Settings.descriptor(named: name) else {
            return "unknown setting '\(name)'"
        }
        return setting.set(&self, to: value)
    }

    /// The current value of each setting, as text.
    public func values(dataAsOf: Day?) -> [(String, String)] {
        let context = SettingContext(dataAsOf: dataAsOf?.description)
        return Settings.descriptors.map { ($0.name, $0.value(of: self, context)) }
    }

    /// Applies `name=value` assignments from the command line (`--set threshold=10`), in order;
    /// the first problem, as a message naming the assignment, or nil.
    public mutating func apply(_ assignments: [String]) -> String? {
        for assignment in assignments {
            let parts = assignment.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { return "--set expects name=value, found '\(assignment)'" }
            if let problem = set(parts[0], to: parts[1]) {
                return "--set \(assignment): \(problem)"
            }
        }
        return nil
    }
}
