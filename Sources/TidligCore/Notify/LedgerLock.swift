#if canImport(Glibc)
    import Glibc
#endif

/// The run lock of a ledger: one `notify` at a time delivers from it (`LEDGER.lock`, flock).
///
/// Held from the retry of pending messages to the last delivery, so a second `notify` started
/// meanwhile neither re-sends the first run's pending rows nor records the same students again.
/// The lock goes with the process: a killed run never leaves the ledger locked.
public final class LedgerLock {
    /// Why the lock was not taken.
    public enum Failure: Error, Sendable {
        /// Another process held it for the whole wait.
        case busy(String)
        /// The lock file could not be made or locked (a read-only directory).
        case io(String)
    }

    private let fd: Int32

    /// Takes the lock of the ledger at `ledgerPath`, waiting up to `wait` seconds; `waiting` is
    /// told once, with the holder's pid, when the ledger is busy.
    public init(ledgerPath: String, wait: Double, waiting: (String) -> Void) throws(Failure) {
        let path = ledgerPath + ".lock"
        if let slash = ledgerPath.lastIndex(of: "/"), slash != ledgerPath.startIndex {
            do { try Ledger.makeDirectories(String(ledgerPath[..<slash])) } catch {
                throw .io(error.description)
            }
        }
        let fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw .io("cannot open the ledger's lock \(path): \(String(cString: strerror(errno)))")
        }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            close(fd)
            throw .io("the ledger's lock \(path) is not a regular file")
        }
        let deadline = HTTPClient.monotonicSeconds() + wait
        var told = false
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                let reason = String(cString: strerror(errno))
                close(fd)
                throw .io("cannot lock the ledger \(ledgerPath): \(reason)")
            }
            let holder = LedgerLock.holder(fd).map { " (pid \($0))" } ?? ""
            guard HTTPClient.monotonicSeconds() < deadline else {
                close(fd)
                throw .busy(
                    "ledger busy: another notify\(holder) is delivering from \(ledgerPath); nothing was "
                        + "sent or recorded by this one, try again when it is done (set lockwait to wait longer)"
                )
            }
            if !told {
                waiting(
                    "ledger busy: another notify\(holder) is delivering from \(ledgerPath); waiting up to "
                        + "\(formatDecimal(wait, places: 0)) s")
                told = true
            }
            WebhookChannel.sleep(seconds: 0.1)
        }
        self.fd = fd
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }

    /// The pid the holder wrote, if readable.
    static func holder(_ fd: Int32) -> Int? {
        var buffer = [UInt8](repeating: 0, count: 16)
        let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 15, 0) }
        guard count > 0 else { return nil }
        return Int(String(decoding: buffer[0..<count], as: UTF8.self).filter(\.isNumber))
    }
}
