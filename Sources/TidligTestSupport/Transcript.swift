#if canImport(Glibc)
    import Glibc
#endif
import TidligCore

/// A golden session: lines starting with `> ` (and `... ` for continuations) are input,
/// everything else is the expected output, diagnostics and carets included.
///
/// ```
/// > count students where days > 60
/// students
/// --------
///       39
/// ```
public struct Transcript {
    /// One statement and what it must print.
    public struct Step {
        public var input: [String]
        public var expected: [String]
        /// Line number of the statement in the transcript file.
        public var line: Int
    }

    public var steps: [Step]
    /// Lines before the first input (comments about the transcript), kept when re-recording.
    public var preamble: [String]

    /// Splits a transcript's text into steps.
    public init(text: String) {
        var steps: [Step] = []
        var preamble: [String] = []
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        for (index, line) in lines.enumerated() {
            if line.hasPrefix("> ") || line == ">" {
                steps.append(
                    Step(input: [String(line.dropFirst(2))], expected: [], line: index + 1))
            } else if line.hasPrefix("... "), var last = steps.popLast(), last.expected.isEmpty {
                last.input.append(String(line.dropFirst(4)))
                steps.append(last)
            } else if steps.isEmpty {
                preamble.append(line)
            } else {
                steps[steps.count - 1].expected.append(line)
            }
        }
        self.steps = steps
        self.preamble = preamble
    }

    /// Runs every step in one fresh session; returns the actual output of each step.
    public func run(baseDirectory: String, data: DataSet? = nil) -> [[String]] {
        let sink = CapturingSink()
        let session = Session(data: data, output: sink)
        session.baseDirectory = baseDirectory
        return steps.map { step in
            sink.reset()
            // Line by line through the shell's own assembler: a continuation line that the
            // shell would not have asked for runs the statement early, and the output shows it.
            var assembler = StatementAssembler(name: nil)
            for (index, line) in step.input.enumerated() {
                let outcome = assembler.add(line, number: 1, more: index + 1 < step.input.count)
                if case .ready(let chunk) = outcome { session.run(chunk) }
            }
            var lines = sink.text.split(separator: "\n", omittingEmptySubsequences: false).map(
                String.init)
            if lines.last == "" { lines.removeLast() }
            return lines
        }
    }

    /// The transcript text with `actual` as each step's output.
    public func recorded(_ actual: [[String]]) -> String {
        var out = preamble
        for (step, output) in zip(steps, actual) {
            out.append("> " + step.input[0])
            out += step.input.dropFirst().map { "... " + $0 }
            out += output
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// A readable account of the first difference per step; empty when all match.
    public func differences(_ actual: [[String]], file: String) -> [String] {
        var problems: [String] = []
        for (step, output) in zip(steps, actual) where step.expected != output {
            var report = [
                "\(file):\(step.line): output of '\(step.input.joined(separator: " "))' differs:"
            ]
            report += LineDiff.lines(expected: step.expected, actual: output)
            problems.append(report.joined(separator: "\n"))
        }
        return problems
    }
}

/// Fenced blocks of a Markdown document whose info string is `info`, with the line each starts on.
public func fencedBlocks(in markdown: String, info: String) -> [(line: Int, text: String)] {
    var blocks: [(Int, String)] = []
    var current: [String]?
    var start = 0
    for (index, line) in markdown.split(separator: "\n", omittingEmptySubsequences: false)
        .enumerated()
    {
        if current == nil, line.trimmingPrefix(" ").hasPrefix("```" + info),
            line.trimmingPrefix(" ").count == 3 + info.count
        {
            current = []
            start = index + 2
        } else if current != nil, line.hasPrefix("```") {
            blocks.append((start, current!.joined(separator: "\n")))
            current = nil
        } else if current != nil {
            current!.append(String(line))
        }
    }
    return blocks
}

/// A minimal line diff: `-` expected, `+` actual, for the differing region with context.
public enum LineDiff {
    public static func lines(expected: [String], actual: [String]) -> [String] {
        var prefix = 0
        while prefix < min(expected.count, actual.count), expected[prefix] == actual[prefix] {
            prefix += 1
        }
        var suffix = 0
        while suffix < min(expected.count, actual.count) - prefix,
            expected[expected.count - 1 - suffix] == actual[actual.count - 1 - suffix]
        { suffix += 1 }
        var out: [String] = []
        for line in expected[max(0, prefix - 2)..<prefix] { out.append("  " + line) }
        for line in expected[prefix..<(expected.count - suffix)] { out.append("- " + line) }
        for line in actual[prefix..<(actual.count - suffix)] { out.append("+ " + line) }
        return out
    }
}
