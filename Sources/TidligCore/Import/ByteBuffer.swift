/// An append-only byte buffer for writing JSON, with escaping for any text.
struct ByteBuffer {
    private(set) var bytes: [UInt8] = []

    init() { bytes.reserveCapacity((1 << 20) + 65536) }

    var count: Int { bytes.count }

    @inline(__always) mutating func raw(_ text: StaticString) {
        bytes.append(
            contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// A JSON string, escaped.
    mutating func string(_ text: String) {
        bytes.append(0x22)
        for b in text.utf8 {
            switch b {
            case 0x22: bytes += [0x5C, 0x22]
            case 0x5C: bytes += [0x5C, 0x5C]
            case 0x0A: bytes += [0x5C, 0x6E]
            case 0x0D: bytes += [0x5C, 0x72]
            case 0x09: bytes += [0x5C, 0x74]
            case ..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes += [0x5C, 0x75, 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 15)]]
            default: bytes.append(b)
            }
        }
        bytes.append(0x22)
    }

    mutating func int(_ value: Int) { bytes.append(contentsOf: String(value).utf8) }

    /// A finite number in its shortest form: `6`, `0.75`.
    mutating func number(_ value: Double) {
        if value == value.rounded(), abs(value) < 1e15 {
            int(Int(value))
        } else {
            bytes.append(contentsOf: "\(value)".utf8)
        }
    }

    /// `"YYYY-MM-DD"`.
    mutating func date(_ day: Day) {
        let (y, m, d) = day.components
        bytes.append(0x22)
        bytes.append(0x30 + UInt8(y / 1000 % 10))
        bytes.append(0x30 + UInt8(y / 100 % 10))
        bytes.append(0x30 + UInt8(y / 10 % 10))
        bytes.append(0x30 + UInt8(y % 10))
        bytes.append(0x2D)
        bytes.append(0x30 + UInt8(m / 10))
        bytes.append(0x30 + UInt8(m % 10))
        bytes.append(0x2D)
        bytes.append(0x30 + UInt8(d / 10))
        bytes.append(0x30 + UInt8(d % 10))
        bytes.append(0x22)
    }

    /// Hands the bytes to `writer`'s thread; this buffer continues in a used one's storage.
    mutating func flush(to writer: BackgroundWriter) throws { try writer.send(&bytes) }

    mutating func flush(to sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        try bytes.withUnsafeBytes { try sink($0) }
        bytes.removeAll(keepingCapacity: true)
    }
}
