/// One token of the tidlig language, with where it came from.
public struct Token: Sendable, Equatable {
    /// What kind of token it is.
    public enum Kind: Sendable, Equatable {
        /// A name: a command, keyword, field or named result (`students`, `where`, `days`).
        case identifier
        /// A number literal: `15`, `10.5`.
        case number
        /// A quoted string, escapes resolved: `"lower-secondary"`.
        case string
        /// A date literal: `2025-01-31`.
        case date
        /// An operator or punctuation: `>=`, `(`, `,`.
        case symbol
        /// A raw word read in word mode (an id or a path): `S0000042`, `data/week.json`.
        case word
        /// The end of the input.
        case end
    }

    public var kind: Kind
    /// The token's text (for strings, the unescaped value).
    public var text: String
    public var span: SourceSpan

    public init(_ kind: Kind, _ text: String, _ span: SourceSpan) {
        self.kind = kind
        self.text = text
        self.span = span
    }

    /// True for the identifier `word` (keywords are identifiers, matched case-insensitively).
    public func isKeyword(_ word: String) -> Bool {
        kind == .identifier && text.lowercased() == word
    }

    /// True for the symbol `symbol`.
    public func isSymbol(_ symbol: String) -> Bool { kind == .symbol && text == symbol }
}
