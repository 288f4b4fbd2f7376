import TidligCore

/// Reads standard input line by line, without prompts or history: scripts piped in.
public final class PlainLineReader: LineReader {
    public init() {}

    public func readLine(prompt: String) -> LineInput {
        guard let line = Swift.readLine(strippingNewline: true) else { return .endOfFile }
        return .line(line)
    }

    public func addHistory(_ statement: String) {}
}
