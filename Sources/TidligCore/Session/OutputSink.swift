/// Where a session writes: results to one stream, diagnostics to another.
public protocol OutputSink: AnyObject {
    /// Writes result text (standard output).
    func write(_ text: String)
    /// Writes a diagnostic or status line (standard error).
    func writeError(_ text: String)
}

/// Collects both streams into one text, in order: for transcripts and tests.
public final class CapturingSink: OutputSink {
    public private(set) var text = ""
    public init() {}
    public func write(_ text: String) { self.text += text }
    public func writeError(_ text: String) { self.text += text }
    /// Empties the buffer.
    public func reset() { text = "" }
}

/// Errors a session reports other than diagnostics in a statement.
public enum SessionError: Error, Sendable {
    /// A data file was refused (bad JSON, schema) or could not be read.
    case load(LoadError)
    /// A file could not be written or read (exit 74).
    case io(String)
    /// No data set is loaded.
    case noData
}

/// Exit statuses of script mode (sysexits, as Crafting Interpreters' `Lox.java` uses them).
public enum ExitStatus {
    public static let ok: Int32 = 0
    /// Bad command line.
    public static let usage: Int32 = 64
    /// A statement or a data file was wrong.
    public static let dataError: Int32 = 65
    /// A bug in tidlig.
    public static let internalError: Int32 = 70
    /// A file could not be read or written.
    public static let ioError: Int32 = 74
    /// `notify` left messages pending: delivery failed for now and is retried next run (EX_TEMPFAIL).
    public static let undelivered: Int32 = 75
    /// A receiver refused a message (a 4xx answer): someone must look (EX_PROTOCOL).
    public static let refused: Int32 = 76
    /// Stopped by Ctrl-C.
    public static let interrupted: Int32 = 130
}
