/// The report as one self-contained HTML file: no script, no outside resource, charts as
/// inline SVG, and print rules for A4.
extension ReportDocument {
    static let style = """
        body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10.5pt; color: #111;
               max-width: 190mm; margin: 1.5em auto; padding: 0 1em; }
        h1 { font-size: 17pt; margin-bottom: 0.2em; }
        h2 { font-size: 13pt; margin-top: 1.6em; border-bottom: 1px solid #999; }
        p.lead { margin: 0.1em 0; }
        table { border-collapse: collapse; margin: 0.6em 0; font-size: 9pt; }
        th, td { border-bottom: 1px solid #ccc; padding: 2px 6px; text-align: left; }
        th { border-bottom: 1.5px solid #333; }
        td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
        tfoot td { font-weight: bold; border-top: 1.5px solid #333; }
        p.note { font-size: 8.5pt; color: #444; margin: 0.1em 0; }
        figure { margin: 0.8em 0; }
        figcaption { font-size: 9pt; font-weight: bold; }
        svg text { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10px; fill: #111; }
        @page { size: A4; margin: 14mm 12mm; }
        @media print {
          body { max-width: none; margin: 0; padding: 0; font-size: 9.5pt; }
          h2 { break-after: avoid; }
          table, figure { break-inside: avoid; }
          table { font-size: 7.5pt; }
          th, td { padding: 1px 3px; }
        }
        svg { max-width: 100%; height: auto; }
        """

    /// The report as HTML.
    public func html() -> String {
        var out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        out +=
            "<title>\(HTML.escape(title))</title>\n<style>\n\(ReportDocument.style)\n</style>\n</head>\n<body>\n"
        out += "<h1>\(HTML.escape(title))</h1>\n"
        for line in lead { out += "<p class=\"lead\">\(HTML.escape(line))</p>\n" }
        for section in sections {
            out += "<section>\n<h2>\(HTML.escape(section.title))</h2>\n"
            for block in section.blocks {
                switch block {
                case .paragraph(let text): out += "<p>\(HTML.escape(text))</p>\n"
                case .table(let table): out += HTML.table(table)
                case .bars(let bars): out += HTML.bars(bars)
                case .steps(let steps): out += HTML.steps(steps)
                }
            }
            out += "</section>\n"
        }
        return out + "</body>\n</html>\n"
    }
}

/// HTML and SVG pieces of a report.
enum HTML {
    /// Text with `&`, `<`, `>` and quotes escaped.
    static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    static func table(_ result: ResultTable) -> String {
        func cell(_ tag: String, _ text: String, _ column: Int) -> String {
            let numeric = result.columns[column].rightAligned
            return "<\(tag)\(numeric ? " class=\"n\"" : "")>\(escape(text))</\(tag)>"
        }
        var out = "<table>\n<thead><tr>"
        out +=
            result.columns.indices.map { cell("th", result.columns[$0].name, $0) }.joined()
            + "</tr></thead>\n<tbody>\n"
        for row in result.rows {
            out +=
                "<tr>"
                + row.indices.map { cell("td", result.text(row[$0], column: $0), $0) }.joined()
                + "</tr>\n"
        }
        out += "</tbody>\n"
        if !result.footer.isEmpty {
            out += "<tfoot>\n"
            for row in result.footer {
                out +=
                    "<tr>"
                    + row.indices.map { cell("td", result.text(row[$0], column: $0), $0) }.joined()
                    + "</tr>\n"
            }
            out += "</tfoot>\n"
        }
        out += "</table>\n"
        for note in result.notes { out += "<p class=\"note\">\(escape(note))</p>\n" }
        return out
    }

    static func number(_ x: Double) -> String { formatDecimal(x, places: 1) }

    /// Horizontal bars, a label on the left and the figure at the bar's end.
    static func bars(_ chart: ReportDocument.Bars) -> String {
        let labelWidth = 8 + 6.5 * Double(chart.bars.map(\.label.count).max() ?? 0)
        let barArea = 360.0, row = 16.0
        let width = labelWidth + barArea + 60, height = row * Double(chart.bars.count) + 8
        let top = chart.bars.map(\.value).max() ?? 0
        var out = "<figure>\n<figcaption>\(escape(chart.title))</figcaption>\n"
        out +=
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(number(width))\" height=\"\(number(height))\" "
        out +=
            "viewBox=\"0 0 \(number(width)) \(number(height))\" role=\"img\" aria-label=\"\(escape(chart.title))\">\n"
        for (i, bar) in chart.bars.enumerated() {
            let y = 4 + Double(i) * row
            let length = top > 0 ? max(0, bar.value) / top * barArea : 0
            out +=
                "<text x=\"\(number(labelWidth - 6))\" y=\"\(number(y + 11))\" text-anchor=\"end\">\(escape(bar.label))</text>"
            out +=
                "<rect x=\"\(number(labelWidth))\" y=\"\(number(y + 2))\" width=\"\(number(length))\" height=\"\(number(row - 5))\" fill=\"#4a6fa5\"/>"
            out +=
                "<text x=\"\(number(labelWidth + length + 4))\" y=\"\(number(y + 11))\">\(escape(bar.text))</text>\n"
        }
        return out + "</svg>\n</figure>\n"
    }

    static let palette = [
        "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf", "#7f7f7f",
    ]

    /// Step curves of a share (0 to 100 %) over days, with axes and a legend.
    static func steps(_ chart: ReportDocument.Steps) -> String {
        let left = 40.0, plotWidth = 440.0, plotHeight = 160.0, top = 8.0
        let legend = 14.0 * Double(chart.curves.count)
        let width = left + plotWidth + 20, height = top + plotHeight + 30 + legend
        let span = Double(max(chart.to - chart.from, 1))
        func x(_ day: Int) -> Double { left + Double(day - chart.from) / span * plotWidth }
        func y(_ share: Double) -> Double { top + (1 - share) * plotHeight }
        var out = "<figure>\n<figcaption>\(escape(chart.title))</figcaption>\n"
        out +=
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(number(width))\" height=\"\(number(height))\" "
        out +=
            "viewBox=\"0 0 \(number(width)) \(number(height))\" role=\"img\" aria-label=\"\(escape(chart.title))\">\n"
        for percent in [0, 25, 50, 75, 100] {
            let py = y(Double(percent) / 100)
            out +=
                "<line x1=\"\(number(left))\" y1=\"\(number(py))\" x2=\"\(number(left + plotWidth))\" y2=\"\(number(py))\" stroke=\"#ddd\"/>"
            out +=
                "<text x=\"\(number(left - 4))\" y=\"\(number(py + 3))\" text-anchor=\"end\">\(percent)%</text>\n"
        }
        let tick = max(1, Int(span) / 6 / 10 * 10)
        for day in stride(from: chart.from, through: chart.to, by: tick) {
            out +=
                "<text x=\"\(number(x(day)))\" y=\"\(number(top + plotHeight + 13))\" text-anchor=\"middle\">\(day)</text>"
        }
        out +=
            "<text x=\"\(number(left + plotWidth))\" y=\"\(number(top + plotHeight + 26))\" text-anchor=\"end\">days</text>\n"
        for (i, curve) in chart.curves.enumerated() {
            let colour = palette[i % palette.count]
            // A step curve: flat until the share changes, then straight up.
            var points: [String] = []
            var last: (day: Int, share: Double)?
            for (offset, share) in curve.share.enumerated() {
                guard let share else { break }
                let day = chart.from + offset
                if let last, last.share != share {
                    points.append("\(number(x(day))),\(number(y(last.share)))")
                }
                if last == nil || last?.share != share {
                    points.append("\(number(x(day))),\(number(y(share)))")
                }
                last = (day, share)
            }
            if let last { points.append("\(number(x(last.day))),\(number(y(last.share)))") }
            out +=
                "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.5\" points=\"\(points.joined(separator: " "))\"/>\n"
            let ly = top + plotHeight + 32 + 14 * Double(i)
            out +=
                "<rect x=\"\(number(left))\" y=\"\(number(ly))\" width=\"10\" height=\"10\" fill=\"\(colour)\"/>"
            out +=
                "<text x=\"\(number(left + 14))\" y=\"\(number(ly + 9))\">\(escape(curve.label))</text>\n"
        }
        out +=
            "<line x1=\"\(number(left))\" y1=\"\(number(top + plotHeight))\" x2=\"\(number(left + plotWidth))\" "
        out += "y2=\"\(number(top + plotHeight))\" stroke=\"#333\"/>\n"
        return out + "</svg>\n</figure>\n"
    }
}
