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
