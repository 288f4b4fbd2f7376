/// The text encodings an export arrives in, and their conversion to UTF-8.
///
/// Vigilo and Visma Flyt Skole reports come as UTF-8 (with or without a byte-order mark),
/// Windows-1252 (Excel's "CSV" on a Norwegian Windows), or UTF-16 (Excel's "Unicode text").
public enum TextEncoding: String, Sendable, CaseIterable {
    /// Decide from the bytes: a byte-order mark, else UTF-8 if valid, else Windows-1252.
    case auto
    case utf8 = "utf-8"
    case windows1252 = "windows-1252"

    /// The bytes as UTF-8 without a byte-order mark, and the encoding they were found in.
    ///
    /// `auto` never fails: bytes that are not valid UTF-8 are read as Windows-1252, which
    /// gives every byte a meaning. An explicit `utf-8` fails on invalid bytes (nil).
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, as encoding: TextEncoding) -> (
        text: [UInt8], found: String
    )? {
        let n = bytes.count
        if n >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF, encoding != .windows1252 {
            return (Array(bytes[3...]), "UTF-8 with BOM")
        }
        if n >= 2, encoding == .auto,
            (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)
        {
            return (utf16(bytes, littleEndian: bytes[0] == 0xFF), "UTF-16")
        }
        switch encoding {
        case .windows1252:
            return (windows1252(bytes), "Windows-1252")
        case .utf8:
            return isValidUTF8(bytes) ? (Array(bytes), "UTF-8") : nil
        case .auto:
            return isValidUTF8(bytes)
                ? (Array(bytes), "UTF-8") : (windows1252(bytes), "Windows-1252")
        }
    }

    /// True when `bytes` is well-formed UTF-8 (shortest forms, no surrogates); ASCII runs fast.
    static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = bytes.count
        guard let base = bytes.baseAddress else { return true }
        var i = 0
        while i < n {
            if i + 8 <= n {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 {
                    i += 8
                    continue
                }
            }
            let b = base[i]
            if b < 0x80 {
                i += 1
                continue
            }
            let length: Int
            var lower: UInt8 = 0x80, upper: UInt8 = 0xBF
            switch b {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; upper = 0x9F
            case 0xF0: length = 4; lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; upper = 0x8F
            default: return false
            }
            guard i + length <= n else { return false }
            guard base[i + 1] >= lower, base[i + 1] <= upper else { return false }
            for k in 2..<length where base[i + k] & 0xC0 != 0x80 { return false }
            i += length
        }
        return true
    }

    /// Windows-1252 to UTF-8 (the five undefined bytes become U+FFFD).
    static func windows1252(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        for b in bytes {
            if b < 0x80 {
                out.append(b)
                continue
            }
            let scalar: UInt32 = b >= 0xA0 ? UInt32(b) : high1252[Int(b) - 0x80]
            appendUTF8(scalar, to: &out)
        }
        return out
    }

    private static func utf16(_ bytes: UnsafeBufferPointer<UInt8>, littleEndian: Bool) -> [UInt8] {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var i = 2
        while i + 1 < bytes.count {
            let a = UInt16(bytes[i]), b = UInt16(bytes[i + 1])
            units.append(littleEndian ? a | b << 8 : a << 8 | b)
            i += 2
        }
        return Array(String(decoding: units, as: UTF16.self).utf8)
    }

    static func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
        switch scalar {
        case ..<0x80: out.append(UInt8(scalar))
        case ..<0x800:
            out.append(UInt8(0xC0 | scalar >> 6))
            out.append(UInt8(0x80 | scalar & 0x3F))
        case ..<0x10000:
            out.append(UInt8(0xE0 | scalar >> 12))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        default:
            out.append(UInt8(0xF0 | scalar >> 18))
            out.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    /// Code points of Windows-1252 bytes 0x80-0x9F.
    private static let high1252: [UInt32] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
        0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
    ]
}
