#if canImport(Glibc)
import Glibc
#endif
import TidligCore

/// Writes results to standard output and diagnostics to standard error, unbuffered by stdio.
public final class StandardStreams: OutputSink {
    public init() {}

    public func write(_ text: String) { StandardStreams.writeAll(1, text) }

    public func writeError(_ text: String) { StandardStreams.writeAll(2, text) }

    /// Writes every byte of `text` to `fd`, retrying short writes and EINTR.
    public static func writeAll(_ fd: Int32, _ text: String) {
        var text = text
        text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return  // a closed pipe: nothing more to do
                }
                offset += written
            }
        }
    }
}

/// Reads a whole file or standard input as text.
public enum FileText {
    /// The file's text, or nil with `errno` set.
    public static func read(path: String) -> String? {
        let fd = path == "-" ? 0 : open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { if fd != 0 { close(fd) } }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, 65536) }
            if count < 0 { if errno == EINTR { continue }; return nil }
            if count == 0 { break }
            bytes += chunk[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The system's message for the current `errno`.
    public static var lastError: String { String(cString: strerror(errno)) }
}
