/// One row of an export file: its fields as UTF-8 bytes, and the line it came from.
///
/// Readers reuse one row for every line (no allocation per row); a field is a range of `bytes`.
struct ExportRow {
    /// 1-based line of the file (CSV) or row number of the sheet (XLSX).
    var line = 0
    var bytes: [UInt8] = []
    var starts: [Int] = []
    var ends: [Int] = []

    var count: Int { starts.count }

    mutating func reset(line: Int) {
        self.line = line
        bytes.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
    }

    mutating func beginField() { starts.append(bytes.count) }
    mutating func endField() { ends.append(bytes.count) }

    /// Appends one whole field.
    mutating func append<C: Collection<UInt8>>(field: C) {
        beginField()
        bytes.append(contentsOf: field)
        endField()
    }

    /// The field's bytes without surrounding spaces and tabs; empty when the row is shorter.
    func field(_ index: Int) -> ArraySlice<UInt8> {
        guard index >= 0, index < starts.count else { return [] }
        var lower = starts[index], upper = ends[index]
        while lower < upper, bytes[lower] == 0x20 || bytes[lower] == 0x09 { lower += 1 }
        while upper > lower,
            bytes[upper - 1] == 0x20 || bytes[upper - 1] == 0x09 || bytes[upper - 1] == 0x0D
        { upper -= 1 }
        return bytes[lower..<upper]
    }

    func string(_ index: Int) -> String { String(decoding: field(index), as: UTF8.self) }

    /// True when every field is empty (a blank line, or a row of empty cells).
    var isBlank: Bool { (0..<count).allSatisfy { field($0).isEmpty } }
}

/// Where rows come from: a CSV text or an XLSX sheet.
protocol RowSource {
    /// The file name for messages.
    var name: String { get }
    /// Calls `body` with every row in order, the header first; stops at the first error thrown.
    func forEachRow(_ body: (inout ExportRow) throws(ImportFailure) -> Void) throws(ImportFailure)
}

/// A `;`-separated (or other) text with `"` quoting, already converted to UTF-8.
///
/// Fields may be quoted (`"a;b"`, `""` for a quote inside) and a quoted field may hold line
/// breaks; lines end in LF or CRLF. Line numbers count physical lines, as an editor shows them.
struct CSVText: RowSource {
    let name: String
    let text: TextBuffer
    let separator: UInt8

    /// The separator that occurs most in the first line among `;`, tab and `,` (`;` on a tie).
    static func guessSeparator(_ text: UnsafeBufferPointer<UInt8>) -> UInt8 {
        var counts: [UInt8: Int] = [0x3B: 0, 0x09: 0, 0x2C: 0]
        for byte in text.prefix(4096) {
            if byte == 0x0A { break }
            if counts[byte] != nil { counts[byte]! += 1 }
        }
        let best = [UInt8(0x3B), 0x09, 0x2C].max { counts[$0]! < counts[$1]! }!
        return counts[best]! > 0 ? best : 0x3B
    }

    func forEachRow(_ body: (inout ExportRow) throws(ImportFailure) -> Void) throws(ImportFailure) {
        var row = ExportRow()
        row.bytes.reserveCapacity(256)
        _ = try forEachRow(from: 0, before: text.bytes.count, line: 1, into: &row, body)
    }

    /// Calls `body` with every record that starts at or after byte `start` and before `limit`
    /// (`start` is the beginning of a record, counted as line `line`); returns where the next
    /// record starts and its line. A record may run past `limit`: it is read whole.
    func forEachRow(
        from start: Int, before limit: Int, line: Int, into row: inout ExportRow,
        _ body: (inout ExportRow) throws(ImportFailure) -> Void
    ) throws(ImportFailure) -> (next: Int, line: Int) {
        var i = start, line = line
        while i < limit {
            try record(at: &i, line: &line, into: &row)
            try body(&row)
        }
        return (i, line)
    }

    /// Reads the record at byte `i` (line `line`) into `row`; moves `i` past its line break and
    /// `line` to the next record's line.
    @inline(__always)
    func record(at i: inout Int, line: inout Int, into row: inout ExportRow) throws(ImportFailure) {
        let buffer = text.bytes
        let n = buffer.count
        let sep = separator
        row.reset(line: line)
        // record = field *( sep field ) ( LF | CRLF | EOF )
        while true {
            row.beginField()
            if i < n, buffer[i] == 0x22 {
                let opened = line
                i += 1
                while true {
                    guard i < n else {
                        throw ImportFailure(
                            file: name, line: opened, message: "a quoted field is never closed",
                            note:
                                "a field that starts with \" must end with \"; write \"\" for a quote inside"
                        )
                    }
                    let b = buffer[i]
                    if b == 0x22 {
                        if i + 1 < n, buffer[i + 1] == 0x22 {
                            row.bytes.append(0x22)
                            i += 2
                            continue
                        }
                        i += 1
                        break
                    }
                    if b == 0x0A { line += 1 }
                    row.bytes.append(b)
                    i += 1
                }
                // Text after the closing quote up to the separator is kept (lenient, like Excel).
                while i < n, buffer[i] != sep, buffer[i] != 0x0A, buffer[i] != 0x0D {
                    row.bytes.append(buffer[i])
                    i += 1
                }
            } else {
                let start = i
                while i < n {
                    let b = buffer[i]
                    if b == sep || b == 0x0A || b == 0x0D { break }
                    i += 1
                }
                row.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start..<i]))
            }
            row.endField()
            if i < n, buffer[i] == sep {
                i += 1
                continue
            }
            break
        }
        if i < n, buffer[i] == 0x0D { i += 1 }
        if i < n, buffer[i] == 0x0A { i += 1 }
        line += 1
    }
}
