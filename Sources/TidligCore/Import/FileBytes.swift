#if canImport(Glibc)
    import Glibc
#endif

/// The bytes of an input file, mapped when it is a regular file (a 1 GB export is not copied
/// when it is UTF-8 already), and converted to UTF-8 when it is not.
final class TextBuffer: @unchecked Sendable {
    private let mapped: MappedFile?
    private let owned: [UInt8]?
    /// UTF-8 text without a byte-order mark.
    let bytes: UnsafeBufferPointer<UInt8>
    /// The encoding found, for the summary: "UTF-8", "UTF-8 with BOM", "Windows-1252".
    let encoding: String

    /// Reads `path` and decodes it as `encoding` says.
    init(path: String, encoding: TextEncoding) throws(ImportFailure) {
        let file: MappedFile
        do { file = try MappedFile(path: path) } catch {
            throw ImportFailure(
                file: path, message: "cannot read: \(error.message)", isIOError: true)
        }
        let raw: UnsafeBufferPointer<UInt8>
        if let streamed = file.streamed {
            let copy = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, streamed.count))
            _ = copy.initialize(from: streamed)
            raw = UnsafeBufferPointer(rebasing: UnsafeBufferPointer(copy)[0..<streamed.count])
        } else {
            raw = UnsafeBufferPointer(start: file.base, count: file.count)
        }
        let isBOM = raw.count >= 3 && raw[0] == 0xEF && raw[1] == 0xBB && raw[2] == 0xBF
        if encoding != .windows1252, !(raw.count >= 2 && (raw[0] == 0xFF || raw[0] == 0xFE)),
            TextEncoding.isValidUTF8(raw)
        {
            mapped = file
            owned = nil
            bytes = isBOM ? UnsafeBufferPointer(rebasing: raw[3...]) : raw
            self.encoding = isBOM ? "UTF-8 with BOM" : "UTF-8"
            return
        }
        guard let (text, found) = TextEncoding.decode(raw, as: encoding) else {
            file.unmap()
            throw ImportFailure(
                file: path, message: "not valid UTF-8",
                note: "the mapping says encoding = utf-8; use windows-1252 or auto for other files")
        }
        file.unmap()
        mapped = nil
        owned = text
        let copy = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, text.count))
        _ = copy.initialize(from: text)
        bytes = UnsafeBufferPointer(rebasing: UnsafeBufferPointer(copy)[0..<text.count])
        self.encoding = found
    }

    deinit {
        mapped?.unmap()
        if owned != nil, let base = bytes.baseAddress {
            UnsafeMutablePointer(mutating: base).deallocate()
        }
    }
}

/// Small whole-file reads (the key file, a mapping file).
enum FileBytes {
    nonisolated(unsafe) static var lastError = ""

    /// The file's bytes, or nil (with `lastError` set).
    static func read(path: String) -> [UInt8]? {
        do {
            let file = try MappedFile(path: path)
            defer { file.unmap() }
            if let streamed = file.streamed { return streamed }
            return file.base.map { Array(UnsafeBufferPointer(start: $0, count: file.count)) } ?? []
        } catch {
            lastError = error.message
            return nil
        }
    }
}
