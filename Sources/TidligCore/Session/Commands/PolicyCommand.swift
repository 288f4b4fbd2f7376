/// `policy NAME ... end`, `policy NAME = nes with slots = 8`, `policy show NAME`, `policy load FILE`.
public struct PolicyCommand: Command {
    public static let name = "policy"
    public static let summary = "define, show or load an escalation policy"
    public static let usage =
        "policy NAME [\"TITLE\"] ... end | policy NAME = POLICY [with NAME = NUMBER {and ...}] | policy show NAME | policy load FILE"
    public static let details = """
        A policy is a ladder of steps. Each step says when it is due (a threshold crossed, a
        document recorded, or an earlier step done), who acts (the school and the services,
        with the BTI level), and when it happens: within N school days, at a weekly meeting
        with a capacity, or at the service's next visit to the school. A block continues over
        lines until 'end'. Parameters are numbers that 'with' can change.

        Examples:
          policy quick "PPT early"
            parameter threshold = 10
            step mapping when days >= threshold by school within 3 school days
            step ppt     when after mapping by ppt at visit every 14 days
          end
          policy nes10 = nes with threshold = 10 and slots = 8
          policy show nes
          policy load policies/2025.tidlig
        """

    enum Form {
        case define(Policy, Token)
        case derive(Token, Scenario)
        case show(Token)
        case load(Token)
    }

    var form: Form
    var source: String

    // policy -> 'policy' ( 'load' FILE | 'show' NAME | NAME '=' scenario | NAME policy-body )
    public static func parse(_ parser: inout Parser, keyword: Token) throws(ParseFailure)
        -> PolicyCommand
    {
        let first = try parser.peek()
        if first.isKeyword("load") {
            try parser.advance()
            return PolicyCommand(
                form: .load(try parser.word("a policy file to load")), source: parser.text)
        }
        if first.isKeyword("show") {
            try parser.advance()
            return PolicyCommand(
                form: .show(try parser.hyphenatedName("the name of a policy")), source: parser.text)
        }
        let name = try parser.hyphenatedName("a name for the policy, 'show' or 'load'")
        if try parser.acceptSymbol("=") != nil {
            return PolicyCommand(form: .derive(name, try parser.scenario()), source: parser.text)
        }
        var policy = try parser.policyBody(name: name)
        let bytes = Array(parser.text.utf8)
        policy.source = String(
            decoding: bytes[keyword.span.start..<parser.lexer.offset], as: UTF8.self)
        return PolicyCommand(form: .define(policy, name), source: parser.text)
    }

    public static func complete(_ request: CompletionRequest) -> [String]? {
        switch (request.arguments.count, request.arguments.first?.lowercased()) {
        case (0, _): return ["show", "load"]
        case (1, "show"): return request.policies
        case (1, "load"): return request.paths
        default: return nil
        }
    }

    public func run(in session: Session) throws {
        switch form {
        case .show(let name):
            guard let policy = session.policies.policy(named: name.text, data: session.data) else {
                throw Diagnostic(
                    "unknown policy '\(name.text)'", at: name.span,
                    note: didYouMean(name.text, in: session.policies.names)
                        ?? "type 'policies' to list them")
            }
            session.say(policy.source)
        case .define(let policy, let name):
            try session.policies.define(policy, origin: "typed", at: name.span)
            session.say(
                "policy \(policy.name): \(policy.steps.count) step\(policy.steps.count == 1 ? "" : "s")"
            )
        case .derive(let name, let scenario):
            var policy = try session.policies.derive(
                name: name.text, from: scenario, data: session.data)
            policy.source = "policy \(name.text) = \(scenario.text)"
            try session.policies.define(policy, origin: "typed", at: name.span)
            session.say("policy \(policy.name): \(scenario.text)")
        case .load(let path):
            try load(path, session)
        }
    }

    private func load(_ path: Token, _ session: Session) throws {
        let file = FilePaths.resolve(path.text, against: session.baseDirectory)
        let text: String
        do { text = try readText(path: file) } catch {
            throw SessionError.io("cannot read \(path.text): \(error.message)")
        }
        var parser = Parser(text)
        var book = session.policies
        do {
            let policies = try PolicyBook.parseFile(&parser, book: book, data: session.data)
            for policy in policies { try book.define(policy, origin: path.text, at: nil) }
            session.policies = book
            session.say(
                "loaded \(policies.count) polic\(policies.count == 1 ? "y" : "ies") from \(path.text): \(policies.map(\.name).joined(separator: ", "))"
            )
        } catch let failure as ParseFailure {
            var diagnostic = failure.diagnostic
            diagnostic.source = SourceFile(name: path.text, text: text)
            throw diagnostic
        }
    }
}
