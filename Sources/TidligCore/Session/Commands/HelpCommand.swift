/// `help` lists the commands; `help NAME` explains one with examples.
public struct HelpCommand: Command {
    public static let name = "help"
    public static let summary = "list commands, or explain one: help COMMAND"
    public static let usage = "help [COMMAND]"
    public static let details = """
        Examples:
          help
          help students
        """

    public var topic: Token?

    public static func parse(_ parser: inout Parser, keyword: Token) throws(ParseFailure) -> HelpCommand {
        HelpCommand(topic: parser.atEnd ? nil : try parser.word("a command"))
    }

    public func run(in session: Session) throws {
        guard let topic else {
            let width = CommandRegistry.all.map { $0.name.count }.max() ?? 0
            var lines = ["Commands:"]
            for command in CommandRegistry.all {
                lines.append("  " + command.name + String(repeating: " ", count: width - command.name.count + 2) + command.summary)
            }
            lines += ["", "A name made with 'let' lists its students. 'help COMMAND' explains one; 'fields' lists the fields."]
            session.say(lines.joined(separator: "\n"))
            return
        }
        if topic.text.lowercased() == "fields" {
            session.output.write(OutputFormat.table.render(FieldsCommand.table()))
            return
        }
        guard let command = CommandRegistry.command(named: topic.text) else {
            throw Diagnostic("no command '\(topic.text)'", at: topic.span,
                             note: didYouMean(topic.text, in: CommandRegistry.words) ?? "type 'help' to list them")
        }
        session.say("usage: \(command.usage)\n\n\(command.summary).\n\n\(command.details)")
    }
}
