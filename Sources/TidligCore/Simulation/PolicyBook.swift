/// The policies a session knows: the presets, and those typed or loaded from files.
public struct PolicyBook: Sendable {
    /// Typed or loaded policies, in the order they were defined, with where they came from.
    public private(set) var defined: [(policy: Policy, origin: String)] = []

    public init() {}

    /// `nes` and `baerum`, parsed once; `actual` depends on the data and is made by `policy(named:data:)`.
    public static let presets: [Policy] = [PolicyPresets.nes, PolicyPresets.baerum].map { text in
        var parser = Parser(text)
        // The presets are part of the product; a preset that does not parse is a bug caught by the tests.
        let policy = try! PolicyBook.parseFile(&parser)[0]
        var preset = policy
        preset.source = text
        return preset
    }

    /// Names no typed policy may take.
    public static let builtInNames = ["nes", "baerum", "actual"]

    /// The policy called `name`, if any (`actual` from the data's services).
    public func policy(named name: String, data: DataSet?) -> Policy? {
        if name == "actual", let data {
            let text = PolicyPresets.actual(services: data.services)
            var parser = Parser(text)
            guard var policy = try? PolicyBook.parseFile(&parser).first else { return nil }
            policy.source = text
            return policy
        }
        return PolicyBook.presets.first { $0.name == name }
            ?? defined.last { $0.policy.name == name }?.policy
    }

    /// Every name, for suggestions.
    public var names: [String] { PolicyBook.builtInNames + defined.map(\.policy.name) }

    /// Adds or replaces a policy; the presets cannot be replaced.
    public mutating func define(_ policy: Policy, origin: String, at span: SourceSpan?)
        throws(Diagnostic)
    {
        if PolicyBook.builtInNames.contains(policy.name) {
            throw Diagnostic(
                "'\(policy.name)' is a built-in policy", at: span, note: "choose another name")
        }
        defined.removeAll { $0.policy.name == policy.name }
        defined.append((policy, origin))
    }

    // policy-file -> { 'policy' NAME ( policy-body | '=' scenario ) }
    /// Parses one or more policies; a `policy NAME = BASE with ...` line copies an earlier one.
    public static func parseFile(
        _ parser: inout Parser, book: PolicyBook = PolicyBook(), data: DataSet? = nil
    ) throws(ParseFailure) -> [Policy] {
        var policies: [Policy] = []
        var scratch = book
        repeat {
            let keyword = try parser.expect("policy")
            let name = try parser.hyphenatedName("a name for the policy")
            var policy: Policy
            if try parser.acceptSymbol("=") != nil {
                let scenario = try parser.scenario()
                do {
                    policy = try scratch.derive(name: name.text, from: scenario, data: data)
                } catch { throw .invalid(error) }
            } else {
                policy = try parser.policyBody(name: name)
            }
            let bytes = Array(parser.text.utf8)
            policy.source = String(
                decoding: bytes[keyword.span.start..<parser.lexer.offset], as: UTF8.self)
            scratch.defined.append((policy, "file"))
            policies.append(policy)
        } while !parser.atEnd
        return policies
    }

    /// `fast = nes with threshold = 10`: a copy of a policy with new parameter defaults.
    func derive(name: String, from scenario: Scenario, data: DataSet?) throws(Diagnostic) -> Policy
    {
        var policy = try self.policy(for: scenario, data: data)
        policy.name = name
        for (parameter, value) in scenario.overrides {
            if let index = policy.parameters.firstIndex(where: { $0.name == parameter.text }) {
                policy.parameters[index].value = value
            }
        }
        policy.title = "\(scenario.text)"
        return policy
    }

    /// The policy a scenario names, with its overrides checked (not applied).
    func policy(for scenario: Scenario, data: DataSet?) throws(Diagnostic) -> Policy {
        guard let policy = policy(named: scenario.policy.text, data: data) else {
            throw Diagnostic(
                "unknown policy '\(scenario.policy.text)'", at: scenario.policy.span,
                note: didYouMean(scenario.policy.text, in: names)
                    ?? "policies: \(names.joined(separator: ", "))")
        }
        let allowed = policy.parameters.map(\.name) + (policy.hasVisits ? ["visits"] : [])
        for (parameter, _) in scenario.overrides where !allowed.contains(parameter.text) {
            throw Diagnostic(
                "policy '\(policy.name)' has no parameter '\(parameter.text)'", at: parameter.span,
                note: didYouMean(parameter.text, in: allowed)
                    ?? (allowed.isEmpty
                        ? "it has no parameters"
                        : "its parameters: \(allowed.joined(separator: ", "))"))
        }
        return policy
    }
}

extension Policy {
    /// True when a step happens at a service's visit (so `with visits = N` applies).
    public var hasVisits: Bool {
        steps.contains { if case .visit = $0.timing { true } else { false } }
    }
}
