/// What a line reader returns for one prompt.
public enum LineInput: Sendable, Equatable {
    /// A line, without its newline.
    case line(String)
    /// End of input (Ctrl-D on an empty line, or the end of a script).
    case endOfFile
    /// Ctrl-C at the prompt: the caller drops the pending statement and prompts again.
    case interrupted
}

/// A source of input lines for a `Session`: libedit on a terminal, plain lines otherwise.
///
/// The session never talks to libedit directly, so every command is testable without a terminal.
public protocol LineReader: AnyObject {
    /// Shows `prompt` (if the reader shows prompts) and reads one line.
    func readLine(prompt: String) -> LineInput
    /// Records one whole statement (possibly several lines) in the history, and saves it at once.
    func addHistory(_ statement: String)
}

/// Candidates for Tab completion of the word before the cursor.
public struct Completion: Sendable, Equatable {
    /// The partial word being completed (the text the candidates replace).
    public var word: String
    /// Full replacements for `word`, sorted.
    public var candidates: [String]

    public init(word: String, candidates: [String]) {
        self.word = word
        self.candidates = candidates
    }
}

/// Something that can propose completions, given the text left of the cursor.
public protocol CompletionSource: AnyObject {
    /// Completions for the last word of `lineBeforeCursor`.
    func complete(_ lineBeforeCursor: String) -> Completion
}

/// Reads lines from an array: scripts, tests and piped standard input.
public final class ArrayLineReader: LineReader {
    private var lines: [String]
    private var next = 0
    /// Statements recorded with `addHistory`.
    public private(set) var history: [String] = []

    public init(lines: [String]) { self.lines = lines }

    public func readLine(prompt: String) -> LineInput {
        guard next < lines.count else { return .endOfFile }
        defer { next += 1 }
        return .line(lines[next])
    }

    public func addHistory(_ statement: String) { history.append(statement) }
}
