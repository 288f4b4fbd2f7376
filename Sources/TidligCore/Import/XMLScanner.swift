/// A small XML reader for the parts of an .xlsx file: start and end tags with attributes,
/// text with the five entities and character references, CDATA; comments, processing
/// instructions and DOCTYPE skipped. Namespace prefixes are dropped (`x:row` is `row`).
/// No DTD is ever read, so no entity can expand.
struct XMLScanner {
    enum Event {
        case start(
            name: ArraySlice<UInt8>, attributes: [(ArraySlice<UInt8>, [UInt8])], selfClosing: Bool)
        case end(name: ArraySlice<UInt8>)
        case text([UInt8])
    }

    let bytes: [UInt8]

    /// Calls `body` for each event in document order; nil when the XML is malformed.
    func scan(_ body: (Event) -> Void) -> Bool {
        let n = bytes.count
        var i = 0
        while i < n {
            if bytes[i] != 0x3C {
                let start = i
                while i < n, bytes[i] != 0x3C { i += 1 }
                guard let text = XMLScanner.unescape(bytes[start..<i]) else { return false }
                body(.text(text))
                continue
            }
            if starts(with: "<?", at: i) {
                guard let end = find("?>", from: i) else { return false }; i = end + 2; continue
            }
            if starts(with: "<!--", at: i) {
                guard let end = find("-->", from: i) else { return false }; i = end + 3; continue
            }
            if starts(with: "<![CDATA[", at: i) {
                guard let end = find("]]>", from: i) else { return false }
                body(.text(Array(bytes[(i + 9)..<end])))
                i = end + 3
                continue
            }
            if starts(with: "<!", at: i) {
                guard let end = find(">", from: i) else { return false }; i = end + 1; continue
            }
            if i + 1 < n, bytes[i + 1] == 0x2F {
                guard let end = find(">", from: i) else { return false }
                body(.end(name: XMLScanner.local(trimmed(bytes[(i + 2)..<end]))))
                i = end + 1
                continue
            }
            // start-tag = '<' name { space name '=' quote value quote } [ '/' ] '>'
            var j = i + 1
            while j < n, !isSpace(bytes[j]), bytes[j] != 0x3E, bytes[j] != 0x2F { j += 1 }
            let name = XMLScanner.local(bytes[(i + 1)..<j])
            var attributes: [(ArraySlice<UInt8>, [UInt8])] = []
            var selfClosing = false
            while true {
                while j < n, isSpace(bytes[j]) { j += 1 }
                guard j < n else { return false }
                if bytes[j] == 0x3E { j += 1; break }
                if bytes[j] == 0x2F {
                    guard j + 1 < n, bytes[j + 1] == 0x3E else { return false }
                    selfClosing = true
                    j += 2
                    break
                }
                let nameStart = j
                while j < n, bytes[j] != 0x3D, !isSpace(bytes[j]), bytes[j] != 0x3E { j += 1 }
                let attributeName = XMLScanner.local(bytes[nameStart..<j])
                while j < n, isSpace(bytes[j]) { j += 1 }
                guard j < n, bytes[j] == 0x3D else { return false }
                j += 1
                while j < n, isSpace(bytes[j]) { j += 1 }
                guard j < n, bytes[j] == 0x22 || bytes[j] == 0x27 else { return false }
                let quote = bytes[j]
                let valueStart = j + 1
                j += 1
                while j < n, bytes[j] != quote { j += 1 }
                guard j < n, let value = XMLScanner.unescape(bytes[valueStart..<j]) else {
                    return false
                }
                attributes.append((attributeName, value))
                j += 1
            }
            body(.start(name: name, attributes: attributes, selfClosing: selfClosing))
            if selfClosing { body(.end(name: name)) }
            i = j
        }
        return true
    }

    private func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    private func trimmed(_ s: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var s = s
        while let last = s.last, isSpace(last) { s = s.dropLast() }
        return s
    }

    private func starts(with text: StaticString, at index: Int) -> Bool {
        let count = text.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        for k in 0..<count where bytes[index + k] != text.utf8Start[k] { return false }
        return true
    }

    private func find(_ text: StaticString, from index: Int) -> Int? {
        var k = index
        while k < bytes.count {
            if starts(with: text, at: k) { return k }
            k += 1
        }
        return nil
    }

    /// `x:row` -> `row`.
    static func local(_ name: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        guard let colon = name.lastIndex(of: 0x3A) else { return name }
        return name[(colon + 1)...]
    }

    /// Text with `&lt;` `&gt;` `&amp;` `&quot;` `&apos;` `&#N;` `&#xH;` resolved; nil for another entity.
    static func unescape(_ s: ArraySlice<UInt8>) -> [UInt8]? {
        guard s.contains(0x26) else { return Array(s) }
        var out: [UInt8] = []
        var i = s.startIndex
        while i < s.endIndex {
            guard s[i] == 0x26 else { out.append(s[i]); i += 1; continue }
            guard let semicolon = s[i...].firstIndex(of: 0x3B), semicolon - i <= 10 else {
                return nil
            }
            let entity = String(decoding: s[(i + 1)..<semicolon], as: UTF8.self)
            switch entity {
            case "lt": out.append(0x3C)
            case "gt": out.append(0x3E)
            case "amp": out.append(0x26)
            case "quot": out.append(0x22)
            case "apos": out.append(0x27)
            default:
                guard entity.hasPrefix("#") else { return nil }
                let hex = entity.hasPrefix("#x") || entity.hasPrefix("#X")
                guard let value = UInt32(entity.dropFirst(hex ? 2 : 1), radix: hex ? 16 : 10),
                    let scalar = Unicode.Scalar(value)
                else { return nil }
                TextEncoding.appendUTF8(scalar.value, to: &out)
            }
            i = semicolon + 1
        }
        return out
    }
}
