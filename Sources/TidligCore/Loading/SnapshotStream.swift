#if canImport(Glibc)
    import Glibc
#endif
import Dispatch

/// Why a snapshot was not written or not used. The normal load goes on; only `tidlig snapshot`
/// reports it.
public struct SnapshotFailure: Error, Sendable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

/// Writes a snapshot's payload to a descriptor in `Checksum.blockSize` blocks, hashing each
/// block as it goes. Every value starts at a multiple of 8 bytes.
struct SnapshotWriter {
    private let fd: Int32
    private let buffer: UnsafeMutableRawBufferPointer
    private var used = 0
    private(set) var stream = Checksum.Stream()

    init(fd: Int32) {
        self.fd = fd
        buffer = .allocate(byteCount: Checksum.blockSize, alignment: 16)
    }

    func deallocate() { buffer.deallocate() }

    /// Bytes written so far.
    var position: Int { stream.total + used }

    mutating func bytes(_ raw: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < raw.count {
            let take = min(raw.count - offset, buffer.count - used)
            (buffer.baseAddress! + used).copyMemory(
                from: raw.baseAddress! + offset, byteCount: take)
            used += take
            offset += take
            if used == buffer.count { try flush() }
        }
    }

    /// Writes the staged block (the last one may be short).
    mutating func flush() throws {
        guard used > 0 else { return }
        let block = UnsafeRawBufferPointer(rebasing: buffer[0..<used])
        stream.add(block: block)
        try SecureFile.writeAll(fd, block)
        used = 0
    }

    mutating func pad() throws {
        let zeros: UInt64 = 0
        let extra = (8 - position % 8) % 8
        if extra > 0 {
            try withUnsafeBytes(of: zeros) {
                try bytes(UnsafeRawBufferPointer(rebasing: $0[0..<extra]))
            }
        }
    }

    mutating func word(_ value: UInt64) throws {
        try withUnsafeBytes(of: value.littleEndian) { try bytes($0) }
    }
    mutating func int(_ value: Int) throws { try word(UInt64(bitPattern: Int64(value))) }
    mutating func day(_ value: Day) throws { try int(Int(value.rawValue)) }
    mutating func flag(_ value: Bool) throws { try word(value ? 1 : 0) }

    /// A column: its length, its elements' bytes, padding.
    mutating func array<T>(_ values: [T]) throws {
        try int(values.count)
        try values.withUnsafeBytes { try bytes($0) }
        try pad()
    }

    mutating func string(_ value: String) throws {
        var copy = value
        try copy.withUTF8 { utf8 in
            try int(utf8.count)
            try bytes(UnsafeRawBufferPointer(utf8))
        }
        try pad()
    }

    mutating func optionalString(_ value: String?) throws {
        try flag(value != nil)
        if let value { try string(value) }
    }

    mutating func optionalInt(_ value: Int?) throws {
        try flag(value != nil)
        if let value { try int(value) }
    }

    mutating func optionalDay(_ value: Day?) throws {
        try optionalInt(value.map { Int($0.rawValue) })
    }

    /// Many strings: the end offset of each in a `[UInt32]` column, then the bytes back to back.
    mutating func strings(_ values: [String]) throws {
        var ends = [UInt32]()
        ends.reserveCapacity(values.count)
        var total = 0
        for value in values {
            total += value.utf8.count
            guard total <= Int(UInt32.max) else {
                throw SnapshotFailure("more than 4 GiB of text in one column")
            }
            ends.append(UInt32(total))
        }
        try array(ends)
        try int(total)
        for var value in values { try value.withUTF8 { try bytes(UnsafeRawBufferPointer($0)) } }
        try pad()
    }
}

/// Reads a snapshot's payload: every length and offset is checked against what is left, so a
/// damaged file ends in a `SnapshotFailure`, never outside the mapping.
struct SnapshotReader {
    let base: UnsafeRawPointer
    let count: Int
    private(set) var position = 0

    init(base: UnsafeRawPointer, count: Int) {
        self.base = base
        self.count = count
    }

    var atEnd: Bool { position == count }

    private mutating func take(_ byteCount: Int) throws(SnapshotFailure) -> UnsafeRawPointer {
        guard byteCount >= 0, byteCount <= count - position else {
            throw SnapshotFailure("it ends early")
        }
        let start = base + position
        position += (byteCount + 7) & ~7
        guard position <= count else { throw SnapshotFailure("it ends early") }
        return start
    }

    mutating func word() throws(SnapshotFailure) -> UInt64 {
        UInt64(littleEndian: try take(8).loadUnaligned(as: UInt64.self))
    }

    mutating func int() throws(SnapshotFailure) -> Int {
        let value = Int64(bitPattern: try word())
        guard let exact = Int(exactly: value) else {
            throw SnapshotFailure("a number out of range")
        }
        return exact
    }

    /// A non-negative count of at most `limit`.
    mutating func count(atMost limit: Int) throws(SnapshotFailure) -> Int {
        let value = try int()
        guard value >= 0, value <= limit else { throw SnapshotFailure("a count out of range") }
        return value
    }

    mutating func int32() throws(SnapshotFailure) -> Int32 {
        guard let value = Int32(exactly: try int()) else {
            throw SnapshotFailure("a number out of range")
        }
        return value
    }

    mutating func day() throws(SnapshotFailure) -> Day {
        let value = try int32()
        guard Snapshot.dayRange.contains(value) else {
            throw SnapshotFailure("a date out of range")
        }
        return Day(rawValue: value)
    }

    mutating func flag() throws(SnapshotFailure) -> Bool {
        switch try word() {
        case 0: return false
        case 1: return true
        default: throw SnapshotFailure("a flag that is neither 0 nor 1")
        }
    }

    /// A column of `T` (a plain value type of `MemoryLayout<T>.stride` bytes each), copied out
    /// of the mapping in one go.
    mutating func array<T>(_ type: T.Type) throws(SnapshotFailure) -> [T] {
        let stride = MemoryLayout<T>.stride
        let length = try count(atMost: (count - position) / max(1, stride))
        let start = try take(length * stride)
        return [T](unsafeUninitializedCapacity: length) { buffer, initialized in
            if length > 0 {
                Self.copy(
                    to: UnsafeMutableRawPointer(buffer.baseAddress!), from: start, length * stride)
            }
            initialized = length
        }
    }

    /// Copies a column out of the mapping, a large one on every core: most of the time goes to
    /// the kernel's first touch of the new pages, which the cores take in parallel.
    static func copy(
        to target: UnsafeMutableRawPointer, from source: UnsafeRawPointer, _ count: Int
    ) {
        let parts = count >= 4 << 20 ? 4 : 1
        guard parts > 1 else { return target.copyMemory(from: source, byteCount: count) }
        let to = PartShare(target), from = PartShare(source)
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let lower = count * part / parts, upper = count * (part + 1) / parts
            (to.value + lower).copyMemory(from: from.value + lower, byteCount: upper - lower)
        }
    }

    mutating func string() throws(SnapshotFailure) -> String {
        let length = try count(atMost: count - position)
        let start = try take(length)
        return String(decoding: UnsafeRawBufferPointer(start: start, count: length), as: UTF8.self)
    }

    mutating func optionalString() throws(SnapshotFailure) -> String? {
        try flag() ? try string() : nil
    }
    mutating func optionalInt() throws(SnapshotFailure) -> Int? { try flag() ? try int() : nil }
    mutating func optionalDay() throws(SnapshotFailure) -> Day? { try flag() ? try day() : nil }

    /// Many strings, as `SnapshotWriter.strings` wrote them.
    mutating func strings() throws(SnapshotFailure) -> [String] {
        let view = try stringsView()
        return (0..<view.count).map { view[$0] }
    }

    /// The strings' ends and bytes, checked, without making the strings yet.
    mutating func stringsView() throws(SnapshotFailure) -> StringsView {
        let ends = try array(UInt32.self)
        let total = try count(atMost: count - position)
        let start = try take(total)
        var previous: UInt32 = 0
        for end in ends {
            guard end >= previous else { throw SnapshotFailure("string offsets out of order") }
            previous = end
        }
        guard Int(previous) == total else {
            throw SnapshotFailure("string offsets past their text")
        }
        return StringsView(ends: ends, bytes: start)
    }

    /// Strings not yet made: string i is `bytes[ends[i-1] ..< ends[i]]`.
    struct StringsView {
        var ends: [UInt32]
        var bytes: UnsafeRawPointer
        var count: Int { ends.count }
        subscript(index: Int) -> String {
            let lower = index == 0 ? 0 : Int(ends[index - 1])
            let upper = Int(ends[index])
            return String(
                decoding: UnsafeRawBufferPointer(start: bytes + lower, count: upper - lower),
                as: UTF8.self)
        }
    }
}
