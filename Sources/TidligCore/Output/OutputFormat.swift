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
    public func write(
        _ result: ResultTable, options: RenderOptions = RenderOptions(),
        to sink: (String) -> Void
    ) -> Int {
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
    /// Tables wider than this many columns lose their last columns (never cut mid-column);
    /// nil for every column (pipes and files).
    public var width: Int?
    /// One block per record instead of a table row (`set expanded`).
    public var expanded = Expanded.off

    /// psql's `\x`: `on` always, `auto` when the table is wider than `width`.
    public enum Expanded: String, Sendable, CaseIterable { case off, on, auto }

    public init(
        totals: Bool = false, cancellable: Bool = false, width: Int? = nil,
        expanded: Expanded = .off
    ) {
        self.totals = totals
        self.cancellable = cancellable
        self.width = width
        self.expanded = expanded
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

    static func write(_ result: ResultTable, _ options: RenderOptions, _ writer: inout ChunkWriter)
        -> Int
    {
        let footer = result.footer.map { row in row.indices.map { result.text(row[$0], column: $0) }
        }
        var widths = result.columns.map(\.name.count)
        func measure(_ row: [String]) {
            for (i, cell) in row.enumerated() where i < widths.count {
                widths[i] = max(widths[i], cell.count)
            }
        }
        // First pass: widths (rows made and dropped, never all kept); second pass: the lines.
        let left = result.forEachRow(options) { _, row in
            measure(row.indices.map { result.text(row[$0], column: $0) })
        }
        if left > 0 { return result.rowCount }
        footer.forEach(measure)
        let full = widths.reduce(0, +) + 2 * max(0, widths.count - 1)
        let tooWide = options.width.map { full > $0 } ?? false
        if options.expanded == .on || (options.expanded == .auto && tooWide) {
            return ExpandedRenderer.write(result, options, &writer)
        }
        let shown = tooWide ? fitting(widths, options.width!) : Array(widths.indices)
        let cut = shown.count < widths.count
        func line(_ all: [String]) -> String {
            var joined = shown.enumerated().map { n, i in
                let text = all[i]
                let pad = String(repeating: " ", count: max(0, widths[i] - text.count))
                return result.columns[i].rightAligned
                    ? pad + text : text + (n == shown.count - 1 ? "" : pad)
            }.joined(separator: "  ")
            if cut { joined += "  …" }
            return trimTrailing(joined) + "\n"
        }
        let rule =
            trimTrailing(
                shown.map { String(repeating: "-", count: widths[$0]) }.joined(separator: "  "))
            + "\n"
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
        if cut {
            let left = widths.indices.filter { !shown.contains($0) }.map { result.columns[$0].name }
            writer.add(
                "\(widths.count) columns (\(shown.count) shown); left out: \(left.joined(separator: ", "))"
                    + " (set width, set expanded on, or write to a file for all)\n")
        }
        return 0
    }

    /// The leading columns that fit in `width` with room for a closing `…` (at least one).
    static func fitting(_ widths: [Int], _ width: Int) -> [Int] {
        var used = 3  // "  …"
        var shown: [Int] = []
        for (i, w) in widths.enumerated() {
            let needed = w + (shown.isEmpty ? 0 : 2)
            if !shown.isEmpty, used + needed > width { break }
            used += needed
            shown.append(i)
        }
        return shown
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
    static func write(_ result: ResultTable, _ options: RenderOptions, _ writer: inout ChunkWriter)
        -> Int
    {
        writer.add(result.columns.map { quote($0.name) }.joined(separator: ",") + "\n")
        func line(_ row: [Value]) -> String {
            row.indices.map { quote(result.text(row[$0], column: $0)) }.joined(separator: ",")
                + "\n"
        }
        let left = result.forEachRow(options) { _, row in writer.add(line(row)) }
        if left == 0, options.totals { result.footer.forEach { writer.add(line($0)) } }
        return left
    }

    static func quote(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
            return s
        }
        return "\"" + s.replacing("\"", with: "\"\"") + "\""
    }
}

/// A JSON array of objects keyed by column name, one object per line (the footer's totals
/// last, only with `set totals on`).
enum JSONRenderer {
    static func write(_ result: ResultTable, _ options: RenderOptions, _ writer: inout ChunkWriter)
        -> Int
    {
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
    static func write(_ result: ResultTable, _ options: RenderOptions, _ writer: inout ChunkWriter)
        -> Int
    {
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

/// One block per record, headings down the left (psql's expanded display, sqlite's `.mode line`).
enum ExpandedRenderer {
    static func write(_ result: ResultTable, _ options: RenderOptions, _ writer: inout ChunkWriter)
        -> Int
    {
        let width = result.columns.map(\.name.count).max() ?? 0
        func block(_ title: String, _ row: [Value]) {
            writer.add(
                "-[ \(title) ]" + String(repeating: "-", count: max(3, width + 2 - title.count))
                    + "\n")
            for (i, value) in row.enumerated() where i < result.columns.count {
                let name = result.columns[i].name
                let text = result.text(value, column: i)
                writer.add(
                    TableRenderer.trimTrailing(
                        name + String(repeating: " ", count: width - name.count) + "  " + text)
                        + "\n")
            }
        }
        let left = result.forEachRow(options) { n, row in block(String(n + 1), row) }
        if left > 0 { return left }
        for row in result.footer { block("total", row) }
        for note in result.notes { writer.add(TableRenderer.trimTrailing(note) + "\n") }
        return 0
    }
}
