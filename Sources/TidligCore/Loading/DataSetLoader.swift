/// Loads `tidlig/1` data sets (see `shared/contract/tidlig-data.schema.json`).
///
/// The input is validated in one pass; the first schema or syntax problem refuses the file with
/// its line, column and JSON path. Data-quality problems (a record on a weekend, after `asOf` ...)
/// keep the data and are listed in `DataSet.problems`.
///
/// ```swift
/// let data = try DataSetLoader.load(path: "weekly.json")
/// ```
public enum DataSetLoader {
    /// Reads a file read-only (never writes to it) and loads it.
    ///
    /// The file is mapped, not copied, and pages already parsed leave memory as the parse goes.
    ///
    /// A pipe (standard input as `/dev/stdin`, `<(...)`, a named pipe) is read into memory, at
    /// most `streamLimit` bytes; a named pipe that no process opens for writing within 10 s is
    /// an error, as is a device. A file that shrinks while it loads is an I/O error, not a crash.
    public static func load(path: String, streamLimit: Int = pipeLimit) throws(LoadError) -> DataSet
    {
        try load(path: path, streamLimit: streamLimit, writerWait: 10, afterMapping: {})
    }

    /// What a pipe may hold at most (4 GiB): a bound, so that an endless producer is an error.
    public static let pipeLimit = MappedFile.pipeLimit

    /// `load(path:)`, with a hook between mapping and parsing (tests truncate the file there).
    static func load(
        path: String, streamLimit: Int, writerWait: Double, afterMapping: () -> Void
    ) throws(LoadError) -> DataSet {
        let file: MappedFile
        do {
            file = try MappedFile(
                path: path, streamLimit: streamLimit, writerWait: writerWait, jsonObject: true)
        } catch {
            throw LoadError(
                source: path, line: 0, column: 0, path: "", message: error.message, isIOError: true)
        }
        defer { file.unmap() }
        guard let base = file.base else {
            return try load(bytes: file.streamed ?? [], source: path)
        }
        afterMapping()
        let result = Result { () throws(LoadError) in
            try load(base: base, count: file.count, source: path, releasePages: true)
        }
        if file.changed {
            throw LoadError(
                source: path, line: 0, column: 0, path: "",
                message: "the file shrank while it was read; load it again once it is complete",
                isIOError: true)
        }
        return try result.get()
    }

    /// Loads from bytes in memory; `source` names the origin in errors (a path, or "<sample>").
    public static func load(bytes: UnsafeRawBufferPointer, source: String) throws(LoadError)
        -> DataSet
    {
        guard let base = bytes.baseAddress, bytes.count > 0 else {
            let empty: [UInt8] = [0x20]
            return try empty.withUnsafeBufferPointer { buffer in
                Result { () throws(LoadError) in
                    try load(
                        base: buffer.baseAddress!, count: 0, source: source, releasePages: false)
                }
            }.get()
        }
        return try load(
            base: base.assumingMemoryBound(to: UInt8.self), count: bytes.count, source: source,
            releasePages: false)
    }

    /// Loads from bytes in memory; `source` names the origin in errors (a path, or "<sample>").
    public static func load(bytes: [UInt8], source: String) throws(LoadError) -> DataSet {
        try bytes.withUnsafeBytes { buffer in
            Result { () throws(LoadError) in try load(bytes: buffer, source: source) }
        }.get()
    }

    /// Loads from bytes in memory with the students of a JSON Lines file parsed in `parts`
    /// parts (tests run the parallel path on small files with this).
    static func load(bytes: [UInt8], source: String, parts: Int) throws(LoadError) -> DataSet {
        try bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(LoadError) in
                try load(
                    base: buffer.baseAddress!, count: buffer.count, source: source,
                    releasePages: false, parts: parts)
            }
        }.get()
    }

    private static func load(
        base: UnsafePointer<UInt8>, count: Int, source: String, releasePages: Bool, parts: Int = 0
    ) throws(LoadError) -> DataSet {
        let keyScratch = UnsafeMutablePointer<UInt8>.allocate(capacity: JSONScanner.keyScratchSize)
        let dateCache = UnsafeMutablePointer<DateCacheEntry>.allocate(
            capacity: JSONScanner.dateCacheSize)
        dateCache.initialize(repeating: DateCacheEntry(), count: JSONScanner.dateCacheSize)
        defer {
            keyScratch.deallocate()
            dateCache.deallocate()
        }
        let scanner = JSONScanner(
            base: base, count: count, keyScratch: keyScratch, dateCache: dateCache)
        var parser = DataSetParser(scanner: scanner, source: source, releasePages: releasePages)
        parser.parts = parts
        do {
            return try parser.parse()
        } catch {
            let location = TextLocation(offset: error.offset, in: scanner.buffer)
            var failure = LoadError(
                source: source, line: location.line, column: location.column,
                path: "$" + error.path,
                message: error.message)
            failure.isCancelled = error.cancelled
            return try Result<DataSet, LoadError>.failure(failure).get()
        }
    }
}
