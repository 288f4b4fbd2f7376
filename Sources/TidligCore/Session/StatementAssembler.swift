/// Collects lines into complete statements and parses each once, as `lua.c`'s `incomplete()`
/// and `multiline()` do, but typed: a line that leaves the last statement incomplete (an open
/// string, a trailing `and`) waits for the next, and a complete chunk comes out parsed.
///
/// The shell, scripts, `-c` and the golden transcripts all go through it, so there is one
/// continuation loop, and `Session.run(_:)` runs what it parsed without parsing again.
public struct StatementAssembler {
    /// One or more statements (separated by `;`) ready to run.
    public struct Chunk {
        /// The text, with its name and first line for diagnostics.
        public let source: SourceFile
        /// Each statement that is not blank: where it is in the text, its command or why it
        /// cannot be parsed, and the file of an `into FILE` after it.
        public let statements: [Statement]
    }

    /// One statement of a chunk.
    public struct Statement {
        public let range: Range<Int>
        public let parsed: Result<any Command, ParseFailure>
        /// `into FILE`: where its results go.
        public let into: Token?
    }

    /// What a line did.
    public enum Outcome {
        /// Nothing but white space and comments so far: nothing to run, nothing kept.
        case blank
        /// The last statement is incomplete: show the continuation prompt and add the next line.
        case needsMore
        /// A complete chunk, parsed.
        case ready(Chunk)
    }

    /// The name diagnostics give the input (`weekly.tidlig`), nil for typed input.
    public let name: String?
    private var lines: [String] = []
    private var firstLine = 1

    public init(name: String?) { self.name = name }

    /// True when no statement is under way (the shell shows its main prompt).
    public var isEmpty: Bool { lines.isEmpty }

    /// Forgets a statement under way (Ctrl-C at a continuation prompt).
    public mutating func reset() { lines = [] }

    /// Adds the line numbered `number` (1-based) in the input. With `more: false` no line
    /// follows, so an incomplete statement comes out as it is, to fail with "unexpected end".
    public mutating func add(_ line: String, number: Int, more: Bool = true) -> Outcome {
        if lines.isEmpty { firstLine = number }
        lines.append(line)
        let text = lines.joined(separator: "\n")
        let ranges = StatementSplitter.ranges(in: text).filter {
            !StatementSplitter.isBlank(text, $0)
        }
        guard let last = ranges.last else {
            lines = []
            return .blank
        }
        // Only the last statement can continue: those before it ended at their ';'.
        let lastParsed = StatementAssembler.parse(text, last)
        if more, case .failure(.incomplete) = lastParsed.parsed { return .needsMore }
        lines = []
        let parsed = ranges.dropLast().map { StatementAssembler.parse(text, $0) } + [lastParsed]
        return .ready(
            Chunk(
                source: SourceFile(name: name, text: text, firstLine: firstLine), statements: parsed
            ))
    }

    /// Parses the whole of `source` as a chunk: no line follows it.
    public static func chunk(_ source: SourceFile) -> Chunk {
        let text = source.text
        let ranges = StatementSplitter.ranges(in: text).filter {
            !StatementSplitter.isBlank(text, $0)
        }
        return Chunk(source: source, statements: ranges.map { parse(text, $0) })
    }

    private static func parse(_ text: String, _ range: Range<Int>) -> Statement {
        let (statement, into) = IntoClause.split(text, range)
        let parsed = Result { () throws(ParseFailure) in
            try CommandRegistry.parse(text, range: statement)
        }
        return Statement(range: range, parsed: parsed, into: into)
    }
}
