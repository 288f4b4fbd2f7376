import CLibEdit
import Glibc
import Synchronization
import TidligCore

/// Owns the SIGINT handler while an `EditLineReader` lives: Ctrl-C sets `Cancellation` and wakes
/// a blocked `readCharacter` through a self-pipe, and never ends the process.
///
/// Why a pipe: a signal that arrives just before `read` blocks (for instance while libedit draws
/// the prompt) cannot make that `read` fail with EINTR, so the key would seem ignored. The byte in
/// the pipe stays there until `readCharacter` sees it, so no Ctrl-C is lost.
final class InterruptSignal {
    /// The pipe's write end for the handler; -1 when no reader lives. An `Atomic` is safe to load
    /// from a signal handler.
    private static let wakeFD = Atomic<Int32>(-1)
    private let readEnd: Int32
    private let writeEnd: Int32
    private var previousAction = sigaction()

    /// Creates the pipe and installs the handler without `SA_RESTART`.
    init() {
        var fds: [Int32] = [-1, -1]
        if pipe(&fds) == 0 {
            for fd in fds {
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
                _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            }
        }
        (readEnd, writeEnd) = (fds[0], fds[1])
        _ = Cancellation.isRequested  // initialise the flag here, not inside the handler
        Self.wakeFD.store(writeEnd, ordering: .sequentiallyConsistent)
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            let savedErrno = errno
            Cancellation.request()
            let fd = InterruptSignal.wakeFD.load(ordering: .relaxed)
            if fd >= 0 {
                var byte: UInt8 = 3
                _ = write(fd, &byte, 1)
            }
            errno = savedErrno
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, &previousAction)
    }

    /// Restores the SIGINT action that was in place before `init`.
    deinit {
        sigaction(SIGINT, &previousAction, nil)
        Self.wakeFD.store(-1, ordering: .sequentiallyConsistent)
        close(readEnd)
        close(writeEnd)
    }

    /// True when a Ctrl-C ended the current read (libedit reports it as an error or, in some
    /// modes such as incremental search, as the end of input).
    private(set) var interruptedRead = false

    /// Forgets Ctrl-C presses made before this point (say, during the command that just ran).
    func discardPending() {
        interruptedRead = false
        var buffer = [UInt8](repeating: 0, count: 64)
        while buffer.withUnsafeMutableBytes({ read(readEnd, $0.baseAddress!, $0.count) }) > 0 {}
    }

    /// Reads one character from `fd` like libedit's own reader (via `mbrtowc`, so in the locale's
    /// encoding): 1 with the character in `out`, 0 at end of file, -1 with `errno` set (EINTR
    /// after Ctrl-C).
    func readCharacter(from fd: Int32, into out: UnsafeMutablePointer<wchar_t>) -> Int32 {
        var bytes: [CChar] = []
        while true {
            var fds = [
                pollfd(fd: fd, events: Int16(POLLIN), revents: 0),
                pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0),
            ]
            if poll(&fds, 2, -1) < 0 {
                if errno == EINTR { continue }  // SIGWINCH and friends: libedit handles them
                return -1
            }
            if fds[1].revents & Int16(POLLIN) != 0 {
                discardPending()
                interruptedRead = true
                errno = EINTR
                return -1
            }
            var byte: CChar = 0
            let count = read(fd, &byte, 1)
            if count == 0 { return 0 }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return -1
            }
            bytes.append(byte)
            switch tidlig_decode_char(out, bytes, bytes.count) {
            case -2:  // incomplete: read another byte (but not forever)
                if bytes.count >= 8 { bytes = [] }
            case -1:  // invalid: drop it; a new sequence may start with this byte, as in libedit
                bytes = []
                if tidlig_decode_char(out, [byte], 1) == 1 { return 1 }
                if tidlig_decode_char(out, [byte], 1) == -2 { bytes = [byte] }
            default:
                return 1
            }
        }
    }
}
