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

    init(path: String, _ problem: BoundedRead.Failure) {
        self.path = path
        message = "\(problem)"
    }

    public var description: String { "cannot read \(path): \(message)" }
}

/// A file mapped read-only (`PROT_READ`, `MAP_PRIVATE`): the loader never writes to what it loads,
/// and pages already parsed can be handed back to the kernel, so a 1 GB file does not stay in RSS.
///
/// A regular file is mapped; a pipe (standard input, `<(...)`, a named pipe) is read into memory
/// up to `streamLimit` bytes; anything else (a device, a directory) is refused. A file that
/// shrinks while it is mapped does not kill the process (see `TruncationGuard`): `changed`
/// tells, and the loader reports it as an I/O error.
struct MappedFile {
    let base: UnsafePointer<UInt8>?
    let count: Int
    /// The bytes of a pipe, which cannot be mapped, read in full instead.
    private(set) var streamed: [UInt8]?
    private let descriptor: Int32
    private let slot: Int?

    /// The most a pipe is read into memory by default (4 GiB).
    static let pipeLimit = 4 << 30

    /// Opens and maps `path`; an empty file maps to no memory. `jsonObject`: a pipe whose first
    /// byte cannot start a JSON object is read no further.
    init(
        path: String, streamLimit: Int = MappedFile.pipeLimit, writerWait: Double = 10,
        jsonObject: Bool = false
    ) throws(FileFailure) {
        func failure(_ problem: BoundedRead.Failure) -> FileFailure {
            FileFailure(path: path, problem)
        }
        do throws(BoundedRead.Failure) { descriptor = try BoundedRead.open(path) } catch {
            throw failure(error)
        }
        do throws(BoundedRead.Failure) {
            switch try BoundedRead.kind(of: descriptor) {
            case .regular(let size):
                count = size
            case .pipe:
                streamed = try BoundedRead.readPipe(
                    descriptor, limit: streamLimit, writerWait: writerWait,
                    stopEarly: jsonObject ? Self.cannotBeData : { _ in false })
                close(descriptor)
                (base, count, slot) = (nil, 0, nil)
                return
            case .directory: throw BoundedRead.Failure.system(EISDIR)
            case .other(let kind): throw BoundedRead.Failure.notReadable(kind: kind)
            }
        } catch {
            close(descriptor)
            throw failure(error)
        }
        guard count > 0 else {
            close(descriptor)
            (base, slot) = (nil, nil)
            return
        }
        let memory = mmap(nil, count, PROT_READ, MAP_PRIVATE, descriptor, 0)
        guard let memory, memory != MAP_FAILED else {
            let code = errno
            close(descriptor)
            throw failure(.system(code))
        }
        _ = madvise(memory, count, MADV_SEQUENTIAL)
        base = UnsafePointer(memory.assumingMemoryBound(to: UInt8.self))
        slot = TruncationGuard.watch(base: memory, count: count)
    }

    /// True when the first bytes already show the input is not a JSON object (zeros, random
    /// bytes): reading on would only fill memory.
    private static func cannotBeData(_ bytes: [UInt8]) -> Bool {
        for byte in bytes {
            switch byte {
            case 0x20, 0x0A, 0x0D, 0x09, 0xEF, 0xBB, 0xBF: continue
            default: return byte != UInt8(ascii: "{")
            }
        }
        return false
    }

    /// True when the file shrank or was rewritten while it was mapped.
    var changed: Bool {
        guard base != nil else { return false }
        if let slot, TruncationGuard.faulted(slot) { return true }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return true }
        return Int(status.st_size) < count
    }

    /// Unmaps the file and closes it.
    func unmap() {
        guard let base else { return }
        if let slot { TruncationGuard.release(slot) }
        _ = munmap(UnsafeMutableRawPointer(mutating: base), count)
        close(descriptor)
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
/// decoded as UTF-8: at most `BoundedRead.textLimit` bytes; a device is refused.
public func readText(path: String) throws(FileFailure) -> String {
    do throws(BoundedRead.Failure) {
        return String(
            decoding: try BoundedRead.contents(of: path, limit: BoundedRead.textLimit),
            as: UTF8.self)
    } catch {
        throw FileFailure(path: path, error)
    }
}

/// The whole of standard input, as text (at most `BoundedRead.textLimit` bytes).
public func readStandardInput() throws(FileFailure) -> String {
    do throws(BoundedRead.Failure) {
        return String(
            decoding: try BoundedRead.contents(of: "-", limit: BoundedRead.textLimit), as: UTF8.self
        )
    } catch {
        throw FileFailure(path: "standard input", error)
    }
}
