#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file that could not be opened or read, with the system's reason.
public struct FileFailure: Error, Sendable, CustomStringConvertible {
    /// The path as given.
    public var path: String
    /// The system's reason: "No such file or directory".
    public var message: String

    init(path: String, code: Int32) {
        self.path = path
        message = String(cString: strerror(code))
    }

    public var description: String { "cannot read \(path): \(message)" }
}

/// A file mapped read-only (`PROT_READ`, `MAP_PRIVATE`): the loader never writes to what it loads,
/// and pages already parsed can be handed back to the kernel, so a 1 GB file does not stay in RSS.
///
/// A pipe or device (`<(...)`, `/dev/stdin`) cannot be mapped and is read in full instead.
struct MappedFile {
    let base: UnsafePointer<UInt8>?
    let count: Int
    /// The bytes of a pipe or device, which cannot be mapped, read in full instead.
    private(set) var streamed: [UInt8]?

    /// Opens and maps `path`; an empty file maps to no memory.
    init(path: String) throws(FileFailure) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileFailure(path: path, code: errno) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw FileFailure(path: path, code: errno) }
        guard status.st_mode & S_IFMT != S_IFDIR else { throw FileFailure(path: path, code: EISDIR) }
        guard status.st_mode & S_IFMT == S_IFREG else {
            base = nil
            count = 0
            streamed = try Self.readAll(descriptor, path)
            return
        }
        count = Int(status.st_size)
        guard count > 0 else {
            base = nil
            return
        }
        let memory = mmap(nil, count, PROT_READ, MAP_PRIVATE, descriptor, 0)
        guard let memory, memory != MAP_FAILED else { throw FileFailure(path: path, code: errno) }
        _ = madvise(memory, count, MADV_SEQUENTIAL)
        base = UnsafePointer(memory.assumingMemoryBound(to: UInt8.self))
    }

    static func readAll(_ descriptor: Int32, _ path: String) throws(FileFailure) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let got = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if got < 0, errno == EINTR { continue }
            guard got >= 0 else { throw FileFailure(path: path, code: errno) }
            if got == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<got])
        }
    }

    /// Unmaps the file.
    func unmap() {
        if let base { _ = munmap(UnsafeMutableRawPointer(mutating: base), count) }
    }

    /// Drops the pages of `[from, to)` (rounded down to pages) from memory; they are re-read
    /// from the file if touched again. Returns the new released boundary.
    static func release(base: UnsafePointer<UInt8>, from: Int, to: Int) -> Int {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let end = to / page * page
        guard end > from else { return from }
        _ = madvise(UnsafeMutableRawPointer(mutating: base + from), end - from, MADV_DONTNEED)
        return end
    }
}

/// The whole text of a file, a pipe or process substitution included (`policy load <(...)`),
/// decoded as UTF-8.
public func readText(path: String) throws(FileFailure) -> String {
    let file = try MappedFile(path: path)
    defer { file.unmap() }
    if let base = file.base {
        return String(decoding: UnsafeBufferPointer(start: base, count: file.count), as: UTF8.self)
    }
    return String(decoding: file.streamed ?? [], as: UTF8.self)
}

/// The whole of standard input, as text.
public func readStandardInput() throws(FileFailure) -> String {
    String(decoding: try MappedFile.readAll(0, "<stdin>"), as: UTF8.self)
}
