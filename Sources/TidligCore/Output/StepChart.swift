/// A plain-text step chart of a rising share (0 to 100 %) over days: one column per span
/// of days, filled up to the share reached by the end of that span.
///
/// ```
/// ppt: share involved, days after crossing 15 days (Kaplan-Meier)
///  100% |
///   50% |      ##########
///     0 +-----+-----+-----
///        0     7     14
/// ```
public enum StepChart {
    /// Renders `share(day)` (nil: unknown, left blank) for days `from` through `to`.
    public static func render(
        title: String, from: Int, to: Int, height: Int = 8, width: Int = 56,
        share: (Int) -> Double?
    ) -> String {
        let span = max(to - from, 0)
        let perColumn = max(1, (span + width) / width)
        let columns = span / perColumn + 1
        let levels: [Int?] = (0..<columns).map { column in
            share(min(from + column * perColumn + perColumn - 1, to)).map {
                Int(($0 * Double(height)).rounded())
            }
        }
        var lines = [title]
        for row in stride(from: height, through: 1, by: -1) {
            let label = row == height ? "100%" : row * 2 == height ? " 50%" : "    "
            var line = " " + label + " |"
            for level in levels { line += (level ?? 0) >= row ? "#" : " " }
            lines.append(TableRenderer.trimTrailing(line))
        }
        var axis = "      +", ticks = "       "
        for column in 0..<columns {
            let day = from + column * perColumn
            axis += column % 10 == 0 ? "+" : "-"
            if column % 10 == 0 {
                let text = String(day)
                if ticks.count <= 7 + column {
                    ticks += String(repeating: " ", count: 7 + column - ticks.count) + text
                }
            }
        }
        lines.append(axis)
        lines.append(ticks + "  days" + (perColumn > 1 ? " (a column is \(perColumn) days)" : ""))
        if levels.contains(where: { $0 == nil }) {
            lines.append("  blank: past the follow-up, not known")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
