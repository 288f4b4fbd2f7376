/// A range of UTF-8 bytes in a `SourceFile`: where a token or a node came from.
public struct SourceSpan: Sendable, Equatable {
    /// Byte offset of the first byte.
    public var start: Int
    /// Byte offset one past the last byte.
    public var end: Int

    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }

    /// The span covering both.
    public func union(_ other: SourceSpan) -> SourceSpan {
        SourceSpan(start: min(start, other.start), end: max(end, other.end))
    }
}

/// A named text (a script, a `-c` command, a typed statement) with a line map.
///
/// Line and column are computed only when a diagnostic is rendered (like jq's `locfile`).
public struct SourceFile: Sendable {
    /// File name for messages, e.g. `weekly.tidlig`; nil for typed input.
    public var name: String?
    public let text: String
    /// Byte offsets where each line starts.
    private let lineStarts: [Int]
    /// Line number of the first line (a statement cut out of a script keeps its place).
    public let firstLine: Int

    public init(name: String?, text: String, firstLine: Int = 1) {
        self.name = name
        self.text = text
        self.firstLine = firstLine
        var starts = [0]
        for (offset, byte) in text.utf8.enumerated() where byte == 0x0A { starts.append(offset + 1) }
        lineStarts = starts
    }

    /// 1-based line and column (in characters) of a byte offset.
    public func location(of offset: Int) -> (line: Int, column: Int) {
        let index = lineIndex(of: offset)
        let lineBytes = Array(text.utf8)[lineStarts[index]..<min(offset, text.utf8.count)]
        let column = String(decoding: lineBytes, as: UTF8.self).count + 1
        return (index + firstLine, column)
    }

    /// The text of the line holding `offset`, without its newline.
    public func lineText(containing offset: Int) -> String {
        let index = lineIndex(of: offset)
        let bytes = Array(text.utf8)
        let start = lineStarts[index]
        var end = index + 1 < lineStarts.count ? lineStarts[index + 1] - 1 : bytes.count
        if end > start, bytes[end - 1] == 0x0D { end -= 1 }
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }

    private func lineIndex(of offset: Int) -> Int {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low
    }
}
