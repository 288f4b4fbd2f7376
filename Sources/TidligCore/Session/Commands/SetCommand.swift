/// `set threshold 10`, `set format csv`, `set asof 2025-01-31`; `set` alone lists the settings.
public struct SetCommand: Command {
    public static let name = "set"
    public static let summary = "change a setting (threshold, format, asof); alone, list them"
    public static let usage = "set [NAME VALUE]"
    public static let details = """
        Settings:
          threshold  the action threshold in whole days (default 15)
          format     table, csv, json or markdown
          asof       the date figures are computed at: a date, or 'data' for the data's asOf
          window     first day of the folder-audit window: a date, or 'default'
          little     the folder audit's limit for little documentation (default 2)
          timing     on or off: each statement's run time on standard error
          totals     on or off: CSV and JSON carry the total rows too (default: data rows only)
          national   the national 10th grade median days beside the term report's (default 9)
          nationalsource  where the national figure comes from (default: Udir, via the audit)
          output     stdout, or a file every result goes to from now on (mode 0600)
          pager      on or off: results longer than the screen go through $PAGER (less -S)
          width      auto (the terminal's) or the columns tables are cut to on the screen
          expanded   off, on or auto: one block per record (auto: when a table is too wide)
          ledger     the notification ledger file (default $XDG_STATE_HOME/tidlig/ledger.sqlite)
          outbox     the default outbox directory (default: 'outbox' beside the ledger)
          coordinator  who coordinates and how to reach them, carried by every message
          secretenv  the environment variable holding the webhook secret
          timeout    seconds for one webhook request (default 10)
          retries    tries per webhook message in one run (default 4)
          backoff    seconds before the second try, doubled after (default 1)

        Examples:
          set threshold 10
          set format csv
          set asof 2025-01-31
          set coordinator "Kari Nordmann, SLT-koordinator, 64 00 00 00"
        """

    public var name: Token?
    public var value: Token?

    public static func parse(_ parser: inout Parser, keyword: Token) throws(ParseFailure) -> SetCommand {
        if parser.atEnd { return SetCommand() }
        let name = try parser.advance()
        guard name.kind == .identifier else { throw parser.unexpected(name, expected: "the name of a setting") }
        let names = Settings.names.map(\.name)
        guard names.contains(name.text.lowercased()) else {
            throw .invalid(Diagnostic("unknown setting '\(name.text)'", at: name.span,
                                      note: didYouMean(name.text, in: names) ?? "settings: \(names.joined(separator: ", "))"))
        }
        return SetCommand(name: name, value: try parser.word("a value for '\(name.text)'"))
    }

    public func run(in session: Session) throws {
        guard let name, let value else {
            session.emit(ResultTable(columns: [.init("setting"), .init("value")],
                                     rows: session.settings.values(dataAsOf: session.data?.asOf).map { [.string($0.0), .string($0.1)] }))
            return
        }
        var settings = session.settings
        if let problem = settings.set(name.text.lowercased(), to: value.text) {
            throw Diagnostic(problem, at: value.span)
        }
        if name.text.lowercased() == "output" {
            try session.redirectOutput(to: settings.outputPath, at: value.span)
        }
        if name.text.lowercased() == "asof", let day = settings.asOf, let data = session.data {
            try session.checkInYear(day, at: value.span, data: data)
        }
        session.settings = settings
    }
}
