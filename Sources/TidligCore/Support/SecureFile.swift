#if canImport(Glibc)
    import Glibc
#endif

/// Files tidlig writes (reports, exports, outbox messages, generated data, the history): readable
/// by the user only, never half-written, and never written over anything but a regular file.
///
/// The target must be a regular file or a new path; a symbolic link to a regular file is written
/// through (the link stays). A directory, device, named pipe, socket, or a link to one of those
/// or to nothing is refused before anything is written, with a `Failure` (the shell exits 74).
public enum SecureFile {
    /// A write that failed or was refused, with the reason.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var description: String

        /// A failure with its message ("cannot write X: ...").
        public init(description: String) { self.description = description }
    }

    /// Writes to `path.tmp-PID` (created new, mode 0600) next to the target, syncs, then renames
    /// it over the target.
    public static func write(
        path: String, _ produce: ((UnsafeRawBufferPointer) throws -> Void) throws -> Void
    ) throws {
        try replace(path: path) { temporary, fd in try produce { chunk in try writeAll(fd, chunk) }
        }
    }

    /// Writes `text` atomically with mode 0600.
    public static func write(path: String, text: String) throws {
        var text = text
        try write(path: path) { sink in try text.withUTF8 { try sink(UnsafeRawBufferPointer($0)) } }
    }

    /// The general form: `produce` fills the temporary file (by its path or its open descriptor,
    /// e.g. a library that saves to a path), which then replaces the target.
    public static func replace(
        path: String, _ produce: (_ temporary: String, _ fd: Int32) throws -> Void
    ) throws {
        let target = try checkedTarget(path)
        let temporary = "\(target).tmp-\(getpid())"
        unlink(temporary)
        // New and not through a link: nothing planted at the temporary name is followed.
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw Failure(description: "cannot write \(path): \(String(cString: strerror(errno)))")
        }
        do {
            try produce(temporary, fd)
            guard fchmod(fd, 0o600) == 0, fsync(fd) == 0 else {
                throw Failure(
                    description: "cannot sync \(path): \(String(cString: strerror(errno)))")
            }
            close(fd)
            guard rename(temporary, target) == 0 else {
                throw Failure(
                    description: "cannot rename into \(path): \(String(cString: strerror(errno)))")
            }
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
    }

    /// The path to replace: `path` itself when it is a regular file or new, the file a symbolic
    /// link leads to when that is a regular file; anything else is refused.
    public static func checkedTarget(_ path: String) throws(Failure) -> String {
        var status = stat()
        guard lstat(path, &status) == 0 else {
            guard errno == ENOENT else {
                throw Failure(
                    description: "cannot write \(path): \(String(cString: strerror(errno)))")
            }
            return path
        }
        switch status.st_mode & S_IFMT {
        case S_IFREG:
            return path
        case S_IFLNK:
            guard stat(path, &status) == 0 else {
                throw Failure(
                    description:
                        "cannot write \(path): it is a symbolic link to nothing (\(String(cString: strerror(errno))))"
                )
            }
            guard status.st_mode & S_IFMT == S_IFREG, let resolved = realpath(path, nil) else {
                throw refusal(path, "a symbolic link to " + describe(status.st_mode))
            }
            defer { free(resolved) }
            return String(cString: resolved)
        default:
            throw refusal(path, describe(status.st_mode))
        }
    }

    private static func refusal(_ path: String, _ what: String) -> Failure {
        Failure(
            description:
                "cannot write \(path): it is \(what), not a regular file; tidlig writes only regular files or new paths"
        )
    }

    /// "a directory", "a character device" ...
    static func describe(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: "a directory"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFIFO: "a named pipe"
        case S_IFSOCK: "a socket"
        case S_IFLNK: "a symbolic link"
        default: "a special file"
        }
    }

    /// Writes every byte to `fd`, retrying short writes and EINTR.
    public static func writeAll(_ fd: Int32, _ chunk: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < chunk.count {
            let written = Glibc.write(fd, chunk.baseAddress! + offset, chunk.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw Failure(description: "write failed: \(String(cString: strerror(errno)))")
            }
            offset += written
        }
    }
}
