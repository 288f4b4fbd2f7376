/// Binding power of the binary operators, lowest first (like Lua's `priority[]`).
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

    /// The precedence of `token` used as a binary operator, or `.none`.
    static func binary(_ token: Token) -> Precedence {
        switch token.kind {
        case .identifier:
            switch token.text.lowercased() {
            case "or": .or
            case "and": .and
            case "in", "is": .comparison
            case "not": .comparison  // `x not in (...)`
            default: .none
            }
        case .symbol:
            switch token.text {
            case "=", "==", "!=", "<>", "<", "<=", ">", ">=": .comparison
            case "+", "-": .additive
            case "*", "/": .multiplicative
            default: .none
            }
        default: .none
        }
    }
}
