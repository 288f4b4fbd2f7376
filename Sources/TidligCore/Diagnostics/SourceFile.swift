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
    /// Where each line starts.
    private let lines: LineMap
    /// Line number of the first line (a statement cut out of a script keeps its place).
    public let firstLine: Int

    public init(name: String?, text: String, firstLine: Int = 1) {
        self.name = name
        self.text = text
        self.firstLine = firstLine
        lines = LineMap(text.utf8)
    }

    /// 1-based line and column (in characters) of a byte offset.
    public func location(of offset: Int) -> (line: Int, column: Int) {
        let location = lines.location(of: offset, in: text.utf8)
        return (location.line - 1 + firstLine, location.column)
    }

    /// The text of the line holding `offset`, without its newline.
    public func lineText(containing offset: Int) -> String {
        let index = lines.lineIndex(of: offset)
        let bytes = Array(text.utf8)
        let start = lines.starts[index]
        var end = index + 1 < lines.starts.count ? lines.starts[index + 1] - 1 : bytes.count
        if end > start, bytes[end - 1] == 0x0D { end -= 1 }
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }
}
