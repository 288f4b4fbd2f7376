/// Binding power of the operators, lowest first (like Lua's `priority[]`).
///
/// | level | operators                         |
/// |-------|-----------------------------------|
/// | 1     | `or`                              |
/// | 2     | `and`                             |
/// | 3     | `not` (prefix)                    |
/// | 4     | `= != <> < <= > >=`, `in`, `is`   |
/// | 5     | `+ -`                             |
/// | 6     | `* /`                             |
/// | 7     | unary `-`                         |
public enum Precedence: Int, Comparable, Sendable {
    case none = 0, or, and, not, comparison, additive, multiplicative, unary

    public static func < (a: Precedence, b: Precedence) -> Bool { a.rawValue < b.rawValue }
}

/// What the parser does with an operator it meets after an operand.
enum InfixRule: Sendable, Equatable {
    /// `a OP b`.
    case binary(BinaryOperator)
    /// `a in (...)`, `a in NAME`.
    case membership
    /// `a not in ...`.
    case notMembership
    /// `a is [not] null`.
    case isNull
}

/// One row of the operator table: how an operator is spelled, what it parses to, how tightly it binds.
struct OperatorRule: Sendable {
    /// `and`, `>=`.
    var spelling: String
    /// True for a keyword (an identifier, matched case-insensitively), false for a symbol.
    var isWord: Bool
    var precedence: Precedence
    /// For infix operators.
    var infix: InfixRule?
    /// For prefix operators.
    var prefix: UnaryOperator?
}

extension Precedence {
    private static func word(_ s: String, _ p: Precedence, _ rule: InfixRule) -> OperatorRule {
        OperatorRule(spelling: s, isWord: true, precedence: p, infix: rule)
    }
    private static func symbol(_ s: String, _ p: Precedence, _ op: BinaryOperator) -> OperatorRule {
        OperatorRule(spelling: s, isWord: false, precedence: p, infix: .binary(op))
    }

    /// Every infix operator of the expression language (clox's `rules[]`), read by the parser's
    /// Pratt loop; `==` and `<>` are other spellings of `=` and `!=`.
    static let infixRules: [OperatorRule] = [
        word("or", .or, .binary(.or)),
        word("and", .and, .binary(.and)),
        word("in", .comparison, .membership),
        word("not", .comparison, .notMembership),  // `x not in (...)`
        word("is", .comparison, .isNull),
        symbol("=", .comparison, .equal), symbol("==", .comparison, .equal),
        symbol("!=", .comparison, .notEqual), symbol("<>", .comparison, .notEqual),
        symbol("<", .comparison, .less), symbol("<=", .comparison, .lessOrEqual),
        symbol(">", .comparison, .greater), symbol(">=", .comparison, .greaterOrEqual),
        symbol("+", .additive, .add), symbol("-", .additive, .subtract),
        symbol("*", .multiplicative, .multiply), symbol("/", .multiplicative, .divide),
    ]

    /// The prefix operators: the operand binds at the operator's level.
    static let prefixRules: [OperatorRule] = [
        OperatorRule(spelling: "not", isWord: true, precedence: .not, prefix: .not),
        OperatorRule(spelling: "-", isWord: false, precedence: .unary, prefix: .negate),
    ]

    private static let infixWords = Dictionary(
        uniqueKeysWithValues: infixRules.filter(\.isWord).map { ($0.spelling, $0) })
    private static let infixSymbols = Dictionary(
        uniqueKeysWithValues: infixRules.filter { !$0.isWord }.map { ($0.spelling, $0) })

    /// The rule for `token` used as an infix operator, if it is one.
    static func infix(_ token: Token) -> OperatorRule? {
        switch token.kind {
        case .identifier: infixWords[token.text.lowercased()]
        case .symbol: infixSymbols[token.text]
        default: nil
        }
    }

    /// The rule for `token` used as a prefix operator, if it is one.
    static func prefix(_ token: Token) -> OperatorRule? {
        prefixRules.first { rule in
            rule.isWord ? token.isKeyword(rule.spelling) : token.isSymbol(rule.spelling)
        }
    }

    /// The precedence of `token` used as a binary operator, or `.none`.
    static func binary(_ token: Token) -> Precedence { infix(token)?.precedence ?? .none }
}
