/// A value-type cursor over a statement's UTF-8 bytes; copying it is a cheap rewind.
///
/// Comments run from `#` to the end of the line. `next()` reads ordinary tokens;
/// `nextWord()` reads a raw word (an id or a path) up to white space.
public struct Lexer: Sendable {
    private let bytes: [UInt8]
    /// Byte offset of the next unread byte.
    public private(set) var offset: Int

    /// A lexer over `text` from byte `offset`; with `end`, the text stops there (one of several
    /// statements on a line, separated by `;`), while spans stay offsets into the whole text.
    public init(_ text: String, offset: Int = 0, end: Int? = nil) {
        bytes = end.map { Array(text.utf8.prefix($0)) } ?? Array(text.utf8)
        self.offset = offset
    }

    /// Errors a lexer can meet.
    public enum Failure: Error, Equatable {
        /// A string literal is still open at the end of input: more input may close it.
        case unterminatedString(SourceSpan)
        /// A byte that starts no token.
        case unexpectedCharacter(SourceSpan, String)
        /// Text shaped like a date that is not a real date.
        case invalidDate(SourceSpan, String)
    }

    /// True when only white space and comments remain.
    public var atEnd: Bool {
        var copy = self
        copy.skipTrivia()
        return copy.offset >= bytes.count
    }

    /// The next token without consuming it.
    public func peek() throws(Failure) -> Token {
        var copy = self
        return try copy.next()
    }

    /// Reads the next token.
    public mutating func next() throws(Failure) -> Token {
        skipTrivia()
        let start = offset
        guard offset < bytes.count else {
            return Token(.end, "", SourceSpan(start: start, end: start))
        }
        let byte = bytes[offset]
        if isLetter(byte) || byte >= 0x80 {
            while offset < bytes.count,
                isLetter(bytes[offset]) || isDigit(bytes[offset]) || bytes[offset] >= 0x80
            {
                offset += 1
            }
            return token(.identifier, from: start)
        }
        if isDigit(byte) { return try number(from: start) }
        if byte == 0x22 || byte == 0x27 { return try string(from: start, quote: byte) }
        return try symbol(from: start)
    }

    /// Reads a raw word: everything up to white space (or a matching quote when quoted).
    public mutating func nextWord() throws(Failure) -> Token {
        skipTrivia()
        let start = offset
        guard offset < bytes.count else {
            return Token(.end, "", SourceSpan(start: start, end: start))
        }
        if bytes[offset] == 0x22 || bytes[offset] == 0x27 {
            var token = try string(from: start, quote: bytes[offset])
            token.kind = .word
            return token
        }
        while offset < bytes.count, !isSpace(bytes[offset]) { offset += 1 }
        return token(.word, from: start)
    }

    /// Reads an id as data files spell them (`^[A-Za-z0-9][A-Za-z0-9._-]*`), e.g. `school-health`;
    /// nil (and nothing consumed) when no id starts here.
    public mutating func nextID() -> Token? {
        skipTrivia()
        let start = offset
        guard offset < bytes.count, isLetter(bytes[offset]) || isDigit(bytes[offset]) else {
            return nil
        }
        while offset < bytes.count,
            isLetter(bytes[offset]) || isDigit(bytes[offset]) || bytes[offset] == 0x2D
                || bytes[offset] == 0x2E
        {
            offset += 1
        }
        return token(.word, from: start)
    }

    /// The text from `offset` to the end of input, trimmed.
    public mutating func rest() -> Token {
        skipTrivia()
        let start = offset
        offset = bytes.count
        var end = bytes.count
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        return Token(
            .word, String(decoding: bytes[start..<end], as: UTF8.self),
            SourceSpan(start: start, end: end))
    }

    // number -> digit+ ['.' digit+] | date
    private mutating func number(from start: Int) throws(Failure) -> Token {
        while offset < bytes.count, isDigit(bytes[offset]) { offset += 1 }
        if offset - start == 4, offset < bytes.count, bytes[offset] == 0x2D {
            // YYYY-MM-DD
            let end = start + 10
            if end <= bytes.count, bytes[start + 7] == 0x2D {
                offset = end
                let text = String(decoding: bytes[start..<end], as: UTF8.self)
                guard Day(text) != nil else {
                    throw .invalidDate(SourceSpan(start: start, end: end), text)
                }
                return token(.date, from: start)
            }
        }
        if offset + 1 < bytes.count, bytes[offset] == 0x2E, isDigit(bytes[offset + 1]) {
            offset += 1
            while offset < bytes.count, isDigit(bytes[offset]) { offset += 1 }
        }
        return token(.number, from: start)
    }

    // string -> '"' { char | '\' char } '"'
    private mutating func string(from start: Int, quote: UInt8) throws(Failure) -> Token {
        offset += 1
        var value: [UInt8] = []
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == quote {
                offset += 1
                return Token(
                    .string, String(decoding: value, as: UTF8.self),
                    SourceSpan(start: start, end: offset))
            }
            if byte == 0x5C, offset + 1 < bytes.count {
                offset += 1
                value.append(bytes[offset] == 0x6E ? 0x0A : bytes[offset])
            } else {
                value.append(byte)
            }
            offset += 1
        }
        throw .unterminatedString(SourceSpan(start: start, end: offset))
    }

    private static let symbols = [
        "<=", ">=", "!=", "<>", "==", "=", "<", ">", "(", ")", ",", "+", "-", "*", "/", "%",
    ]

    private mutating func symbol(from start: Int) throws(Failure) -> Token {
        for symbol in Lexer.symbols {
            let utf8 = Array(symbol.utf8)
            if offset + utf8.count <= bytes.count,
                Array(bytes[offset..<(offset + utf8.count)]) == utf8
            {
                offset += utf8.count
                return token(.symbol, from: start)
            }
        }
        let character = String(String(decoding: bytes[offset...], as: UTF8.self).prefix(1))
        offset += max(1, character.utf8.count)
        throw .unexpectedCharacter(SourceSpan(start: start, end: offset), character)
    }

    private mutating func skipTrivia() {
        while offset < bytes.count {
            if isSpace(bytes[offset]) {
                offset += 1
            } else if bytes[offset] == 0x23 {
                while offset < bytes.count, bytes[offset] != 0x0A { offset += 1 }
            } else {
                return
            }
        }
    }

    private func token(_ kind: Token.Kind, from start: Int) -> Token {
        Token(
            kind, String(decoding: bytes[start..<offset], as: UTF8.self),
            SourceSpan(start: start, end: offset))
    }

    private func isLetter(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F
    }
    private func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    private func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
}
