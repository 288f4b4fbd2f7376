/// `set threshold 10`, `set format csv`, `set asof 2025-01-31`; `set` alone lists the settings.
public struct SetCommand: Command {
    public static let name = "set"
    public static let summary = "change a setting (threshold, format, asof); alone, list them"
    public static let usage = "set [NAME VALUE]"
    public static var details: String {
        let lines = Settings.descriptors.map { setting in
            let name =
                setting.name.count < 9
                ? setting.name.padding(toLength: 9, withPad: " ", startingAt: 0) : setting.name
            return "  \(name)  \(setting.help)"
        }
        return (["Settings:"] + lines).joined(separator: "\n") + """


            Examples:
              set threshold 10
              set format csv
              set asof 2025-01-31
              set coordinator "Kari Nordmann, SLT-koordinator, 64 00 00 00"
            """
    }

    public var name: Token?
    public var value: Token?

    public static func parse(_ parser: inout Parser, keyword: Token) throws(ParseFailure)
        -> SetCommand
    {
        if parser.atEnd { return SetCommand() }
        let name = try parser.advance()
        guard name.kind == .identifier else {
            throw parser.unexpected(name, expected: "the name of a setting")
        }
        let names = Settings.names.map(\.name)
        guard names.contains(name.text.lowercased()) else {
            throw .invalid(
                Diagnostic(
                    "unknown setting '\(name.text)'", at: name.span,
                    note: didYouMean(name.text, in: names)
                        ?? "settings: \(names.joined(separator: ", "))"))
        }
        return SetCommand(name: name, value: try parser.word("a value for '\(name.text)'"))
    }

    public static func complete(_ request: CompletionRequest) -> [String]? {
        switch request.arguments.count {
        case 0: return Settings.descriptors.map(\.name)
        case 1:
            guard let setting = Settings.descriptor(named: request.arguments[0].lowercased()) else {
                return []
            }
            return setting.completions + (setting.type == .file ? request.paths : [])
        default: return []
        }
    }

    public func run(in session: Session) throws {
        guard let name, let value else {
            session.emit(
                ResultTable(
                    columns: [.init("setting"), .init("value")],
                    rows: session.settings.values(dataAsOf: session.data?.asOf).map {
                        [.string($0.0), .string($0.1)]
                    }))
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
