/// A byte-level JSON reader over memory the caller keeps alive (a mapped file or a buffer).
///
/// It validates JSON syntax as it goes and never builds a tree: the schema-driven parse
/// functions of `DataSetParser` pull keys and typed values from it, and skip the rest with
/// `skipValue()`. Positions are byte offsets; line and column are computed only on failure.
struct JSONScanner {
    let base: UnsafePointer<UInt8>
    /// The end of the input (a JSON Lines parse bounds it to the current line).
    var count: Int
    /// Offset of the next unread byte.
    var pos: Int = 0
    /// Scratch for object keys written with escapes (longer keys match no known key anyway).
    let keyScratch: UnsafeMutablePointer<UInt8>
    static let keyScratchSize = 32
    /// Dates seen recently, by their text: a school year has a few hundred distinct dates.
    let dateCache: UnsafeMutablePointer<DateCacheEntry>
    static let dateCacheSize = 1024

    init(
        base: UnsafePointer<UInt8>, count: Int, keyScratch: UnsafeMutablePointer<UInt8>,
        dateCache: UnsafeMutablePointer<DateCacheEntry>
    ) {
        self.base = base
        self.count = count
        self.keyScratch = keyScratch
        self.dateCache = dateCache
    }

    var buffer: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    // ws = *( %x20 / %x09 / %x0A / %x0D )
    @inline(__always) mutating func skipWhitespace() {
        while pos < count {
            let byte = base[pos]
            guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return }
            pos += 1
        }
    }

    /// The next non-whitespace byte, not consumed; 0 at the end of the input.
    @inline(__always) mutating func peek() -> UInt8 {
        skipWhitespace()
        return pos < count ? base[pos] : 0
    }

    // MARK: Structure

    // object-open = ws '{'
    /// Consumes `{` and returns its offset (where a missing field is reported).
    @inline(__always) mutating func openObject() throws(JSONFailure) -> Int {
        guard peek() == UInt8(ascii: "{") else { throw typeFailure(expected: "an object") }
        pos += 1
        return pos - 1
    }

    // members = ws [ member *( ws ',' ws member ) ] ws '}' ; member = string ws ':' ws value
    /// The next key with the scanner at its value, or nil after the closing `}`.
    @inline(__always) mutating func nextKey(_ first: inout Bool) throws(JSONFailure) -> JSONKey? {
        // Fast path, on a local position: `}`, or `,` (not before the first key) then a plain key
        // of up to 15 bytes, found in two 8-byte words, and ':'.
        var index = skippingWhitespace(from: pos)
        if index + 18 < count {
            var byte = base[index]
            if byte == UInt8(ascii: "}") {
                pos = index + 1
                return nil
            }
            if !first {
                index = byte == UInt8(ascii: ",") ? skippingWhitespace(from: index + 1) : count
                byte = index + 18 < count ? base[index] : 0
            }
            if byte == UInt8(ascii: "\"") {
                let text = UnsafeRawPointer(base + index + 1)
                var mask = Self.specialBytes(text.loadUnaligned(as: UInt64.self))
                var length = mask.trailingZeroBitCount >> 3
                if mask == 0 {
                    mask = Self.specialBytes(text.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
                    length = 8 &+ mask.trailingZeroBitCount >> 3
                }
                if mask != 0, base[index &+ 1 &+ length] == UInt8(ascii: "\""),
                    base[index &+ 2 &+ length] == UInt8(ascii: ":")
                {
                    let key = JSONKey(start: base + index + 1, count: length, offset: index)
                    pos = skippingWhitespace(from: index &+ 3 &+ length)
                    first = false
                    return key
                }
            }
        }
        return try nextKeySlowly(&first)
    }

    /// The offset of the first non-whitespace byte at or after `start`.
    @inline(__always) func skippingWhitespace(from start: Int) -> Int {
        var index = start
        while index < count {
            let byte = base[index]
            guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { break }
            index &+= 1
        }
        return index
    }

    /// `nextKey` for long or escaped keys, odd spacing, the end of the input and errors.
    @inline(never) private mutating func nextKeySlowly(_ first: inout Bool) throws(JSONFailure)
        -> JSONKey?
    {
        var byte = peek()
        if byte == UInt8(ascii: "}") {
            pos += 1
            return nil
        }
        if first {
            first = false
        } else {
            guard byte == UInt8(ascii: ",") else { throw failure(expected: "'}' or ','") }
            pos += 1
            byte = peek()
        }
        guard byte == UInt8(ascii: "\"") else { throw failure(expected: "a key in double quotes") }
        let key = try readKey()
        guard peek() == UInt8(ascii: ":") else { throw failure(expected: "':' after the key") }
        pos += 1
        skipWhitespace()
        return key
    }

    // array-open = ws '['
    /// Consumes `[`.
    @inline(__always) mutating func openArray() throws(JSONFailure) {
        guard peek() == UInt8(ascii: "[") else { throw typeFailure(expected: "an array") }
        pos += 1
    }

    // elements = ws [ value *( ws ',' ws value ) ] ws ']'
    /// True with the scanner at the next element, false after the closing `]`.
    @inline(__always) mutating func nextElement(_ first: inout Bool) throws(JSONFailure) -> Bool {
        let byte = peek()
        if first {
            first = false
            if byte == UInt8(ascii: "]") {
                pos += 1
                return false
            }
            return true
        }
        if byte == UInt8(ascii: ",") {
            pos += 1
            skipWhitespace()
            return true
        }
        guard byte == UInt8(ascii: "]") else { throw failure(expected: "']' or ','") }
        pos += 1
        return false
    }

    // key = string (compared as bytes; no String is made)
    private mutating func readKey() throws(JSONFailure) -> JSONKey {
        let start = pos
        let raw = try scanString()
        if !raw.escaped {
            return JSONKey(start: base + raw.start, count: raw.end - raw.start, offset: start)
        }
        let bytes = Array(decodedBytes(raw))
        guard bytes.count <= Self.keyScratchSize else {
            return JSONKey(start: keyScratch, count: -1, offset: start)
        }
        for (index, byte) in bytes.enumerated() { keyScratch[index] = byte }
        return JSONKey(start: keyScratch, count: bytes.count, offset: start)
    }

    // MARK: Skipping

    // value = object / array / string / number / "true" / "false" / "null"
    /// Skips one value, still validating its syntax (unknown keys can hold anything valid).
    mutating func skipValue(depth: Int = 0) throws(JSONFailure) {
        switch peek() {
        case UInt8(ascii: "\""): _ = try scanString()
        case UInt8(ascii: "{"):
            guard depth < Self.maximumDepth else { throw depthFailure() }
            _ = try openObject()
            var keys = KeyLog()
            var first = true
            while let key = try nextKey(&first) { try skipMember(key, &keys, depth: depth + 1) }
        case UInt8(ascii: "["):
            guard depth < Self.maximumDepth else { throw depthFailure() }
            try openArray()
            var index = 0
            var first = true
            while try nextElement(&first) {
                do { try skipValue(depth: depth + 1) } catch { throw error.under(index: index) }
                index += 1
            }
        case UInt8(ascii: "t"): try expectLiteral("true")
        case UInt8(ascii: "f"): try expectLiteral("false")
        case UInt8(ascii: "n"): try expectLiteral("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): _ = try scanNumber()
        default: throw failure(expected: "a value")
        }
    }

    /// How deep values the schema does not name may nest (the recursion that skips them is bounded).
    static let maximumDepth = 512

    private func depthFailure() -> JSONFailure {
        JSONFailure(
            offset: pos,
            message:
                "values nested deeper than \(Self.maximumDepth) levels; tidlig reads at most \(Self.maximumDepth)"
        )
    }

    // literal = "true" / "false" / "null"
    mutating func expectLiteral(_ literal: StaticString) throws(JSONFailure) {
        guard hasLiteral(literal) else { throw failure(expected: "a value") }
        pos += literal.utf8CodeUnitCount
    }

    /// True when the bytes at `pos` are `literal`.
    func hasLiteral(_ literal: StaticString) -> Bool {
        let length = literal.utf8CodeUnitCount
        guard pos + length <= count else { return false }
        for index in 0..<length where base[pos + index] != literal.utf8Start[index] { return false }
        return true
    }

    // MARK: Failures

    /// "expected X, found Y" at the current position ("unexpected end of file; expected X" at the end).
    func failure(expected: String) -> JSONFailure {
        if pos >= count {
            return JSONFailure(offset: pos, message: "unexpected end of file; expected \(expected)")
        }
        return JSONFailure(offset: pos, message: "expected \(expected), found \(describeFound())")
    }

    /// Like `failure(expected:)`, for a value of the wrong type.
    func typeFailure(expected: String) -> JSONFailure { failure(expected: expected) }
}

/// An object key as bytes (in the file, or in the scanner's key scratch when it had escapes).
struct JSONKey {
    let start: UnsafePointer<UInt8>
    /// Byte length; -1 for an escaped key too long to be one we know.
    let count: Int
    /// Offset of the key's opening quote.
    let offset: Int

    /// True when the key is exactly `name`.
    @inline(__always) func `is`(_ name: StaticString) -> Bool {
        guard count == name.utf8CodeUnitCount else { return false }
        let bytes = name.utf8Start
        for index in 0..<count where start[index] != bytes[index] { return false }
        return true
    }
}

/// One slot of the scanner's date cache: the 10 bytes `YYYY-MM-DD` and their day.
struct DateCacheEntry {
    /// Bytes 0-7; 0 for an empty slot (a date never starts with a zero byte).
    var head: UInt64 = 0
    /// Bytes 8-9.
    var tail: UInt16 = 0
    var day = Day(rawValue: 0)
}
