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
    /// A failure already reported (a script run by `run`): exit with this status, say nothing.
    case reported(Int32)
    /// Another process holds what this one needs (the ledger's run lock); try later (exit 75).
    case busy(String)
}
