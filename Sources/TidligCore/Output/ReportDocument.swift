/// A report as sections of paragraphs, tables and charts, rendered the same way to
/// Markdown and to HTML, so that both carry the same text and numbers.
public struct ReportDocument: Sendable {
    /// Horizontal bars: a label, a length and the figure written beside it.
    public struct Bars: Sendable {
        public var title: String
        public var bars: [(label: String, value: Double, text: String)]
    }

    /// Rising step curves on a share axis (0 to 1) over days, one per label.
    public struct Steps: Sendable {
        public var title: String
        /// Each curve's label and its share at each day from `from` through `to` (nil: not known).
        public var curves: [(label: String, share: [Double?])]
        public var from: Int
        public var to: Int
    }

    public enum Block: Sendable {
        case paragraph(String)
        case table(ResultTable)
        case bars(Bars)
        case steps(Steps)
    }

    public struct Section: Sendable {
        public var title: String
        public var blocks: [Block]
    }

    public var title: String
    /// Lines under the title: what the report covers.
    public var lead: [String]
    public var sections: [Section]

    /// The report in GitHub-flavoured Markdown; charts as plain-text charts in code blocks.
    public func markdown() -> String {
        var out = "# \(title)\n\n" + lead.map { $0 + "\n" }.joined() + "\n"
        for section in sections {
            out += "## \(section.title)\n\n"
            for block in section.blocks {
                switch block {
                case .paragraph(let text): out += text + "\n\n"
                case .table(let table): out += OutputFormat.markdown.render(table) + "\n"
                case .bars(let bars):
                    out +=
                        "```text\n" + BarChart.render(title: bars.title, bars: bars.bars)
                        + "```\n\n"
                case .steps(let steps):
                    for curve in steps.curves {
                        let text = StepChart.render(
                            title: "\(steps.title): \(curve.label)", from: steps.from, to: steps.to
                        ) {
                            curve.share[min(max($0 - steps.from, 0), curve.share.count - 1)]
                        }
                        out += "```text\n" + text + "```\n\n"
                    }
                }
            }
        }
        return out
    }
}
