import Glibc

/// Prints completion candidates in columns below the input line, like a shell's Tab Tab.
enum CompletionList {
    /// Writes `candidates` column by column, sized to the terminal width, starting on a new line.
    static func print(_ candidates: [String]) {
        EditLineReader.writeOut("\n" + layout(candidates, width: terminalWidth()))
    }

    /// The candidates in sorted columns (down, then across), each row ending in a newline.
    static func layout(_ candidates: [String], width: Int) -> String {
        guard !candidates.isEmpty else { return "" }
        let widest = candidates.map(\.count).max() ?? 0
        let columnWidth = widest + 2
        let columns = max(1, min(candidates.count, width / columnWidth))
        let rows = (candidates.count + columns - 1) / columns
        var text = ""
        for row in 0..<rows {
            var line = ""
            for column in 0..<columns {
                let index = column * rows + row
                guard index < candidates.count else { break }
                let item = candidates[index]
                line += item
                if column < columns - 1, index + rows < candidates.count {
                    line += String(repeating: " ", count: columnWidth - item.count)
                }
            }
            text += line + "\n"
        }
        return text
    }

    private static func terminalWidth() -> Int {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
            return Int(size.ws_col)
        }
        return 80
    }
}
