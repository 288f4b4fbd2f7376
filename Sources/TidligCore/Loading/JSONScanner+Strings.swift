/// The content of a JSON string in the input: byte offsets between the quotes.
struct RawString {
    /// Offset of the first content byte (after the opening quote).
    var start: Int
    /// Offset of the closing quote.
    var end: Int
    /// True when the content holds a backslash escape, so the bytes are not the text.
    var escaped: Bool
}

extension JSONScanner {
    // string = '"' *( unescaped / '\' escape ) '"' ; unescaped = any byte >= 0x20 except '"' and '\'
    /// Scans the string at `pos` (an opening quote), validating escapes; `pos` ends after the closing quote.
    @inline(__always) mutating func scanString() throws(JSONFailure) -> RawString {
        let start = pos + 1
        var index = start
        // Eight bytes at a time; the lowest special byte of a word is found exactly.
        while index + 8 <= count {
            let mask = Self.specialBytes(
                UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
            if mask != 0 {
                index += mask.trailingZeroBitCount >> 3
                if base[index] == UInt8(ascii: "\"") {
                    pos = index + 1
                    return RawString(start: start, end: index, escaped: false)
                }
                return try scanStringSlowly(start: start, from: index)
            }
            index += 8
        }
        return try scanStringSlowly(start: start, from: index)
    }

    /// High bits set for bytes that are '"', '\\' or below 0x20; the lowest set bit is exact
    /// (bits above it may be spurious, from borrows), which is all the scan needs.
    @inline(__always) static func specialBytes(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let quote = word ^ (ones &* 0x22), backslash = word ^ (ones &* 0x5C)
        let zeroQuote = (quote &- ones) & ~quote
        let zeroBackslash = (backslash &- ones) & ~backslash
        let control = (word &- ones &* 0x20) & ~word
        return (zeroQuote | zeroBackslash | control) & highs
    }

    /// The rest of a string with escapes (or an error), from `index`.
    @inline(never) private mutating func scanStringSlowly(start: Int, from: Int) throws(JSONFailure)
        -> RawString
    {
        var index = from
        var escaped = false
        while index < count {
            let byte = base[index]
            if byte == UInt8(ascii: "\"") {
                pos = index + 1
                return RawString(start: start, end: index, escaped: escaped)
            }
            if byte == UInt8(ascii: "\\") {
                escaped = true
                index = try scanEscape(at: index)
            } else if byte < 0x20 {
                throw controlCharacterFailure(at: index)
            } else {
                index += 1
            }
        }
        throw JSONFailure(
            offset: count, message: "unexpected end of file in a string; expected '\"'")
    }

    // escape = '"' / '\' / '/' / 'b' / 'f' / 'n' / 'r' / 't' / 'u' 4hexdig ; surrogates come in pairs
    /// Validates the escape at `index` (a backslash) and returns the offset after it.
    private func scanEscape(at index: Int) throws(JSONFailure) -> Int {
        guard index + 1 < count else {
            throw JSONFailure(
                offset: count, message: "unexpected end of file in a string; expected '\"'")
        }
        switch base[index + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
            UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return index + 2
        case UInt8(ascii: "u"):
            let unit = try hexUnit(at: index)
            if (0xDC00...0xDFFF).contains(unit) { throw surrogateFailure(at: index, unit) }
            guard (0xD800...0xDBFF).contains(unit) else { return index + 6 }
            let low =
                index + 6 + 1 < count && base[index + 6] == UInt8(ascii: "\\")
                    && base[index + 7] == UInt8(ascii: "u") ? try hexUnit(at: index + 6) : 0
            guard (0xDC00...0xDFFF).contains(low) else { throw surrogateFailure(at: index, unit) }
            return index + 12
        default:
            throw JSONFailure(
                offset: index,
                message: "invalid escape '\\\(describeByte(at: index + 1))'; "
                    + "expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX")
        }
    }

    /// The 16-bit unit of the `\uXXXX` escape at `index`.
    private func hexUnit(at index: Int) throws(JSONFailure) -> UInt32 {
        var unit: UInt32 = 0
        for offset in (index + 2)..<(index + 6) {
            guard offset < count else {
                throw JSONFailure(
                    offset: count, message: "unexpected end of file in a string; expected '\"'")
            }
            let byte = base[offset]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default:
                throw JSONFailure(
                    offset: index, message: "invalid escape: '\\u' needs four hex digits (\\u00E5)")
            }
            unit = unit << 4 | UInt32(digit)
        }
        return unit
    }

    private func surrogateFailure(at index: Int, _ unit: UInt32) -> JSONFailure {
        let hex = String(unit, radix: 16, uppercase: true)
        return JSONFailure(
            offset: index,
            message:
                "unpaired surrogate '\\u\(hex)'; expected a pair '\\uD800'-'\\uDBFF' then '\\uDC00'-'\\uDFFF'"
        )
    }

    private func controlCharacterFailure(at index: Int) -> JSONFailure {
        let hex = String(base[index], radix: 16, uppercase: true)
        let code = hex.count < 2 ? "0\(hex)" : hex
        return JSONFailure(
            offset: index,
            message:
                "control character U+00\(code) in a string; write it escaped (\\n, \\t, \\u00\(code))"
        )
    }

    // MARK: Decoding

    /// The text of a scanned string; fails on invalid UTF-8.
    func string(_ raw: RawString) throws(JSONFailure) -> String {
        let text: String?
        if raw.escaped {
            text = String(validating: decodedBytes(raw), as: UTF8.self)
        } else {
            text = String(
                validating: UnsafeBufferPointer(
                    start: base + raw.start, count: raw.end - raw.start), as: UTF8.self)
        }
        guard let text else {
            throw JSONFailure(
                offset: raw.start - 1, message: "invalid UTF-8 in a string; the file must be UTF-8")
        }
        return text
    }

    /// The bytes a scanned string stands for, escapes resolved (the scan validated them).
    func decodedBytes(_ raw: RawString) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(raw.end - raw.start)
        var index = raw.start
        while index < raw.end {
            let byte = base[index]
            guard byte == UInt8(ascii: "\\") else {
                bytes.append(byte)
                index += 1
                continue
            }
            let letter = base[index + 1]
            index += 2
            switch letter {
            case UInt8(ascii: "b"): bytes.append(0x08)
            case UInt8(ascii: "f"): bytes.append(0x0C)
            case UInt8(ascii: "n"): bytes.append(0x0A)
            case UInt8(ascii: "r"): bytes.append(0x0D)
            case UInt8(ascii: "t"): bytes.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = (try? hexUnit(at: index - 2)) ?? 0xFFFD
                index += 4
                if (0xD800...0xDBFF).contains(scalar) {
                    let low = (try? hexUnit(at: index)) ?? 0xDC00
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    index += 6
                }
                bytes.append(
                    contentsOf: String(Character(Unicode.Scalar(scalar) ?? "\u{FFFD}")).utf8)
            default: bytes.append(letter)
            }
        }
        return bytes
    }

    // MARK: Describing what was found

    /// A short rendering of the value or token at `pos`, for "expected X, found Y".
    func describeFound() -> String {
        guard pos < count else { return "the end of the file" }
        var copy = self
        switch base[pos] {
        case UInt8(ascii: "{"): return "an object"
        case UInt8(ascii: "["): return "an array"
        case UInt8(ascii: "\""):
            guard let raw = try? copy.scanString(), let text = try? string(raw) else {
                return "an unterminated string"
            }
            return quoted(text)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            if (try? copy.scanNumber()) != nil {
                return String(
                    decoding: UnsafeBufferPointer(start: base + pos, count: copy.pos - pos),
                    as: UTF8.self)
            }
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            // A plain comparison: `expectLiteral` fails through `failure`, which calls this.
            for literal: StaticString in ["true", "false", "null"] where hasLiteral(literal) {
                return "\(literal)"
            }
        default: break
        }
        return "'\(describeByte(at: pos))'"
    }

    /// The character starting at `index`, or `U+XXXX` for a control character or a broken sequence.
    func describeByte(at index: Int) -> String {
        guard index < count else { return "end of file" }
        let byte = base[index]
        if byte < 0x20 || byte == 0x7F { return "U+\(hex4(UInt32(byte)))" }
        var length = 1
        while index + length < count, length < 4, base[index + length] & 0xC0 == 0x80 {
            length += 1
        }
        let bytes = UnsafeBufferPointer(start: base + index, count: length)
        return String(validating: bytes, as: UTF8.self)
            ?? "byte 0x\(String(byte, radix: 16, uppercase: true))"
    }

    /// `"text"` for a short token-like value (`"2025-13-01"`, `"week"`), so the message shows what
    /// was found; anything longer or with spaces may be free text about a child, and is not shown.
    func quoted(_ text: String) -> String {
        let tokenLike =
            text.count <= 24 && !text.unicodeScalars.contains { $0.properties.isWhitespace }
        guard tokenLike else { return "a text of \(text.count) characters (not shown)" }
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            default:
                if scalar.value < 0x20 {
                    escaped += "\\u\(hex4(scalar.value))"
                } else {
                    escaped.unicodeScalars.append(scalar)
                }
            }
        }
        return "\"\(escaped)\""
    }
}

/// Four upper-case hex digits, `00E5`.
func hex4(_ value: UInt32) -> String {
    let hex = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 4 - hex.count)) + hex
}
