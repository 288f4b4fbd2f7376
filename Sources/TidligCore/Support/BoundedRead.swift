#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads what is not a regular file (a pipe, standard input, process substitution) with a bound,
/// so that an endless producer gives a clear error instead of filling memory, and a named pipe
/// that nobody writes to gives one instead of a hang.
public enum BoundedRead {
    /// The most a script, policy file or message template may hold (64 MiB).
    public static let textLimit = 64 << 20

    /// Why a read stopped.
    public enum Failure: Error, Sendable, CustomStringConvertible {
        /// The input passed `limit` bytes.
        case tooLarge(limit: Int)
        /// A named pipe had no writer for `seconds`.
        case noWriter(seconds: Double)
        /// Not a regular file or a pipe (a device, a socket ...): `kind` names it.
        case notReadable(kind: String)
        /// The system's error.
        case system(Int32)

        public var description: String {
            switch self {
            case .tooLarge(let limit):
                "more than \(describeBytes(limit)) from a pipe; save it to a file to load it"
            case .noWriter(let seconds):
                "nothing opened the named pipe for writing within \(formatDecimal(seconds, places: 0)) s"
            case .notReadable(let kind):
                "\(kind), not a regular file or a pipe; tidlig reads only those"
            case .system(let code): String(cString: strerror(code))
            }
        }
    }

    /// What a descriptor is, for deciding how to read it.
    public enum Kind: Equatable, Sendable {
        case regular(size: Int)
        case pipe
        case directory
        case other(String)
    }

    /// The kind of the open file `descriptor`.
    public static func kind(of descriptor: Int32) throws(Failure) -> Kind {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .system(errno) }
        switch status.st_mode & S_IFMT {
        case S_IFREG: return .regular(size: Int(status.st_size))
        case S_IFIFO, S_IFSOCK: return .pipe
        case S_IFDIR: return .directory
        case S_IFCHR: return .other("a character device")
        case S_IFBLK: return .other("a block device")
        default: return .other("a special file")
        }
    }

    /// Opens `path` for reading without blocking on a named pipe that has no writer yet.
    public static func open(_ path: String) throws(Failure) -> Int32 {
        let descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { throw .system(errno) }
        return descriptor
    }

    /// Reads a descriptor to its end, at most `limit` bytes. For a named pipe opened with `open`,
    /// `writerWait` is how long to wait for a writer to appear (nil: an end of file is the end);
    /// a pipe that has a writer is waited for as long as it takes, as `cat` would.
    ///
    /// `stopEarly` sees the bytes so far and may end the read (input that cannot be valid).
    public static func readPipe(
        _ descriptor: Int32, limit: Int, writerWait: Double?,
        stopEarly: ([UInt8]) -> Bool = { _ in false }
    ) throws(Failure) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var hasWriter = false
        var waited = 0.0
        while true {
            let room = min(chunk.count, limit + 1 - bytes.count)
            let got = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, room) }
            if got > 0 {
                hasWriter = true
                bytes.append(contentsOf: chunk[0..<got])
                guard bytes.count <= limit else { throw .tooLarge(limit: limit) }
                if stopEarly(bytes) { return bytes }
            } else if got == 0 {
                // End of file, or (non-blocking, nothing read yet) a named pipe nobody has opened.
                guard !hasWriter, let writerWait else { return bytes }
                guard waited < writerWait else { throw .noWriter(seconds: writerWait) }
                var pause = timespec(tv_sec: 0, tv_nsec: 20_000_000)
                nanosleep(&pause, nil)
                waited += 0.02
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                hasWriter = true
                var ready = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                _ = poll(&ready, 1, -1)
            } else if errno != EINTR {
                throw .system(errno)
            }
        }
    }

    /// The whole content of `path` (`-` for standard input), at most `limit` bytes: a regular
    /// file or a pipe; a device only as standard input; anything else is refused.
    public static func contents(of path: String, limit: Int, writerWait: Double = 10)
        throws(Failure) -> [UInt8]
    {
        let descriptor = path == "-" ? 0 : try open(path)
        defer { if descriptor != 0 { close(descriptor) } }
        switch try kind(of: descriptor) {
        case .regular(let size):
            guard size <= limit else { throw .tooLarge(limit: limit) }
            return try readPipe(descriptor, limit: limit, writerWait: nil)
        case .pipe:
            return try readPipe(
                descriptor, limit: limit, writerWait: descriptor == 0 ? nil : writerWait)
        case .directory: throw .system(EISDIR)
        case .other(let kind):
            // Standard input may be /dev/null (cron) or a terminal: read it, bounded.
            guard descriptor == 0 else { throw .notReadable(kind: kind) }
            return try readPipe(descriptor, limit: limit, writerWait: nil)
        }
    }
}

/// 64 MiB, 4 GiB: a byte count for a message.
func describeBytes(_ count: Int) -> String {
    if count >= 1 << 30, count % (1 << 30) == 0 { return "\(count >> 30) GiB" }
    if count >= 1 << 20, count % (1 << 20) == 0 { return "\(count >> 20) MiB" }
    return "\(count) bytes"
}
