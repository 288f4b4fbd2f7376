/// Why a `tidlig/1` file was refused: where (file, line, column, JSON path) and what would be right.
///
/// `description` renders like a compiler:
/// `weekly.json:12:34: error: expected an integer from 1 to 10, found 11 (at $.students[3].grade)`,
/// and for I/O errors `error: cannot read weekly.json: No such file or directory`.
public struct LoadError: Error, Sendable, CustomStringConvertible {
    /// The file path, or `<sample>` for data in memory.
    public var source: String
    /// 1-based line; 0 when the error is not about a position (e.g. file not found).
    public var line: Int
    /// 1-based column, in characters of that line; 0 when `line` is 0.
    public var column: Int
    /// JSON path of the first problem, e.g. `$.students[3].absence[0].date`; "" when none.
    public var path: String
    /// What is wrong and what would be right; carries a student id at most, never free text.
    public var message: String
    /// True when the file could not be opened or read (the shell exits 74 for these, 65 otherwise).
    public var isIOError: Bool
    /// True when Ctrl-C stopped the load (nothing was loaded; the data in use stays).
    public var isCancelled = false

    /// Makes an error from its parts.
    public init(
        source: String, line: Int, column: Int, path: String, message: String,
        isIOError: Bool = false
    ) {
        self.source = source
        self.line = line
        self.column = column
        self.path = path
        self.message = message
        self.isIOError = isIOError
    }

    /// The error as one line, `file:line:column: error: message (at path)`.
    public var description: String {
        if isIOError { return "error: cannot read \(source): \(message)" }
        let place = line > 0 ? "\(source):\(line):\(column): " : "\(source): "
        let at = path.isEmpty ? "" : " (at \(path))"
        return "\(place)error: \(message)\(at)"
    }
}

/// A parse failure while unwinding: the byte offset, the message, and the JSON path built so far.
///
/// The path is not maintained while parsing; each level prepends its component on the way out.
struct JSONFailure: Error {
    /// Byte offset of the offending token (or of the object's `{` for a missing field).
    var offset: Int
    var message: String
    /// Path components below the level that caught it, e.g. `.absence[0].date`.
    var path: String = ""
    /// Ctrl-C, not a problem in the file.
    var cancelled = false

    /// The same failure, one level up: `.name` prepended.
    @inline(never)
    func under(_ name: StaticString) -> JSONFailure {
        var copy = self
        copy.path = ".\(name)" + path
        return copy
    }

    /// The same failure, one level up: `[index]` prepended.
    @inline(never)
    func under(index: Int) -> JSONFailure {
        var copy = self
        copy.path = "[\(index)]" + path
        return copy
    }
}
