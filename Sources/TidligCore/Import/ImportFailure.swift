/// An import that cannot go on: a missing column, an unknown code, an unreadable value.
///
/// Says where (file, line, and the column by its header) and what would be right, and never
/// quotes a value from an identity, name, free-text, date or number column: those may hold
/// personal data. Codes are quoted (they are what a mapping file has to name).
public struct ImportFailure: Error, Sendable, CustomStringConvertible {
    public var file: String
    /// 1-based line (CSV) or row (XLSX); nil for the file as a whole.
    public var line: Int?
    public var message: String
    public var note: String?
    /// A rendered diagnostic with a caret (errors in a mapping file), used as is.
    public var rendered: String?
    /// True when a file could not be read (exit 74) rather than being wrong (exit 65).
    public var isIOError = false

    public init(
        file: String, line: Int? = nil, message: String, note: String? = nil,
        isIOError: Bool = false
    ) {
        self.file = file
        self.line = line
        self.message = message
        self.note = note
        self.isIOError = isIOError
    }

    /// A diagnostic in a mapping file, rendered with its line and caret.
    init(diagnostic: Diagnostic, in source: SourceFile) {
        file = source.name ?? "<mapping>"
        message = diagnostic.message
        rendered = diagnostic.render(in: source)
    }

    public var description: String {
        if let rendered { return rendered }
        let place = line.map { "\(file):\($0)" } ?? file
        return "\(place): error: \(message)" + (note.map { "\nnote: \($0)" } ?? "")
    }
}
