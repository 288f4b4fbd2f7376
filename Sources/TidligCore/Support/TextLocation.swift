/// A 1-based line and column in a text: the column counts characters (Unicode scalars, i.e.
/// UTF-8 lead bytes) from the start of the line. The one rule for every message that says where.
public struct TextLocation: Sendable, Equatable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// The location of byte `offset` (clamped to the text) in UTF-8 `bytes`.
    public init(offset: Int, in bytes: some Collection<UInt8>) {
        let map = LineMap(bytes)
        self = map.location(of: offset, in: bytes)
    }
}

/// Byte offsets where each line of a text starts, for many look-ups in one text.
public struct LineMap: Sendable {
    /// Offsets of the first byte of each line; the first is 0.
    public let starts: [Int]

    public init(_ bytes: some Collection<UInt8>) {
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == 0x0A { starts.append(offset + 1) }
        self.starts = starts
    }

    /// The 0-based index of the line holding byte `offset`.
    public func lineIndex(of offset: Int) -> Int {
        var low = 0, high = starts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if starts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low
    }

    /// The location of byte `offset` (clamped to the text) in the text the map was made from.
    public func location(of offset: Int, in bytes: some Collection<UInt8>) -> TextLocation {
        let end = min(max(offset, 0), bytes.count)
        let index = lineIndex(of: end)
        var column = 1
        for byte in bytes.dropFirst(starts[index]).prefix(end - starts[index])
        where byte & 0xC0 != 0x80 {
            column += 1
        }
        return TextLocation(line: index + 1, column: column)
    }
}
