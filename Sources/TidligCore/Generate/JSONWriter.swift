/// A small append-only byte buffer for writing compact JSON, flushed to a sink in ~1 MB chunks.
///
/// Only what the generator needs: literal fragments (`StaticString`), plain ASCII strings,
/// integers, ISO dates from a precomputed table, and hours in quarter steps.
struct JSONWriter {
    /// Flush once the buffer holds this many bytes.
    static let chunkSize = 1 << 20

    private(set) var bytes: [UInt8] = []
    private let dates: DateTable

    init(dates: DateTable, capacity: Int = JSONWriter.chunkSize + 64 * 1024) {
        self.dates = dates
        bytes.reserveCapacity(capacity)
    }

    /// Appends a literal fragment such as `{"date":"`.
    @inline(__always) mutating func raw(_ text: StaticString) {
        bytes.append(
            contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Appends `,"key":"value"` for a literal value, e.g. a reason or a document text.
    mutating func stringField(_ keyAndOpenQuote: StaticString, _ value: StaticString) {
        raw(keyAndOpenQuote)
        raw(value)
        raw("\"")
    }

    /// Appends a string's UTF-8 bytes inside quotes. Callers pass only texts without `"` or `\`.
    mutating func string(_ text: String, quoted: Bool = true) {
        if quoted { bytes.append(0x22) }
        bytes.append(contentsOf: text.utf8)
        if quoted { bytes.append(0x22) }
    }

    /// Appends a non-negative integer.
    mutating func int(_ value: Int) {
        var divisor = 1
        while divisor <= value / 10 { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            bytes.append(UInt8(truncatingIfNeeded: 0x30 + rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }

    /// Appends a non-negative integer zero-padded to at least `width` digits.
    mutating func int(_ value: Int, width: Int) {
        var length = 1
        var probe = value
        while probe >= 10 { probe /= 10; length += 1 }
        for _ in 0..<max(0, width - length) { bytes.append(0x30) }
        int(value)
    }

    /// Appends `"YYYY-MM-DD"` (with quotes).
    @inline(__always) mutating func date(_ day: Day) {
        bytes.append(0x22)
        dates.append(day, to: &bytes)
        bytes.append(0x22)
    }

    /// Appends `quarters / 4` as a JSON number: `1`, `1.25`, `1.5`, `1.75`.
    mutating func quarterHours(_ quarters: Int) {
        int(quarters / 4)
        switch quarters % 4 {
        case 1: raw(".25")
        case 2: raw(".5")
        case 3: raw(".75")
        default: break
        }
    }

    /// Hands the buffer to `sink` once it holds at least `threshold` bytes, then empties it.
    mutating func flush(
        to sink: (UnsafeRawBufferPointer) throws -> Void, threshold: Int = JSONWriter.chunkSize
    ) rethrows {
        guard bytes.count >= threshold, !bytes.isEmpty else { return }
        try bytes.withUnsafeBytes { try sink($0) }
        bytes.removeAll(keepingCapacity: true)
    }
}

/// ISO text of every date from 2020 to 2029, computed once, ten bytes per day.
struct DateTable: Sendable {
    private let first: Day
    private let text: [UInt8]

    init(
        from first: Day = Day(year: 2020, month: 1, day: 1)!,
        to last: Day = Day(year: 2029, month: 12, day: 31)!
    ) {
        self.first = first
        var text: [UInt8] = []
        text.reserveCapacity((first.days(to: last) + 1) * 10)
        var day = first
        while day <= last {
            text.append(contentsOf: day.description.utf8)
            day = day.adding(days: 1)
        }
        self.text = text
    }

    /// Appends the ten bytes of `day`.
    @inline(__always) func append(_ day: Day, to bytes: inout [UInt8]) {
        let offset = first.days(to: day) * 10
        precondition(offset >= 0 && offset + 10 <= text.count, "date outside the generator's table")
        text.withUnsafeBufferPointer { bytes.append(contentsOf: $0[offset..<(offset + 10)]) }
    }
}
