import Glibc
import TidligCore

/// Results of one statement on a terminal: shown directly when they fit the screen, else
/// through a pager (`$PAGER`, default `less -S`), like DuckDB's `.pager` and psql.
///
/// Up to a screenful is held back; the line that would scroll it away starts the pager and
/// everything goes there. Quitting the pager early stops the statement's output (the rows left
/// are counted, as for Ctrl-C).
public final class PagerSink: StatementOutput {
    private let rows: Int
    private let command: String
    private var held: [String] = []
    private var lines = 0
    private var pipe: UnsafeMutablePointer<FILE>?
    private var previousPipeAction = sigaction()
    private var broken = false
    /// No pager could be started: write straight to the screen.
    private var direct = false

    /// A sink for a screen of `rows` lines paging through `command`.
    public init(rows: Int, command: String) {
        self.rows = rows
        self.command = command
    }

    /// The pager command: `$PAGER` when set and not empty, else `less -S`.
    public static var command: String {
        if let value = getenv("PAGER").map({ String(cString: $0) }), !value.isEmpty { return value }
        return "less -S"
    }

    public func write(_ text: String) {
        if direct {
            StandardStreams.writeAll(1, text)
        } else if pipe == nil {
            held.append(text)
            lines += text.utf8.count { $0 == 0x0A }
            if lines < rows - 1 { return }  // room left for the prompt below
            start()
        } else {
            send(text)
        }
    }

    public func writeError(_ text: String) { StandardStreams.writeAll(2, text) }

    /// Shows what was held back (output that fit the screen), or waits for the pager to end.
    public func finish() {
        guard let pipe else {
            held.forEach { StandardStreams.writeAll(1, $0) }
            held = []
            return
        }
        pclose(pipe)
        self.pipe = nil
        sigaction(SIGPIPE, &previousPipeAction, nil)
    }

    private func start() {
        var ignore = sigaction()
        ignore.__sigaction_handler.sa_handler = SIG_IGN
        sigaction(SIGPIPE, &ignore, &previousPipeAction)  // a pager quit early is EPIPE, not death
        guard let opened = popen(command, "w") else {
            sigaction(SIGPIPE, &previousPipeAction, nil)
            held.forEach { StandardStreams.writeAll(1, $0) }
            held = []
            direct = true
            return
        }
        pipe = opened
        let text = held.joined()
        held = []
        send(text)
    }

    private func send(_ text: String) {
        guard let pipe, !broken else { return }
        var text = text
        let fd = fileno(pipe)
        text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    broken = true
                    Cancellation.request()  // the pager is gone: stop making rows
                    return
                }
                offset += written
            }
        }
    }
}
