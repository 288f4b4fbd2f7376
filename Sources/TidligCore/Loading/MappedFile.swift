#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file mapped read-only (`PROT_READ`, `MAP_PRIVATE`): the loader never writes to what it loads,
/// and pages already parsed can be handed back to the kernel, so a 1 GB file does not stay in RSS.
struct MappedFile {
    let base: UnsafePointer<UInt8>?
    let count: Int
    /// The bytes of a pipe or device, which cannot be mapped, read in full instead.
    private(set) var streamed: [UInt8]?

    /// Opens and maps `path`; an empty file maps to no memory.
    init(path: String) throws(LoadError) {
        func failure(_ code: Int32) -> LoadError {
            LoadError(source: path, line: 0, column: 0, path: "", message: String(cString: strerror(code)), isIOError: true)
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure(errno) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw failure(errno) }
        guard status.st_mode & S_IFMT != S_IFDIR else { throw failure(EISDIR) }
        guard status.st_mode & S_IFMT == S_IFREG else {
            base = nil
            count = 0
            streamed = try Self.readAll(descriptor, failure)
            return
        }
        count = Int(status.st_size)
        guard count > 0 else {
            base = nil
            return
        }
        let memory = mmap(nil, count, PROT_READ, MAP_PRIVATE, descriptor, 0)
        guard let memory, memory != MAP_FAILED else { throw failure(errno) }
        _ = madvise(memory, count, MADV_SEQUENTIAL)
        base = UnsafePointer(memory.assumingMemoryBound(to: UInt8.self))
    }

    private static func readAll(_ descriptor: Int32, _ failure: (Int32) -> LoadError) throws(LoadError) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let got = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if got < 0, errno == EINTR { continue }
            guard got >= 0 else { throw failure(errno) }
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
