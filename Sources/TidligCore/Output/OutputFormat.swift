/// How results are written: an aligned table for people, or CSV, JSON, Markdown for files and pipes.
public enum OutputFormat: String, Sendable, CaseIterable {
    case table, csv, json, markdown

    /// Renders `result` in this format, ending with a newline.
    public func render(_ result: ResultTable) -> String {
        switch self {
        case .table: TableRenderer.render(result)
        case .csv: CSVRenderer.render(result)
        case .json: JSONRenderer.render(result)
        case .markdown: MarkdownRenderer.render(result)
        }
    }
}

/// An aligned plain-text table; the footer set apart by a rule.
enum TableRenderer {
    static func render(_ result: ResultTable) -> String {
        let cells = (result.rows + result.footer).map { row in row.indices.map { result.text(row[$0], column: $0) } }
        var widths = result.columns.map(\.name.count)
        for row in cells { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        func line(_ texts: [String]) -> String {
            texts.indices.map { i in
                let pad = String(repeating: " ", count: widths[i] - texts[i].count)
                return result.columns[i].rightAligned ? pad + texts[i] : texts[i] + (i == texts.count - 1 ? "" : pad)
            }.joined(separator: "  ")
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        var out = [line(result.columns.map(\.name)), rule]
        out += cells.prefix(result.rows.count).map(line)
        if !result.footer.isEmpty {
            out.append(rule)
            out += cells.suffix(result.footer.count).map(line)
        }
        out += result.notes
        return out.map { trimTrailing($0) }.joined(separator: "\n") + "\n"
    }

    static func trimTrailing(_ s: String) -> String {
        var s = s
        while s.last == " " { s.removeLast() }
        return s
    }
}

/// CSV as RFC 4180 quotes it (with Unix line ends): a header row, then every row including the footer.
enum CSVRenderer {
    static func render(_ result: ResultTable) -> String {
        var out = result.columns.map { quote($0.name) }.joined(separator: ",") + "\n"
        for row in result.rows + result.footer {
            out += row.indices.map { quote(result.text(row[$0], column: $0)) }.joined(separator: ",") + "\n"
        }
        return out
    }

    static func quote(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacing("\"", with: "\"\"") + "\""
    }
}

/// A JSON array of objects keyed by column name; the footer rows come last.
enum JSONRenderer {
    static func render(_ result: ResultTable) -> String {
        let rows = (result.rows + result.footer).map { row in
            "  {" + row.indices.map { "\(string(result.columns[$0].name)): \(value(row[$0], result, $0))" }.joined(separator: ", ") + "}"
        }
        return rows.isEmpty ? "[]\n" : "[\n" + rows.joined(separator: ",\n") + "\n]\n"
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

/// A GitHub-flavoured Markdown table; numbers right-aligned.
enum MarkdownRenderer {
    static func render(_ result: ResultTable) -> String {
        func line(_ cells: [String]) -> String { "| " + cells.joined(separator: " | ") + " |" }
        var out = [line(result.columns.map { escape($0.name) })]
        out.append("|" + result.columns.map { $0.rightAligned ? "---:|" : "---|" }.joined())
        for (index, row) in (result.rows + result.footer).enumerated() {
            var cells = row.indices.map { escape(result.text(row[$0], column: $0)) }
            if index >= result.rows.count { cells = cells.map { $0.isEmpty ? $0 : "**\($0)**" } }
            out.append(line(cells))
        }
        if !result.notes.isEmpty { out.append("") }
        out += result.notes
        return out.joined(separator: "\n") + "\n"
    }

    static func escape(_ s: String) -> String { s.replacing("|", with: "\\|") }
}
