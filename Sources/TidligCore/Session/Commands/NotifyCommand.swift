/// `notify SERVICE about SELECTION [basis ...] [via ...] [template ...] [fields ...] [rule NAME] [dry run]`:
/// tells a service about the selected students, once per rule and school year, and records it in the ledger.
public struct NotifyCommand: Command {
    public static let name = "notify"
    public static let aliases = ["preview"]
    public static let summary = "tell a service about the selected students, once, on a recorded legal basis"
    public static let usage = """
        notify SERVICE about SELECTION [basis consent REF | basis anonymous | basis duty]
               [via outbox [DIR] | via webhook URL [secret ENV]] [template NAME | template FILE]
               [fields reasons, documented, notes] [rule NAME] [dry run]
        """
    public static let details = """
        Each selected student becomes one message to the service (a JSON file in the outbox, or a
        signed POST to a webhook), carrying only: the pseudonymous id (not on an anonymous basis),
        school, grade, days, hours, percent, the threshold and its crossing date, the BTI level,
        the coordinator ('set coordinator') and the legal basis. Reasons, the documented split and
        the folder's free text only with 'fields'. Child welfare needs an explicit basis; other
        services default to an anonymous case discussion.

        Every message is recorded in the ledger before it is sent; the same rule (default
        'default') never tells the same service about the same student twice in a school year.
        Pending messages from earlier runs are retried first. 'dry run' (or 'preview ...') shows
        what would be sent and sends and records nothing.

        Examples:
          notify ppt about students where days >= 15 and not involved(ppt) basis consent "ref-2025-17" dry run
          notify child-welfare about students where days >= 40 basis duty rule weekly-40
          notify school-health about students where percent > 10 via webhook http://127.0.0.1:8080/tidlig dry run
        """

    var service: Token
    var query: Query
    var basis: (LegalBasis, SourceSpan)?
    var channel: ChannelChoice = .outbox(nil)
    var template: Token?
    var extras: Set<ExtraField> = []
    var rule: Token?
    var dryRun = false

    /// Where the messages go, as written.
    enum ChannelChoice {
        case outbox(Token?)
        case webhook(Token, secret: Token?)
    }

    static let optionWords: Set<String> = ["basis", "via", "template", "fields", "rule", "dry"]

    // notify -> ('notify' | 'preview') SERVICE 'about' query { option }
    public static func parse(_ parser: inout Parser, keyword: Token) throws(ParseFailure) -> NotifyCommand {
        let service = try parser.word("a service id")
        try parser.expect("about")
        var command = NotifyCommand(service: service, query: try parser.query([.order, .limit], stopAt: optionWords))
        command.dryRun = keyword.isKeyword("preview")
        var seen: Set<String> = []
        while !parser.atEnd {
            let word = try parser.advance()
            guard word.kind == .identifier, optionWords.contains(word.text.lowercased()) else {
                throw parser.unexpected(word, expected: "'basis', 'via', 'template', 'fields', 'rule', 'dry run' or the end of the statement")
            }
            guard seen.insert(word.text.lowercased()).inserted else { throw .invalid(Diagnostic("'\(word.text)' given twice", at: word.span)) }
            try command.option(word, &parser)
        }
        return command
    }

    // option -> 'basis' basis | 'via' channel | 'template' WORD | 'fields' NAME {',' NAME} | 'rule' WORD | 'dry' 'run'
    private mutating func option(_ word: Token, _ parser: inout Parser) throws(ParseFailure) {
        switch word.text.lowercased() {
        case "basis": basis = try NotifyCommand.basis(&parser)
        case "via": channel = try NotifyCommand.channel(&parser)
        case "template": template = try parser.word("a template name or file")
        case "rule": rule = try parser.word("a rule name")
        case "dry": try parser.expect("run"); dryRun = true
        default:
            repeat {
                let name = try parser.advance()
                guard let extra = ExtraField(rawValue: name.text.lowercased()), name.kind == .identifier else {
                    let names = ExtraField.allCases.map(\.rawValue)
                    let always = MessageContent.placeholders.contains(name.text) ? "'\(name.text)' is always sent; " : ""
                    throw parser.unexpected(name, expected: "an extra field (\(names.joined(separator: ", ")))",
                                            note: didYouMean(name.text, in: names) ?? "\(always)fields that are sent only when asked: \(names.joined(separator: ", "))")
                }
                extras.insert(extra)
            } while try parser.acceptSymbol(",") != nil
        }
    }

    // basis -> 'consent' WORD | 'anonymous' | 'duty'
    static func basis(_ parser: inout Parser) throws(ParseFailure) -> (LegalBasis, SourceSpan) {
        let kind = try parser.advance()
        switch kind.kind == .identifier ? kind.text.lowercased() : "" {
        case "consent":
            let reference = try parser.word("the consent's reference, e.g. \"ref-2025-17\"")
            return (.consent(reference: reference.text), kind.span.union(reference.span))
        case "anonymous": return (.anonymous, kind.span)
        case "duty": return (.duty, kind.span)
        default:
            throw parser.unexpected(kind, expected: "a legal basis: 'consent REF', 'anonymous' or 'duty'")
        }
    }

    // channel -> 'outbox' [WORD] | 'webhook' WORD ['secret' WORD]
    static func channel(_ parser: inout Parser) throws(ParseFailure) -> ChannelChoice {
        let kind = try parser.advance()
        if kind.isKeyword("outbox") {
            let next = try parser.peek()
            if next.kind == .end || (next.kind == .identifier && optionWords.contains(next.text.lowercased())) { return .outbox(nil) }
            return .outbox(try parser.word("an outbox directory"))
        }
        guard kind.isKeyword("webhook") else { throw parser.unexpected(kind, expected: "'outbox' or 'webhook'") }
        let url = try parser.word("the webhook's http:// address")
        let secret = try parser.accept("secret") != nil ? try parser.word("the name of the environment variable holding the secret") : nil
        return .webhook(url, secret: secret)
    }
}
