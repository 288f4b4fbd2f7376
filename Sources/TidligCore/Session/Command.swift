/// One command of the language: how it is parsed, how it runs, and how `help` explains it.
///
/// Each command lives in its own file under `Session/Commands/` and is listed in `CommandRegistry`.
public protocol Command: Sendable {
    /// The word that starts it: `schools`.
    static var name: String { get }
    /// Other words that start it: `exit` for `quit`.
    static var aliases: [String] { get }
    /// One line for the `help` list.
    static var summary: String { get }
    /// The grammar: `schools [where CONDITION] [as of DATE]`.
    static var usage: String { get }
    /// More words and examples for `help NAME`.
    static var details: String { get }
    /// Parses the rest of the statement; the command word is already consumed.
    static func parse(_ parser: inout Parser, keyword: Token) throws(ParseFailure) -> Self
    /// Runs it. Throws a `Diagnostic` (or `SessionError`) and changes nothing when it fails.
    func run(in session: Session) throws
    /// Tab completion after the command word: candidates for the word being typed, or nil to
    /// complete it as part of a query (fields, keywords, services, schools).
    static func complete(_ request: CompletionRequest) -> [String]?
}

extension Command {
    public static var aliases: [String] { [] }
}

/// All commands, in the order `help` lists them.
public enum CommandRegistry {
    public static let all: [any Command.Type] = [
        ListCommand.self, CountCommand.self, SchoolsCommand.self, ShowCommand.self, LetCommand.self,
        AuditCommand.self, TimelineCommand.self, CaseCommand.self, CasesCommand.self,
        EffectCommand.self,
        DelaysCommand.self, PolicyCommand.self, PoliciesCommand.self,
        SimulateCommand.self, CompareCommand.self, ForecastCommand.self, ReportCommand.self,
        NotifyCommand.self, NotificationsCommand.self, DisclosuresCommand.self,
        ProblemsCommand.self, FieldsCommand.self, SetCommand.self, LoadCommand.self,
        RunCommand.self, OpenCommand.self, HelpCommand.self, QuitCommand.self,
    ]

    /// The command that `word` starts, if any.
    public static func command(named word: String) -> (any Command.Type)? {
        let word = word.lowercased()
        return all.first { $0.name == word || $0.aliases.contains(word) }
    }

    /// Every command word, for completion and "did you mean".
    public static var words: [String] { all.flatMap { [$0.name] + $0.aliases } }

    // statement -> COMMAND ... | NAME [query clauses]      (a named result lists its students)
    /// Parses one statement.
    public static func parse(_ text: String, range: Range<Int>? = nil) throws(ParseFailure)
        -> any Command
    {
        var parser = Parser(text, range: range)
        let first = try parser.peek()
        guard first.kind == .identifier else {
            throw parser.unexpected(first, expected: "a command (type 'help' to list them)")
        }
        let statement: any Command
        if let type = command(named: first.text), type != ListCommand.self {
            try parser.advance()
            statement = try type.parse(&parser, keyword: first)
        } else {
            statement = try ListCommand.parse(&parser, keyword: first)
        }
        try parser.expectEnd()
        return statement
    }
}
