/// `help` lists the commands; `help NAME` explains one with examples.
public struct HelpCommand: Command {
    public static let name = "help"
    public static let summary = "list commands, or explain one: help COMMAND, FIELD or TOPIC"
    public static let usage = "help [COMMAND | FIELD | where | as of | units | figures]"
    public static let details = """
        Examples:
          help
          help students
          help days
          help where
          help as of
        """

    public var topic: Token?

    public static func parse(_ parser: inout Parser, keyword: Token) throws(ParseFailure)
        -> HelpCommand
    {
        HelpCommand(topic: parser.atEnd ? nil : parser.rest())
    }

    public static func complete(_ request: CompletionRequest) -> [String]? {
        guard request.arguments.isEmpty else { return [] }
        return CommandRegistry.words + HelpTopics.words + FieldCatalog.all.map(\.name)
    }

    public func run(in session: Session) throws {
        guard let topic else {
            let width = CommandRegistry.all.map { $0.name.count }.max() ?? 0
            var lines = ["Commands:"]
            for command in CommandRegistry.all {
                lines.append(
                    "  " + command.name
                        + String(repeating: " ", count: width - command.name.count + 2)
                        + command.summary)
            }
            lines += [
                "",
                "A name made with 'let' lists its students. 'help COMMAND' explains one; 'fields' lists the fields;",
                "'help FIELD', 'help where', 'help as of', 'help units' and 'help figures' explain the language.",
            ]
            session.say(lines.joined(separator: "\n"))
            return
        }
        let words = topic.text.lowercased().split(whereSeparator: \.isWhitespace).joined(
            separator: " ")
        if words == "fields" {
            session.output.write(OutputFormat.table.render(FieldTable.make()))
            return
        }
        guard let command = CommandRegistry.command(named: words) else {
            if let text = HelpTopics.text(words) { session.say(text); return }
            if let setting = Settings.descriptor(named: words) {
                session.say(
                    "set \(setting.name) VALUE: \(setting.help)\nchanges: \(setting.appliesTo); "
                        + "default: \(setting.defaultValue); now: \(setting.value(of: session.settings))"
                )
                return
            }
            let names = CommandRegistry.words + HelpTopics.words + FieldCatalog.all.map(\.name)
            throw Diagnostic(
                "no command, field or topic '\(topic.text)'", at: topic.span,
                note: didYouMean(words, in: names) ?? "type 'help' to list them")
        }
        session.say("usage: \(command.usage)\n\n\(command.summary).\n\n\(command.details)")
    }
}

extension HelpCommand {
    /// The example statements of a help text: the indented lines under "Example:" or
    /// "Examples:" (a statement over several lines is one example), for the test that runs them.
    public static func examples(in text: String) -> [String] {
        var examples: [String] = []
        var inside = false
        var pending: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("Example") { inside = true; continue }
            guard inside, line.hasPrefix("  "), !line.trimmingPrefix(" ").isEmpty else {
                inside = inside && line.isEmpty
                continue
            }
            pending.append(String(line.dropFirst(2)))
            let statement = pending.joined(separator: "\n")
            if !Session.needsMoreInput(statement) {
                examples.append(statement)
                pending = []
            }
        }
        return examples
    }

    /// Every example of every command's and topic's help.
    public static var allExamples: [String] {
        CommandRegistry.all.flatMap { examples(in: $0.details) }
            + [HelpTopics.operators, HelpTopics.dates, HelpTopics.units, HelpTopics.figures].flatMap
        { examples(in: $0) }
    }
}
