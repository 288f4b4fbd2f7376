/// `policies`: the escalation policies the session knows, built-in and defined.
public struct PoliciesCommand: Command {
    public static let name = "policies"
    public static let summary = "list the escalation policies: the presets and those defined"
    public static let usage = "policies"
    public static let details = """
        Lists each policy with its steps, its parameters (what 'with NAME = NUMBER' can change)
        and where it came from. 'policy show NAME' prints one as source.

        Example:
          policies
        """

    public static func parse(_ parser: inout Parser, keyword: Token) throws(ParseFailure)
        -> PoliciesCommand
    { PoliciesCommand() }

    public func run(in session: Session) throws {
        var entries: [(Policy, String)] = PolicyBook.presets.map { ($0, "built in") }
        if let actual = session.policies.policy(named: "actual", data: session.data) {
            entries.append((actual, "built in, from the data"))
        }
        entries += session.policies.defined.map { ($0.policy, $0.origin) }
        let rows: [[Value]] = entries.map { policy, origin in
            var parameters = policy.parameters.map {
                "\($0.name) = \(formatDecimal($0.value, places: $0.value == $0.value.rounded() ? 0 : 1))"
            }
            if policy.hasVisits { parameters.append("visits") }
            return [
                .string(policy.name), .string(policy.steps.map(\.name).joined(separator: ", ")),
                .string(parameters.joined(separator: ", ")), .string(origin),
                .string(policy.title ?? ""),
            ]
        }
        session.emit(
            ResultTable(
                columns: [
                    .init("policy"), .init("steps"), .init("parameters"), .init("from"),
                    .init("title"),
                ],
                rows: rows,
                notes: [
                    "visits: days between a service's visits (default: the data's visitEveryDays)"
                ]))
    }
}
