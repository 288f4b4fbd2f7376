/// Plain-text horizontal bars that survive a pipe: `label  ########  12`.
public enum BarChart {
    /// Renders labelled counts as bars scaled to `width` characters.
    public static func render(
        title: String, bars: [(label: String, value: Double, text: String)], width: Int = 40
    ) -> String {
        let labelWidth = bars.map(\.label.count).max() ?? 0
        let top = bars.map(\.value).max() ?? 0
        var lines = [title]
        for bar in bars {
            let length = top > 0 ? Int((bar.value / top * Double(width)).rounded()) : 0
            let fill =
                String(repeating: "#", count: max(0, length))
                + String(repeating: " ", count: max(0, width - length))
            let pad = String(repeating: " ", count: labelWidth - bar.label.count)
            lines.append("  " + pad + bar.label + "  " + fill + "  " + bar.text)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A histogram of whole-number values in bins of a round width (a week, two, four ...),
    /// with negative values in one bin; `censored` (still waiting) is a line of its own, so
    /// that a long queue does not flatten the bars.
    public static func histogram(title: String, values: [Int], censored: Int, unit: String = "days")
        -> String
    {
        let waiting = censored > 0 ? "  not yet involved (still waiting): \(censored)\n" : ""
        guard let high = values.max() else { return title + "\n" + waiting }
        let widths = [7, 14, 28, 56, 91, 182, 365]
        let width = widths.first { (max(0, high) / $0) < 10 } ?? 365
        var bars: [(String, Double, String)] = []
        let negative = values.filter { $0 < 0 }.count
        if negative > 0 { bars.append(("before", Double(negative), "\(negative)")) }
        for start in stride(from: 0, through: max(0, high), by: width) {
            let count = values.filter { $0 >= start && $0 < start + width }.count
            bars.append(("\(start)-\(start + width - 1)", Double(count), "\(count)"))
        }
        return render(title: title + " (\(unit))", bars: bars) + waiting
    }
}
