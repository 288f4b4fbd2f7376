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
