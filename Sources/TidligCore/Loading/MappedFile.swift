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
