/// An error in a statement, pointing at the text it is about.
///
/// ```
/// weekly.tidlig:2:16: error: unknown field 'dayz'
/// 2 | students where dayz >= 15
///   |                ^^^^ did you mean 'days'?
/// ```
public struct Diagnostic: Error, Sendable {
    /// What went wrong, in one line.
    public var message: String
    /// The text it is about; nil for errors about no particular token.
    public var span: SourceSpan?
    /// A note shown under the caret: a suggestion or what would be right.
    public var note: String?
    /// The text the span points into when it is not the statement's (a policy file).
    public var source: SourceFile?

    public init(_ message: String, at span: SourceSpan? = nil, note: String? = nil) {
        self.message = message
        self.span = span
        self.note = note
    }

    /// Renders like a compiler: location, message, the line and a caret.
    ///
    /// Typed input (a source without a name) gets no `file:line:column:` prefix.
    public func render(in source: SourceFile) -> String {
        guard let span else {
            let prefix = source.name.map { "\($0): " } ?? ""
            return "\(prefix)error: \(message)" + (note.map { "\nnote: \($0)" } ?? "")
        }
        let (line, column) = source.location(of: span.start)
        var out = source.name.map { "\($0):\(line):\(column): " } ?? ""
        out += "error: \(message)\n"
        let text = source.lineText(containing: span.start)
        let gutter = String(line)
        let pad = String(repeating: " ", count: gutter.count)
        let width = max(1, caretWidth(span, source: source, column: column, lineText: text))
        out += "\(gutter) | \(text)\n"
        out +=
            "\(pad) | \(String(repeating: " ", count: column - 1))\(String(repeating: "^", count: width))"
        if let note { out += " \(note)" }
        return out
    }

    private func caretWidth(_ span: SourceSpan, source: SourceFile, column: Int, lineText: String)
        -> Int
    {
        let (endLine, endColumn) = source.location(of: span.end)
        let (startLine, _) = source.location(of: span.start)
        if endLine != startLine { return lineText.count - column + 1 }
        return endColumn - column
    }
}

/// "did you mean 'x'?" when a candidate is close, else nil.
public func didYouMean(_ word: String, in candidates: some Sequence<String>) -> String? {
    closestMatch(to: word, in: candidates).map { "did you mean '\($0)'?" }
}
