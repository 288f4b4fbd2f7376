#if canImport(Glibc)
import Glibc
#endif

/// Files tidlig writes: readable by the user only, never half-written.
public enum SecureFile {
    /// A write that failed, with the system's reason.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// Writes to `path.tmp-PID` with mode 0600, syncs, then renames over `path`.
    public static func write(path: String, _ produce: ((UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws {
        let temporary = "\(path).tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { throw Failure(description: "cannot write \(path): \(String(cString: strerror(errno)))") }
        do {
            try produce { chunk in try writeAll(fd, chunk) }
            guard fsync(fd) == 0 else { throw Failure(description: "cannot sync \(path): \(String(cString: strerror(errno)))") }
            close(fd)
            guard rename(temporary, path) == 0 else {
                throw Failure(description: "cannot rename into \(path): \(String(cString: strerror(errno)))")
            }
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
    }

    /// Writes `text` atomically with mode 0600.
    public static func write(path: String, text: String) throws {
        var text = text
        try write(path: path) { sink in try text.withUTF8 { try sink(UnsafeRawBufferPointer($0)) } }
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
