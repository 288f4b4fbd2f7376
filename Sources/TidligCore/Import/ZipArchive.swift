import CZlib

/// The members of a ZIP file (an .xlsx is one), read from its central directory; a member is
/// stored or DEFLATE-compressed (inflated by zlib). Enough for Office Open XML, not ZIP64.
struct ZipArchive {
    struct Entry {
        var name: String
        var method: Int
        var compressedSize: Int
        var size: Int
        var localHeader: Int
    }

    let path: String
    private let bytes: [UInt8]
    private(set) var entries: [String: Entry] = [:]

    /// Members above this size are refused (a ZIP bomb, or not a spreadsheet we can hold).
    static let maximumMemberSize = 1 << 31

    init(path: String) throws(ImportFailure) {
        self.path = path
        guard let bytes = FileBytes.read(path: path) else {
            throw ImportFailure(
                file: path, message: "cannot read: \(FileBytes.lastError)", isIOError: true)
        }
        self.bytes = bytes
        try readDirectory()
    }

    private func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
    private func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }

    private func broken(_ what: String) -> ImportFailure {
        ImportFailure(
            file: path, message: "not a readable .xlsx file: \(what)",
            note: "save it again from Excel as .xlsx, or export CSV")
    }

    private mutating func readDirectory() throws(ImportFailure) {
        let n = bytes.count
        guard n >= 22 else { throw broken("too short for a ZIP archive") }
        var end = -1
        var at = n - 22
        while at >= max(0, n - 22 - 65535) {
            if bytes[at] == 0x50, bytes[at + 1] == 0x4B, bytes[at + 2] == 0x05,
                bytes[at + 3] == 0x06
            {
                end = at; break
            }
            at -= 1
        }
        guard end >= 0 else { throw broken("no ZIP directory") }
        let count = u16(end + 10)
        var offset = u32(end + 16)
        for _ in 0..<count {
            guard offset + 46 <= n, u32(offset) == 0x0201_4B50 else {
                throw broken("a damaged ZIP directory")
            }
            let nameLength = u16(offset + 28), extra = u16(offset + 30), comment = u16(offset + 32)
            guard offset + 46 + nameLength <= n else { throw broken("a damaged ZIP directory") }
            let name = String(
                decoding: bytes[(offset + 46)..<(offset + 46 + nameLength)], as: UTF8.self)
            entries[name] = Entry(
                name: name, method: u16(offset + 10), compressedSize: u32(offset + 20),
                size: u32(offset + 24), localHeader: u32(offset + 42))
            offset += 46 + nameLength + extra + comment
        }
    }

    /// The member's bytes, inflated; nil when there is no such member.
    func contents(of name: String) throws(ImportFailure) -> [UInt8]? {
        guard let entry = entries[name] else { return nil }
        let header = entry.localHeader
        guard header + 30 <= bytes.count, u32(header) == 0x0403_4B50 else {
            throw broken("a damaged member \(name)")
        }
        let start = header + 30 + u16(header + 26) + u16(header + 28)
        guard start + entry.compressedSize <= bytes.count,
            entry.size <= ZipArchive.maximumMemberSize
        else {
            throw broken("a damaged member \(name)")
        }
        switch entry.method {
        case 0: return Array(bytes[start..<(start + entry.compressedSize)])
        case 8: return try inflate(start: start, entry: entry)
        default: throw broken("member \(name) is compressed with method \(entry.method)")
        }
    }

    private func inflate(start: Int, entry: Entry) throws(ImportFailure) -> [UInt8] {
        if entry.size == 0 { return [] }
        var output = [UInt8](repeating: 0, count: entry.size)
        var stream = z_stream()
        guard inflateInit2_(&stream, -15, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK
        else {
            throw broken("zlib could not start")
        }
        defer { inflateEnd(&stream) }
        let status: Int32 = bytes.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress! + start)
                stream.avail_in = UInt32(entry.compressedSize)
                stream.next_out = out.baseAddress
                stream.avail_out = UInt32(out.count)
                return CZlib.inflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END, Int(stream.total_out) == entry.size else {
            throw broken("member \(entry.name) does not inflate to its stated size")
        }
        return output
    }
}
