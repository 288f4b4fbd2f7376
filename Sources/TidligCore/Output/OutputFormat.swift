/// How results are written: an aligned table for people, or CSV, JSON, Markdown for files and pipes.
public enum OutputFormat: String, Sendable, CaseIterable {
    case table, csv, json, markdown

    /// The format a file name's extension asks for (`risk.csv`, `out.md`), if any.
    public static func forFile(_ path: String) -> OutputFormat? {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
        switch path[path.index(after: dot)...].lowercased() {
        case "csv": return .csv
        case "json": return .json
        case "md", "markdown": return .markdown
        case "txt", "text": return .table
        default: return nil
        }
    }

    /// True for the formats meant for programs (CSV, JSON): they carry data rows only.
    public var isMachine: Bool { self == .csv || self == .json }

    /// Renders `result` in this format, ending with a newline.
    public func render(_ result: ResultTable, options: RenderOptions = RenderOptions()) -> String {
        var text = ""
        write(result, options: options) { text += $0 }
        return text
    }

    /// Writes `result` piece by piece to `sink`, one row at a time for long results, and stops
    /// early when Ctrl-C is pressed (with `options.cancellable`). Returns the number of data rows
    /// not written because of it (0 when all were).
    @discardableResult
    public func write(_ result: ResultTable, options: RenderOptions = RenderOptions(),
                      to sink: (String) -> Void) -> Int {
        withoutActuallyEscaping(sink) { sink in
            var writer = ChunkWriter(sink: sink)
            let left: Int
            switch self {
            case .table: left = TableRenderer.write(result, options, &writer)
            case .csv: left = CSVRenderer.write(result, options, &writer)
            case .json: left = JSONRenderer.write(result, options, &writer)
            case .markdown: left = MarkdownRenderer.write(result, options, &writer)
            }
            writer.flush()
            return left
        }
    }
}

/// How a result is rendered besides its format.
public struct RenderOptions: Sendable {
    /// Machine formats (CSV, JSON) carry the total rows too (`set totals on`).
    public var totals = false
    /// Stop at Ctrl-C (on for the shell's output; off when rendering into a string).
    public var cancellable = false

    public init(totals: Bool = false, cancellable: Bool = false) {
        self.totals = totals
        self.cancellable = cancellable
    }
}

/// Collects output in pieces of about 64 KiB before handing them on.
struct ChunkWriter {
    let sink: (String) -> Void
    var buffer = ""

    mutating func add(_ text: String) {
        buffer += text
        if buffer.utf8.count >= 65_536 { flush() }
    }

    mutating func flush() {
        if !buffer.isEmpty { sink(buffer) }
        buffer = ""
    }
}

extension ResultTable {
    /// Calls `body` for each data row in order; stops when it returns false. Returns the
    /// number of rows not visited because Ctrl-C was pressed (0 when all were).
    func forEachRow(_ options: RenderOptions, _ body: (Int, [Value]) -> Void) -> Int {
        let count = rowCount
        for i in 0..<count {
            if options.cancellable, i & 0x3FF == 0, Cancellation.isRequested { return count - i }
            body(i, row(i))
        }
        return 0
    }

}

/// An aligned plain-text table; the footer set apart by a rule.
enum TableRenderer {
    static func render(_ result: ResultTable) -> String {
        var text = ""
        var writer = ChunkWriter { text += $0 }
        _ = write(result, RenderOptions(), &writer)
        writer.flush()
        return text
    }

    static func write(_ result: ResultTable, _ options: RenderOptions, _ writer: inout ChunkWriter) -> Int {
        let footer = result.footer.map { row in row.indices.map { result.text(row[$0], column: $0) } }
        var widths = result.columns.map(\.name.count)
        func measure(_ row: [String]) {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
        }
        // First pass: widths (rows made and dropped, never all kept); second pass: the lines.
        let left = result.forEachRow(options) { _, row in
            measure(row.indices.map { result.text(row[$0], column: $0) })
        }
        if left > 0 { return result.rowCount }
        footer.forEach(measure)
        func line(_ texts: [String]) -> String {
            let joined = texts.indices.map { i in
                let pad = String(repeating: " ", count: max(0, widths[i] - texts[i].count))
                return result.columns[i].rightAligned ? pad + texts[i] : texts[i] + (i == texts.count - 1 ? "" : pad)
            }.joined(separator: "  ")
            return trimTrailing(joined) + "\n"
        }
        let rule = trimTrailing(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")) + "\n"
        writer.add(line(result.columns.map(\.name)) + rule)
        let notShown = result.forEachRow(options) { _, row in
            writer.add(line(row.indices.map { result.text(row[$0], column: $0) }))
        }
        if notShown > 0 { return notShown }
        if !footer.isEmpty {
            writer.add(rule)
            footer.forEach { writer.add(line($0)) }
        }
        for note in result.notes { writer.add(trimTrailing(note) + "\n") }
        return 0
    }

    static func trimTrailing(_ s: String) -> String {
        var s = s
        while s.last == " " { s.removeLast() }
        return s
    }
}

/// CSV as RFC 4180 quotes it (with Unix line ends): a header row, then the data rows (the
/// footer's totals only with `set totals on`).
enum CSVRenderer {
    static func write(_ result: ResultTable, _ options: RenderOptions, _ writer: inout ChunkWriter) -> Int {
        writer.add(result.columns.map { quote($0.name) }.joined(separator: ",") + "\n")
        func line(_ row: [Value]) -> String {
            row.indices.map { quote(result.text(row[$0], column: $0)) }.joined(separator: ",") + "\n"
        }
        let left = result.forEachRow(options) { _, row in writer.add(line(row)) }
        if left == 0, options.totals { result.footer.forEach { writer.add(line($0)) } }
        return left
    }

    static func quote(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacing("\"", with: "\"\"") + "\""
    }
}

/// A JSON array of objects keyed by column name, one object per line (the footer's totals
/// last, only with `set totals on`).
enum JSONRenderer {
    static func write(_ result: ResultTable, _ options: RenderOptions, _ writer: inout ChunkWriter) -> Int {
        let keys = result.columns.map { string($0.name) }
        var first = true
        func object(_ row: [Value]) {
            let fields = row.indices.map { "\(keys[$0]): \(value(row[$0], result, $0))" }
            writer.add((first ? "[\n  {" : ",\n  {") + fields.joined(separator: ", ") + "}")
            first = false
        }
        let left = result.forEachRow(options) { _, row in object(row) }
        if left == 0, options.totals { result.footer.forEach(object) }
        writer.add(first ? "[]\n" : "\n]\n")
        return left
    }

    static func value(_ value: Value, _ result: ResultTable, _ column: Int) -> String {
        switch value {
        case .int, .number: result.text(value, column: column)
        case .bool(let b): b ? "true" : "false"
        case .null: "null"
        case .string, .date: string(result.text(value, column: column))
        }
    }

    /// A JSON string literal.
    static func string(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

/// A GitHub-flavoured Markdown table; numbers right-aligned; the totals in bold.
enum MarkdownRenderer {
    static func write(_ result: ResultTable, _ options: RenderOptions, _ writer: inout ChunkWriter) -> Int {
        func line(_ cells: [String]) -> String { "| " + cells.joined(separator: " | ") + " |\n" }
        writer.add(line(result.columns.map { escape($0.name) }))
        writer.add("|" + result.columns.map { $0.rightAligned ? "---:|" : "---|" }.joined() + "\n")
        let left = result.forEachRow(options) { _, row in
            writer.add(line(row.indices.map { escape(result.text(row[$0], column: $0)) }))
        }
        if left > 0 { return left }
        for row in result.footer {
            let cells = row.indices.map { escape(result.text(row[$0], column: $0)) }
            writer.add(line(cells.map { $0.isEmpty ? $0 : "**\($0)**" }))
        }
        if !result.notes.isEmpty { writer.add("\n") }
        for note in result.notes { writer.add(note + "\n") }
        return 0
    }

    static func escape(_ s: String) -> String { s.replacing("|", with: "\\|") }
}
