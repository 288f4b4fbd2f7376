/// Why a statement could not be parsed.
public enum ParseFailure: Error, Sendable {
    /// The input ended where more was expected: the shell shows a continuation prompt.
    case incomplete(Diagnostic)
    /// The input is wrong; the diagnostic points at the token.
    case invalid(Diagnostic)

    /// The diagnostic either way.
    public var diagnostic: Diagnostic {
        switch self {
        case .incomplete(let d), .invalid(let d): d
        }
    }
}

/// A recursive-descent parser over one statement, with a Pratt loop for expressions.
public struct Parser {
    public internal(set) var lexer: Lexer
    /// The statement's text.
    public let text: String
    /// How many `expression` calls are open: refused past `nestingLimit`.
    var nesting = 0

    /// A parser over `text`, or over the statement in `range` of it (its bytes).
    public init(_ text: String, range: Range<Int>? = nil) {
        self.text = text
        lexer = Lexer(text, offset: range?.lowerBound ?? 0, end: range?.upperBound)
    }

    // MARK: Tokens

    /// The next token, not consumed.
    public func peek() throws(ParseFailure) -> Token {
        do { return try lexer.peek() } catch { throw Parser.failure(error) }
    }

    /// Consumes and returns the next token.
    @discardableResult
    public mutating func advance() throws(ParseFailure) -> Token {
        do { return try lexer.next() } catch { throw Parser.failure(error) }
    }

    /// Reads a raw word (an id, a path).
    public mutating func word(_ what: String) throws(ParseFailure) -> Token {
        let token: Token
        do { token = try lexer.nextWord() } catch { throw Parser.failure(error) }
        guard token.kind != .end else { throw incomplete("expected \(what)", at: token) }
        return token
    }

    /// The rest of the statement as one raw word.
    public mutating func rest() -> Token { lexer.rest() }

    /// True when only white space and comments remain.
    public var atEnd: Bool { lexer.atEnd }

    /// Consumes the keyword if it is next.
    public mutating func accept(_ keyword: String) throws(ParseFailure) -> Token? {
        let token = try peek()
        guard token.isKeyword(keyword) else { return nil }
        return try advance()
    }

    /// Consumes the symbol if it is next.
    public mutating func acceptSymbol(_ symbol: String) throws(ParseFailure) -> Token? {
        let token = try peek()
        guard token.isSymbol(symbol) else { return nil }
        return try advance()
    }

    /// Consumes the keyword or fails, saying what was expected.
    @discardableResult
    public mutating func expect(_ keyword: String) throws(ParseFailure) -> Token {
        if let token = try accept(keyword) { return token }
        throw unexpected(try peek(), expected: "'\(keyword)'")
    }

    /// Consumes the symbol or fails.
    @discardableResult
    public mutating func expectSymbol(_ symbol: String) throws(ParseFailure) -> Token {
        if let token = try acceptSymbol(symbol) { return token }
        throw unexpected(try peek(), expected: "'\(symbol)'")
    }

    /// Fails unless the statement is over.
    public func expectEnd(_ what: String = "the end of the statement") throws(ParseFailure) {
        let token = try peek()
        if token.kind != .end { throw unexpected(token, expected: what) }
    }

    /// An "expected X, found Y" failure; `incomplete` at the end of input.
    public func unexpected(_ token: Token, expected: String, note: String? = nil) -> ParseFailure {
        if token.kind == .end { return incomplete("expected \(expected)", at: token) }
        return .invalid(
            Diagnostic(
                "expected \(expected), found \(Parser.describe(token))", at: token.span, note: note)
        )
    }

    func incomplete(_ message: String, at token: Token) -> ParseFailure {
        .incomplete(Diagnostic("unexpected end of input; \(message)", at: token.span))
    }

    static func describe(_ token: Token) -> String {
        switch token.kind {
        case .end: "the end of input"
        case .string: "the string \"\(token.text)\""
        case .number, .date, .symbol, .identifier, .word: "'\(token.text)'"
        }
    }

    static func failure(_ error: Lexer.Failure) -> ParseFailure {
        switch error {
        case .unterminatedString(let span):
            .incomplete(
                Diagnostic("unterminated string", at: span, note: "close it with a matching quote"))
        case .unexpectedCharacter(let span, let character):
            .invalid(Diagnostic("unexpected character '\(character)'", at: span))
        case .invalidDate(let span, let text):
            .invalid(
                Diagnostic(
                    "'\(text)' is not a date", at: span,
                    note: "write dates as YYYY-MM-DD, e.g. 2025-01-31"))
        }
    }
}
