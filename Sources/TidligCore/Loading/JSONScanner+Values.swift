/// An id value: where it is, and its text when the file wrote it with escapes.
struct IDToken {
    /// Offset of the opening quote.
    var offset: Int
    var raw: RawString
    /// The decoded id when the file escaped it; nil when the bytes in the file are the id.
    var decoded: String?
}

/// Typed values of the `tidlig/1` schema, each read at `pos` (whitespace already skipped).
/// On failure `pos` is left at the value, and the failure points at it.
extension JSONScanner {
    // date = '"' 4digit '-' 2digit '-' 2digit '"' (a real calendar date)
    @inline(__always) mutating func readDate() throws(JSONFailure) -> Day {
        let start = pos
        if start + 12 <= count, base[start] == UInt8(ascii: "\""),
            base[start + 11] == UInt8(ascii: "\"")
        {
            let text = UnsafeRawPointer(base + start + 1)
            let head = text.loadUnaligned(as: UInt64.self)
            let tail = text.loadUnaligned(fromByteOffset: 8, as: UInt16.self)
            let hash = (head ^ UInt64(tail) << 17) &* 0x9E37_79B9_7F4A_7C15
            let slot = dateCache + (Int(truncatingIfNeeded: hash >> 54) & (Self.dateCacheSize - 1))
            if slot.pointee.head == head, slot.pointee.tail == tail {
                pos = start + 12
                return slot.pointee.day
            }
            if let day = Day.parse(buffer, at: start + 1) {
                slot.pointee = DateCacheEntry(head: head, tail: tail, day: day)
                pos = start + 12
                return day
            }
        }
        return try readDateSlowly()
    }

    /// Escaped dates, and the messages for everything that is not a date.
    @inline(never) private mutating func readDateSlowly() throws(JSONFailure) -> Day {
        let start = pos
        let expected = "a date \"YYYY-MM-DD\""
        guard peek() == UInt8(ascii: "\"") else { throw typeFailure(expected: expected) }
        let text = try string(try scanString())
        if let day = Day(text) { return day }
        pos = start
        let pattern =
            text.utf8.count == 10
            && text.utf8.enumerated().allSatisfy { index, byte in
                index == 4 || index == 7
                    ? byte == UInt8(ascii: "-") : byte &- UInt8(ascii: "0") < 10
            }
        let hint = pattern ? " (no such day)" : ""
        throw JSONFailure(
            offset: start, message: "expected \(expected), found \(quoted(text))\(hint)")
    }

    // id = '"' ( ALPHA / DIGIT ) *( ALPHA / DIGIT / '.' / '_' / '-' ) '"' ; 1 to 64 characters
    @inline(__always) mutating func readID() throws(JSONFailure) -> IDToken {
        let start = pos
        guard peek() == UInt8(ascii: "\"") else { throw typeFailure(expected: Self.idExpectation) }
        let raw = try scanString()
        if !raw.escaped,
            isValidID(UnsafeBufferPointer(start: base + raw.start, count: raw.end - raw.start))
        {
            return IDToken(offset: start, raw: raw, decoded: nil)
        }
        let text = try string(raw)
        guard raw.escaped, text.utf8.withContiguousStorageIfAvailable({ isValidID($0) }) == true
        else {
            pos = start
            throw JSONFailure(
                offset: start, message: "expected \(Self.idExpectation), found \(quoted(text))")
        }
        return IDToken(offset: start, raw: raw, decoded: text)
    }

    static let idExpectation =
        "an id (1 to 64 of A-Z a-z 0-9 . _ -, starting with a letter or digit)"

    @inline(__always) private func isValidID(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard (1...64).contains(bytes.count) else { return false }
        for (index, byte) in bytes.enumerated() {
            let lower = byte | 0x20
            let alphanumeric = byte &- UInt8(ascii: "0") < 10 || lower &- UInt8(ascii: "a") < 26
            guard alphanumeric || (index > 0 && (byte == 0x2E || byte == 0x5F || byte == 0x2D))
            else { return false }
        }
        return true
    }

    /// The text of an id token.
    func idString(_ token: IDToken) -> String {
        if let decoded = token.decoded { return decoded }
        return String(
            decoding: UnsafeBufferPointer(
                start: base + token.raw.start, count: token.raw.end - token.raw.start),
            as: UTF8.self)
    }

    /// Calls `body` with the bytes of an id token.
    @inline(__always) func withIDBytes<T>(
        _ token: IDToken, _ body: (UnsafeBufferPointer<UInt8>) -> T
    ) -> T {
        if let decoded = token.decoded {
            var copy = decoded
            return copy.withUTF8(body)
        }
        return body(
            UnsafeBufferPointer(
                start: base + token.raw.start, count: token.raw.end - token.raw.start))
    }

    // string = '"' *char '"'
    mutating func readString() throws(JSONFailure) -> String {
        guard peek() == UInt8(ascii: "\"") else { throw typeFailure(expected: "a string") }
        return try string(try scanString())
    }

    // enum = one of the schema's strings
    /// The index of the string value in `names`.
    @inline(__always) mutating func readEnum(_ names: [StaticString]) throws(JSONFailure) -> Int {
        if peek() == UInt8(ascii: "\"") {
            let start = pos
            let raw = try scanString()
            if !raw.escaped {
                let key = JSONKey(
                    start: base + raw.start, count: raw.end - raw.start, offset: start)
                for index in names.indices where key.is(names[index]) { return index }
            }
            pos = start
        }
        return try readEnumSlowly(names)
    }

    /// Escaped enum values, and the message for anything else.
    @inline(never) private mutating func readEnumSlowly(_ names: [StaticString]) throws(JSONFailure)
        -> Int
    {
        let start = pos
        if peek() == UInt8(ascii: "\""), let text = try? string(scanString()),
            let index = names.firstIndex(where: { "\($0)" == text })
        {
            return index
        }
        pos = start
        throw typeFailure(expected: "one of " + names.map { "\"\($0)\"" }.joined(separator: ", "))
    }

    // integer = [ '-' ] int (no fraction, no exponent), within `range`
    @inline(__always) mutating func readInteger(_ range: ClosedRange<Int>) throws(JSONFailure)
        -> Int
    {
        let start = pos
        let byte = peek()
        if byte == UInt8(ascii: "-") || byte &- UInt8(ascii: "0") < 10 {
            let number = try scanNumber()
            if number.isInteger, let value = integerValue(number), range.contains(value) {
                return value
            }
            pos = start
        }
        let expected =
            range.upperBound == Int.max
            ? "an integer of at least \(range.lowerBound)"
            : "an integer from \(range.lowerBound) to \(range.upperBound)"
        throw typeFailure(expected: expected)
    }

    // bounded = number > 0 (or >= minimum) and <= maximum
    /// A number above 0 (and at least `minimum`, when given) and at most `maximum`: every number
    /// the model keeps has a bound, so that no sum, quotient or conversion made from it later can
    /// leave the range of its type.
    @inline(__always) mutating func readNumber(minimum: Double? = nil, maximum: Double)
        throws(JSONFailure) -> Double
    {
        let start = pos
        let byte = peek()
        if byte == UInt8(ascii: "-") || byte &- UInt8(ascii: "0") < 10 {
            let value = doubleValue(try scanNumber())
            if value > 0, value >= minimum ?? 0, value <= maximum { return value }
            pos = start
        }
        let low = minimum.map { "from \(Self.formatBound($0)) to" } ?? "above 0 and at most"
        throw typeFailure(expected: "a number \(low) \(Self.formatBound(maximum))")
    }

    private static func formatBound(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    // boolean = "true" / "false"
    @inline(__always) mutating func readBool() throws(JSONFailure) -> Bool {
        let byte = peek()
        if byte == UInt8(ascii: "t"), pos + 4 <= count, base[pos + 1] == UInt8(ascii: "r"),
            base[pos + 2] == UInt8(ascii: "u"), base[pos + 3] == UInt8(ascii: "e")
        {
            pos += 4
            return true
        }
        if byte == UInt8(ascii: "f"), hasLiteral("false") {
            pos += 5
            return false
        }
        throw typeFailure(expected: "true or false")
    }
}
