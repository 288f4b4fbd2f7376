#if canImport(Glibc)
    import Glibc
#endif

/// Results written to a file (`... into risk.csv`, `set output FILE`); diagnostics still go
/// to the sink the session had, so errors are seen where the statement was typed.
final class FileResultSink: OutputSink {
    private let errors: OutputSink
    private let put: (UnsafeRawBufferPointer) throws -> Void
    /// The first write that failed; later writes are dropped.
    private(set) var failure: Error?
    private(set) var bytes = 0

    init(errors: OutputSink, put: @escaping (UnsafeRawBufferPointer) throws -> Void) {
        self.errors = errors
        self.put = put
    }

    func write(_ text: String) {
        guard failure == nil else { return }
        var text = text
        do {
            try text.withUTF8 { try put(UnsafeRawBufferPointer($0)) }
            bytes += text.utf8.count
        } catch {
            failure = error
        }
    }

    func writeError(_ text: String) { errors.writeError(text) }
}

/// Where `into FILE` and `set output FILE` may write, and how.
enum ResultFile {
    /// `~/x` and `~` name the home directory; other paths resolve against the script's folder.
    static func path(_ written: String, base: String?) -> String {
        var path = written
        if path == "~" || path.hasPrefix("~/"), let home = getenv("HOME") {
            path = String(cString: home) + path.dropFirst()
        }
        return FilePaths.resolve(path, against: base)
    }

    /// The file to write for `path`, by SecureFile's rule: a regular file or a new path (a link
    /// to a regular file: that file); anything else is an I/O error (exit 74) before any work.
    @discardableResult
    static func checkWritable(_ path: String, at span: SourceSpan?) throws -> String {
        do { return try SecureFile.checkedTarget(path) } catch {
            throw SessionError.io(error.description)
        }
    }

    /// Opens `path` for `set output`: created 0600 (an existing file is emptied), links refused.
    static func open(_ path: String, at span: SourceSpan?) throws -> Int32 {
        let path = try checkWritable(path, at: span)
        let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw Diagnostic(
                "cannot write '\(path)': \(String(cString: strerror(errno)))", at: span)
        }
        _ = fchmod(fd, 0o600)  // an existing file keeps no wider mode than a new one
        return fd
    }
}

// into -> statement 'into' PATH            (the last words of any statement that prints)
/// The `into PATH` at the end of a statement, if any: the statement without it, and the path.
enum IntoClause {
    static func split(_ text: String, _ range: Range<Int>) -> (Range<Int>, Token?) {
        var lexer = Lexer(text, offset: range.lowerBound, end: range.upperBound)
        while let token = try? lexer.next(), token.kind != .end {
            guard token.kind == .identifier, token.text.lowercased() == "into" else { continue }
            var rest = lexer
            if let path = try? rest.nextWord(), path.kind != .end, rest.atEnd {
                return (range.lowerBound..<token.span.start, path)
            }
        }
        return (range, nil)
    }
}
