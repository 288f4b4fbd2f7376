import Synchronization

/// The process-wide "stop what you are doing" flag, set by Ctrl-C (SIGINT).
///
/// Long loops call `Cancellation.check()` every few thousand rows; the shell resets the flag
/// before each statement. An `Atomic` is safe to store from a signal handler.
public enum Cancellation {
    private static let flag = Atomic<Bool>(false)

    /// Asks the running command to stop (called from the SIGINT handler).
    public static func request() { flag.store(true, ordering: .relaxed) }

    /// Clears a request; called before each statement.
    public static func reset() { flag.store(false, ordering: .relaxed) }

    /// True when Ctrl-C was pressed since the last reset.
    public static var isRequested: Bool { flag.load(ordering: .relaxed) }

    /// Throws `CancellationError` when Ctrl-C was pressed.
    public static func check() throws(CancelledError) {
        if flag.load(ordering: .relaxed) { throw CancelledError() }
    }
}

/// Thrown by `Cancellation.check()`; the shell prints "cancelled" and keeps running.
public struct CancelledError: Error, Sendable {
    public init() {}
}
