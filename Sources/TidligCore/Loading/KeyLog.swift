/// The keys of one JSON object met so far, so that a key given twice is refused at its second
/// place (which of the two values would count?).
///
/// Keys the schema names are bits, free on the hot path; other keys are kept as bytes, which
/// costs nothing for an object that has none.
struct KeyLog {
    /// The known keys seen, one bit each (the parse function numbers them).
    private(set) var bits: UInt32 = 0
    private var others: [[UInt8]] = []
    private var many: Set<[UInt8]> = []

    /// Notes the known key `bit`; refuses it the second time.
    @inline(__always) mutating func note(_ bit: UInt32, _ key: JSONKey, in s: JSONScanner)
        throws(JSONFailure)
    {
        guard bits & bit == 0 else { throw s.duplicateKeyFailure(key) }
        bits |= bit
    }

    /// Notes a key the schema does not name; refuses it the second time.
    mutating func noteOther(_ key: JSONKey, in s: JSONScanner) throws(JSONFailure) {
        let bytes = s.keyBytes(key)
        if many.isEmpty, others.count < 16 {
            guard !others.contains(bytes) else { throw s.duplicateKeyFailure(key) }
            others.append(bytes)
        } else {
            if many.isEmpty { many = Set(others) }
            guard many.insert(bytes).inserted else { throw s.duplicateKeyFailure(key) }
        }
    }
}

extension JSONScanner {
    /// Skips the value of a key the schema does not name (still validated, duplicates refused);
    /// a failure inside it gets the key in its path.
    mutating func skipMember(_ key: JSONKey, _ keys: inout KeyLog, depth: Int = 0)
        throws(JSONFailure)
    {
        try keys.noteOther(key, in: self)
        do { try skipValue(depth: depth) } catch { throw error.under(key: keyName(key)) }
    }

    /// The bytes of a key, escapes resolved.
    func keyBytes(_ key: JSONKey) -> [UInt8] {
        if key.count >= 0 { return Array(UnsafeBufferPointer(start: key.start, count: key.count)) }
        var probe = self
        probe.pos = key.offset
        guard let raw = try? probe.scanString() else { return [] }
        return decodedBytes(raw)
    }

    /// The text of a key, for a path or a message.
    func keyName(_ key: JSONKey) -> String { String(decoding: keyBytes(key), as: UTF8.self) }

    /// "duplicate key", at the second place, with the key as the last step of the path.
    func duplicateKeyFailure(_ key: JSONKey) -> JSONFailure {
        let name = keyName(key)
        let shown = name.utf8.count <= 64 ? "\"\(name)\"" : "of \(name.utf8.count) bytes"
        return JSONFailure(
            offset: key.offset, message: "duplicate key \(shown); each key at most once per object",
            path: JSONFailure.component(key: name))
    }
}

extension JSONFailure {
    /// The same failure, one level up: the key's path step prepended.
    @inline(never)
    func under(key name: String) -> JSONFailure {
        var copy = self
        copy.path = Self.component(key: name) + path
        return copy
    }

    /// `.name` for a plain name, `["odd key"]` otherwise (escaped as JSON; long keys by length).
    static func component(key name: String) -> String {
        let bytes = Array(name.utf8)
        let plain =
            !bytes.isEmpty
            && bytes.enumerated().allSatisfy { index, byte in
                let letter = (byte | 0x20) &- UInt8(ascii: "a") < 26 || byte == UInt8(ascii: "_")
                return letter || (index > 0 && byte &- UInt8(ascii: "0") < 10)
            }
        if plain, bytes.count <= 64 { return "." + name }
        guard bytes.count <= 64 else { return "[a key of \(bytes.count) bytes]" }
        var text = "[\""
        for scalar in name.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: text.unicodeScalars.append(scalar)
            }
        }
        return text + "\"]"
    }
}
