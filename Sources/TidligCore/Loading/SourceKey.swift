#if canImport(Glibc)
    import Glibc
#endif

/// What a snapshot is keyed by: the source file's identity, size, times and the hash of its
/// first and last 64 KiB. Any write to the file changes its ctime; a copy, a rename over it or
/// an export rewritten in place changes the inode, the mtime or the blocks.
public struct SourceKey: Equatable, Sendable {
    public var device: UInt64
    public var inode: UInt64
    public var size: UInt64
    public var mtimeSeconds: Int64
    public var mtimeNanoseconds: Int64
    public var ctimeSeconds: Int64
    public var ctimeNanoseconds: Int64
    /// XXH64 of the first 64 KiB and the last 64 KiB (the whole file when it is smaller).
    public var blockHash: UInt64

    /// The bytes hashed at each end.
    static let blockSize = 64 << 10

    /// The key of a regular file, or nil for anything else (a pipe, a device) or an unreadable
    /// path: those are never snapshotted.
    public static func of(path: String) -> SourceKey? {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
        let size = Int(status.st_size)
        var bytes = [UInt8](repeating: 0, count: min(size, 2 * blockSize))
        let first = min(size, blockSize)
        let read = bytes.withUnsafeMutableBytes { buffer -> Bool in
            guard let base = buffer.baseAddress else { return true }
            guard readFully(fd, base, first, at: 0) else { return false }
            let last = buffer.count - first
            return last == 0 || readFully(fd, base + first, last, at: size - last)
        }
        guard read else { return nil }
        return SourceKey(
            device: UInt64(status.st_dev), inode: UInt64(status.st_ino), size: UInt64(size),
            mtimeSeconds: Int64(status.st_mtim.tv_sec),
            mtimeNanoseconds: Int64(status.st_mtim.tv_nsec),
            ctimeSeconds: Int64(status.st_ctim.tv_sec),
            ctimeNanoseconds: Int64(status.st_ctim.tv_nsec),
            blockHash: bytes.withUnsafeBytes { Checksum.xxh64($0, seed: 0x7469_646c_6967) })
    }

    private static func readFully(
        _ fd: Int32, _ to: UnsafeMutableRawPointer, _ count: Int, at offset: Int
    ) -> Bool {
        var done = 0
        while done < count {
            let got = pread(fd, to + done, count - done, off_t(offset + done))
            if got < 0, errno == EINTR { continue }
            guard got > 0 else { return false }
            done += got
        }
        return true
    }

    /// The fields in the order the snapshot header stores them.
    var words: [UInt64] {
        [
            device, inode, size, UInt64(bitPattern: mtimeSeconds),
            UInt64(bitPattern: mtimeNanoseconds),
            UInt64(bitPattern: ctimeSeconds), UInt64(bitPattern: ctimeNanoseconds), blockHash,
        ]
    }

    init(
        device: UInt64, inode: UInt64, size: UInt64, mtimeSeconds: Int64, mtimeNanoseconds: Int64,
        ctimeSeconds: Int64, ctimeNanoseconds: Int64, blockHash: UInt64
    ) {
        (self.device, self.inode, self.size, self.blockHash) = (device, inode, size, blockHash)
        (self.mtimeSeconds, self.mtimeNanoseconds) = (mtimeSeconds, mtimeNanoseconds)
        (self.ctimeSeconds, self.ctimeNanoseconds) = (ctimeSeconds, ctimeNanoseconds)
    }

    init(words: [UInt64]) {
        self.init(
            device: words[0], inode: words[1], size: words[2],
            mtimeSeconds: Int64(bitPattern: words[3]),
            mtimeNanoseconds: Int64(bitPattern: words[4]),
            ctimeSeconds: Int64(bitPattern: words[5]),
            ctimeNanoseconds: Int64(bitPattern: words[6]), blockHash: words[7])
    }
}
