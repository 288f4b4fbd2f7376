import Glibc
import Synchronization

/// Runs a program inside a real pseudo-terminal and talks to it like a person at a keyboard.
///
/// The child is a session leader whose controlling terminal is the pty (so Ctrl-C sends SIGINT),
/// with the pty as standard input, output and error and an 80x24 window.
///
/// ```swift
/// let tty = try PseudoTerminal(executable: path, environment: ["TERM": "xterm", "LANG": "C.UTF-8"])
/// try tty.expect("probe> ")
/// tty.send("sc\t")
/// try tty.expect("schools ")
/// tty.sendControl("d")
/// #expect(try tty.waitForExit() == 0)
/// ```
public final class PseudoTerminal {
    /// The child's process id.
    public let pid: pid_t
    private let master: Int32
    /// The slave's device path, e.g. /dev/pts/3.
    private let slaveName: String
    private var output: [UInt8] = []
    /// Bytes of `output` already returned by `expect`.
    private var consumed = 0
    private var exitStatus: Int32?

    /// Everything the program has written so far (terminal escapes included), decoded as UTF-8.
    public var transcript: String {
        readAvailable(waitingUpTo: 0)
        return String(decoding: output, as: UTF8.self)
    }

    /// Starts `executable` with `arguments` and exactly `environment` (nothing is inherited).
    public init(
        executable: String, arguments: [String] = [], environment: [String: String],
        columns: UInt16 = 80, rows: UInt16 = 24
    ) throws(PseudoTerminalError) {
        (pid, master, slaveName) = try Self.spawn(
            executable: executable, arguments: arguments,
            environment: environment, columns: columns, rows: rows)
    }

    deinit {
        terminate()
        close(master)
    }

    // MARK: - Input

    /// Types `text` (UTF-8); "\r" is Enter, "\t" is Tab, "\u{1b}[A" is the Up arrow.
    public func send(_ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes {
                write(master, $0.baseAddress! + offset, $0.count - offset)
            }
            if n > 0 { offset += n; continue }
            if n < 0 && errno != EAGAIN && errno != EINTR { return }
            var fds = pollfd(fd: master, events: Int16(POLLOUT), revents: 0)
            _ = poll(&fds, 1, 100)
            readAvailable(waitingUpTo: 0)  // keep the child from blocking on a full output buffer
        }
    }

    /// Types Ctrl plus a letter: `sendControl("c")` sends 0x03, `sendControl("d")` 0x04.
    public func sendControl(_ char: Character) {
        guard let ascii = char.uppercased().unicodeScalars.first?.value, ascii >= 0x40, ascii < 0x60
        else {
            preconditionFailure("no control code for \(char)")
        }
        send(String(Unicode.Scalar(UInt8(ascii - 0x40))))
    }

    // MARK: - Output

    /// Reads until the output since the last match contains `text`; returns that output, up to and
    /// including `text`, and continues after it next time.
    ///
    /// - Throws: `PseudoTerminalError.timedOut` with everything unmatched so far.
    @discardableResult
    public func expect(_ text: String, timeout: Double = 5) throws(PseudoTerminalError) -> String {
        let needle = Array(text.utf8)
        let deadline = Self.now() + timeout
        while true {
            if let end = Self.find(needle, in: output, from: consumed) {
                let matched = String(decoding: output[consumed..<end], as: UTF8.self)
                consumed = end
                return matched
            }
            let left = deadline - Self.now()
            if left <= 0 || (!readAvailable(waitingUpTo: left) && hasExited()) {
                readAvailable(waitingUpTo: 0)
                if Self.find(needle, in: output, from: consumed) != nil { continue }
                throw .timedOut(
                    expected: text, output: String(decoding: output[consumed...], as: UTF8.self))
            }
        }
    }

    /// Waits for `prompt`, then until the program switched the terminal out of canonical mode.
    ///
    /// libedit draws the prompt before it enters raw mode; keys sent in between are echoed and
    /// edited by the kernel's line discipline instead. Use this before typing at a line editor.
    @discardableResult
    public func expectPrompt(_ prompt: String, timeout: Double = 5) throws(PseudoTerminalError)
        -> String
    {
        let deadline = Self.now() + timeout
        let matched = try expect(prompt, timeout: timeout)
        while isCanonical() {
            if Self.now() >= deadline || hasExited() {
                throw .timedOut(
                    expected: "raw mode after \(String(reflecting: prompt))", output: transcript)
            }
            readAvailable(waitingUpTo: 0.002)
        }
        return matched
    }

    /// True when the terminal is in canonical (cooked) mode: ICANON set, lines edited by the kernel.
    public func isCanonical() -> Bool {
        let fd = open(slaveName, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var settings = termios()
        return tcgetattr(fd, &settings) == 0 && settings.c_lflag & tcflag_t(ICANON) != 0
    }

    /// Waits for the program to end and returns its exit status (128 + signal if killed).
    public func waitForExit(timeout: Double = 5) throws(PseudoTerminalError) -> Int32 {
        let deadline = Self.now() + timeout
        while !hasExited() {
            if Self.now() >= deadline { throw .stillRunning(output: transcript) }
            readAvailable(waitingUpTo: 0.05)
        }
        readAvailable(waitingUpTo: 0)
        return exitStatus!
    }

    /// True while the child has not exited.
    public var isRunning: Bool { !hasExited() }

    /// Kills the program (SIGTERM, then SIGKILL after a moment) and reaps it. Safe to call twice.
    public func terminate() {
        guard !hasExited() else { return }
        kill(pid, SIGTERM)
        for _ in 0..<50 where !hasExited() { usleep(10_000) }
        if !hasExited() {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            if waitpid(pid, &status, 0) == pid { exitStatus = Self.decode(status) }
        }
    }

    // MARK: - Internals

    /// Polls the master for up to `seconds` and appends whatever arrives; false when nothing did.
    @discardableResult
    private func readAvailable(waitingUpTo seconds: Double) -> Bool {
        var fds = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        let ready = poll(&fds, 1, Int32(max(0, min(seconds, 1)) * 1000))
        guard ready > 0 else { return false }
        var got = false
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress!, $0.count) }
            if n > 0 { output += buffer[..<n]; got = true; continue }
            if n < 0 && errno == EINTR { continue }
            // EAGAIN: drained for now. EIO or 0: the child closed the terminal.
            if !got && n != 0 && errno != EAGAIN { usleep(10_000) }
            return got
        }
    }

    private func hasExited() -> Bool {
        if exitStatus != nil { return true }
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        if result == pid { exitStatus = Self.decode(status) }
        if result < 0 && errno == ECHILD { exitStatus = exitStatus ?? -1 }
        return exitStatus != nil
    }

    private static func decode(_ status: Int32) -> Int32 {
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty else { return start }
        guard haystack.count - start >= needle.count else { return nil }
        for i in start...(haystack.count - needle.count)
        where haystack[i] == needle[0] && haystack[i..<(i + needle.count)].elementsEqual(needle) {
            return i + needle.count
        }
        return nil
    }

    private static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}

/// Why a `PseudoTerminal` operation failed; each case carries what the program printed.
public enum PseudoTerminalError: Error, CustomStringConvertible {
    /// The pseudo-terminal could not be opened or the program not started (`errno` value).
    case spawnFailed(executable: String, errno: Int32)
    /// `expect` gave up: `expected` never appeared; `output` is everything unmatched.
    case timedOut(expected: String, output: String)
    /// `waitForExit` gave up while the program still ran.
    case stillRunning(output: String)

    public var description: String {
        switch self {
        case let .spawnFailed(executable, code):
            return "cannot start \(executable): \(String(cString: strerror(code)))"
        case let .timedOut(expected, output):
            return
                "timed out waiting for \(String(reflecting: expected)); output so far:\n\(String(reflecting: output))"
        case let .stillRunning(output):
            return "program still running; output:\n\(String(reflecting: output))"
        }
    }
}
