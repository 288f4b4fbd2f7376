/// `notify SERVICE about SELECTION [basis ...] [via ...] [template ...] [fields ...] [rule NAME] [dry run]`:
/// tells a service about the selected students, once per rule and school year, and records it in the ledger.
public struct NotifyCommand: Command {
    public static let name = "notify"
    public static let aliases = ["preview"]
    public static let summary =
        "tell a service about the selected students, once, on a recorded legal basis"
    public static let usage = """
        notify SERVICE about SELECTION [basis consent [REF] [otherwise anonymous] | basis anonymous
               | basis duty GROUND] [via outbox [DIR] | via webhook URL [secret ENV]]
               [template NAME | template FILE] [fields reasons, documented, notes] [rule NAME]
               [confirm N] [dry run | --dry-run]
        """
    public static let details = """
        Each selected student becomes one message to the service (a JSON file in the outbox, or a
        signed POST to a webhook over HTTPS), on a legal basis:

          basis consent      each student's consents recorded in the data: sent only for those
                             whose consent covers the service on the date in force (and from 15
                             the student's own consent too); the others are listed, not sent
                             ('otherwise anonymous' sends them as anonymous case discussions).
                             'basis consent "REF"' names a consent kept elsewhere, for one student.
          basis anonymous    an anonymous case discussion: no id, days and percent in bands, the
                             month instead of the date, school and grade only where at least 5
                             students share the figures. No free text.
          basis duty GROUND  the duty to inform child welfare (barnevernsloven § 13-2), on the
                             named ground; only towards a service of kind child-welfare.

        An identified message carries only: the pseudonymous id, school, grade, days, hours,
        percent, the threshold and its crossing date, the BTI level, the coordinator ('set
        coordinator') and the legal basis; reasons, the documented split and the folder's free
        text only with 'fields'. Other services default to an anonymous case discussion; child
        welfare needs an explicit basis.

        Every message is recorded in the ledger before it is sent; the same rule (default
        'default') never tells the same service about the same student twice in a school year.
        Pending messages from earlier runs are retried first; one notify at a time delivers from
        a ledger. More than 'set confirm' messages (default 25) need 'confirm N' on the command.
        'dry run' (or '--dry-run', or 'preview ...') shows what would be sent and sends and
        records nothing.

        Examples:
          notify ppt about students where days >= 15 and not involved(ppt) basis consent dry run
          notify ppt about students where days >= 15 basis consent otherwise anonymous confirm 300 dry run
          notify child-welfare about students where days >= 100 limit 1 basis duty "bvl § 13-2: neglect" dry run
          notify school-health about students where percent > 10 via webhook https://hooks.example/tidlig dry run
        """

    var service: Token
    var query: Query
    var basis: (LegalBasis, SourceSpan)?
    /// `otherwise anonymous`: students without a valid consent get an anonymous message.
    var otherwiseAnonymous: SourceSpan?
    var channel: ChannelChoice = .outbox(nil)
    var template: Token?
    var extras: Set<ExtraField> = []
    var extrasSpan: SourceSpan?
    var rule: Token?
    /// `confirm N`: the number of messages the writer expects at most.
    var confirm: (Int, SourceSpan)?
    var dryRun = false

    /// Where the messages go, as written.
    enum ChannelChoice {
        case outbox(Token?)
        case webhook(Token, secret: Token?)
    }

    static let optionWords: Set<String> = [
        "basis", "via", "template", "fields", "rule", "dry", "otherwise", "confirm",
    ]

    // notify -> ('notify' | 'preview') SERVICE 'about' query { option }

    public static func complete(_ request: CompletionRequest) -> [String]? {
        request.arguments.isEmpty ? request.services : nil
    }

    public static func parse(_ parser: inout Parser, keyword: Token) throws(ParseFailure)
        -> NotifyCommand
    {
        // '--dry-run' anywhere in the statement is the dry run: blanked out before anything reads it.
        let dashed = NotifyCommand.dashedDryRuns(parser.text, from: parser.lexer.offset)
        if !dashed.isEmpty {
            var bytes = Array(parser.text.utf8)
            for range in dashed { for i in range { bytes[i] = 0x20 } }
            parser.lexer = Lexer(
                String(decoding: bytes, as: UTF8.self), offset: parser.lexer.offset)
        }
        let service = try parser.word("a service id")
        try parser.expect("about")
        var command = NotifyCommand(
            service: service, query: try parser.query([.order, .limit], stopAt: optionWords))
        command.dryRun = keyword.isKeyword("preview") || !dashed.isEmpty
        var seen: Set<String> = []
        while !parser.atEnd {
            let word = try parser.advance()
            guard word.kind == .identifier, optionWords.contains(word.text.lowercased()) else {
                throw parser.unexpected(
                    word,
                    expected: "'basis', 'via', 'template', 'fields', 'rule', 'confirm', "
                        + "'dry run' or the end of the statement",
                    note: "a complete statement takes nothing after it")
            }
            guard seen.insert(word.text.lowercased()).inserted else {
                throw .invalid(Diagnostic("'\(word.text)' given twice", at: word.span))
            }
            try command.option(word, &parser)
        }
        if let otherwise = command.otherwiseAnonymous, command.basis?.0 != .consent(reference: nil)
        {
            throw .invalid(
                Diagnostic(
                    "'otherwise anonymous' goes with 'basis consent'", at: otherwise,
                    note: "it sends the students without a valid consent anonymously"))
        }
        return command
    }

    /// The byte ranges of every `--dry-run` outside strings and comments, from `offset` on.
    static func dashedDryRuns(_ text: String, from offset: Int) -> [Range<Int>] {
        var lexer = Lexer(text, offset: offset)
        var tokens: [Token] = []
        while true {
            do {
                let token = try lexer.next()
                if token.kind == .end { break }
                tokens.append(token)
            } catch {
                guard case .unexpectedCharacter(let span, _) = error else { break }
                lexer = Lexer(text, offset: span.end)  // a path or a ground: not a token, skip on
            }
        }
        var ranges: [Range<Int>] = []
        var i = 0
        while i + 4 < tokens.count {
            let t = Array(tokens[i...(i + 4)])
            let adjacent = (0..<4).allSatisfy { t[$0].span.end == t[$0 + 1].span.start }
            if adjacent, t[0].isSymbol("-"), t[1].isSymbol("-"), t[2].isKeyword("dry"),
                t[3].isSymbol("-"),
                t[4].isKeyword("run")
            {
                ranges.append(t[0].span.start..<t[4].span.end)
                i += 5
            } else {
                i += 1
            }
        }
        return ranges
    }

    // option -> 'basis' basis | 'via' channel | 'template' WORD | 'fields' NAME {',' NAME} | 'rule' WORD
    //         | 'otherwise' 'anonymous' | 'confirm' NUMBER | 'dry' 'run'
    private mutating func option(_ word: Token, _ parser: inout Parser) throws(ParseFailure) {
        switch word.text.lowercased() {
        case "basis": basis = try NotifyCommand.basis(&parser)
        case "via": channel = try NotifyCommand.channel(&parser)
        case "template": template = try parser.word("a template name or file")
        case "rule": rule = try parser.word("a rule name")
        case "dry": try parser.expect("run"); dryRun = true
        case "otherwise":
            let anonymous = try parser.expect("anonymous")
            otherwiseAnonymous = word.span.union(anonymous.span)
        case "confirm":
            let number = try parser.advance()
            guard number.kind == .number, let n = Int(number.text), n >= 0 else {
                throw parser.unexpected(
                    number, expected: "the number of messages expected, e.g. 'confirm 40'")
            }
            confirm = (n, word.span.union(number.span))
        default:
            var span = word.span
            repeat {
                let name = try parser.advance()
                guard let extra = ExtraField(rawValue: name.text.lowercased()),
                    name.kind == .identifier
                else {
                    let names = ExtraField.allCases.map(\.rawValue)
                    let always =
                        MessageContent.placeholders.contains(name.text)
                        ? "'\(name.text)' is always sent; " : ""
                    throw parser.unexpected(
                        name, expected: "an extra field (\(names.joined(separator: ", ")))",
                        note: didYouMean(name.text, in: names)
                            ?? "\(always)fields that are sent only when asked: \(names.joined(separator: ", "))"
                    )
                }
                extras.insert(extra)
                span = span.union(name.span)
            } while try parser.acceptSymbol(",") != nil
            extrasSpan = span
        }
    }

    // basis -> 'consent' [REF] | 'anonymous' | 'duty' GROUND
    static func basis(_ parser: inout Parser) throws(ParseFailure) -> (LegalBasis, SourceSpan) {
        let kind = try parser.advance()
        switch kind.kind == .identifier ? kind.text.lowercased() : "" {
        case "consent":
            let next = try parser.peek()
            if next.kind == .end
                || (next.kind == .identifier && optionWords.contains(next.text.lowercased()))
            {
                return (.consent(reference: nil), kind.span)
            }
            let reference = try parser.word("the consent's reference, e.g. \"ref-2025-17\"")
            guard next.kind == .string || !reference.text.hasPrefix("-") else {
                throw .invalid(
                    Diagnostic(
                        "'\(reference.text)' is not a consent reference", at: reference.span,
                        note:
                            "quote a reference that starts with '-'; for a dry run write 'dry run'")
                )
            }
            return (.consent(reference: reference.text), kind.span.union(reference.span))
        case "anonymous": return (.anonymous, kind.span)
        case "duty":
            let next = try parser.peek()
            guard next.kind != .end,
                !(next.kind == .identifier && optionWords.contains(next.text.lowercased()))
            else {
                throw parser.unexpected(
                    next,
                    expected: "the ground of the duty, e.g. basis duty \"bvl § 13-2: reason "
                        + "to believe the child is neglected\"",
                    note: "absence alone is no ground for a duty to inform (DOMAIN.md)")
            }
            let ground = try parser.word("the ground of the duty")
            return (.duty(ground: ground.text), kind.span.union(ground.span))
        default:
            throw parser.unexpected(
                kind, expected: "a legal basis: 'consent', 'anonymous' or 'duty GROUND'")
        }
    }

    // channel -> 'outbox' [WORD] | 'webhook' WORD ['secret' WORD]
    static func channel(_ parser: inout Parser) throws(ParseFailure) -> ChannelChoice {
        let kind = try parser.advance()
        if kind.isKeyword("outbox") {
            let next = try parser.peek()
            if next.kind == .end
                || (next.kind == .identifier && optionWords.contains(next.text.lowercased()))
            {
                return .outbox(nil)
            }
            return .outbox(try parser.word("an outbox directory"))
        }
        guard kind.isKeyword("webhook") else {
            throw parser.unexpected(kind, expected: "'outbox' or 'webhook'")
        }
        let url = try parser.word("the webhook's https:// address")
        let secret =
            try parser.accept("secret") != nil
            ? try parser.word("the name of the environment variable holding the secret") : nil
        return .webhook(url, secret: secret)
    }
}
