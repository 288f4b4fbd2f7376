import Dispatch
import Glibc

/// JSON Lines: line 1 (or the first value) is the header object without "students", then one
/// student object per line. A raw newline never occurs inside a JSON string, and each student is
/// held to its line, so every newline is a record boundary: the lines are cut into parts at
/// newlines, the parts parsed on all cores, and the parts' columns joined in file order, giving
/// the model the one-threaded parse gives (ids in file order, problems in file order, the first
/// error in file order).
extension DataSetParser {
    /// Parts of at least this many bytes are worth a thread of their own.
    static let bytesPerPart = 4 << 20

    /// After the header object: the offset where the student lines begin, or nil when nothing
    /// but whitespace follows (a one-object file). The header ends its line.
    mutating func linesBody() throws(JSONFailure) -> Int? {
        let headerEnd = s.pos
        s.skipWhitespace()
        guard s.pos < s.count else { return nil }
        guard memchr(s.base + headerEnd, 0x0A, s.pos - headerEnd) != nil else {
            throw JSONFailure(
                offset: s.pos,
                message: "expected a new line after the header, found \(s.describeFound()) "
                    + "(JSON Lines: the header on line 1, then one student per line)")
        }
        return headerEnd
    }

    /// Parses the student lines from `start` to the end of the input, in parts on all cores when
    /// the input is large (or `parts` says how many).
    mutating func parseLines(from start: Int) throws(JSONFailure) {
        let end = s.count
        let wanted = parts > 0 ? parts : min(Self.cores, max(1, (end - start) / Self.bytesPerPart))
        let bounds = Self.partBounds(base: s.base, from: start, to: end, parts: wanted)
        if bounds.count <= 2 {
            try parseLineRange(from: start, to: end, firstRow: 0)
            return
        }
        try parseLinesInParallel(bounds)
    }

    static var cores: Int { max(1, min(8, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))) }

    /// `parts + 1` offsets from `start` to `end`, each inner one just after a newline; parts that
    /// would be empty are dropped.
    static func partBounds(base: UnsafePointer<UInt8>, from start: Int, to end: Int, parts: Int)
        -> [Int]
    {
        var bounds = [start]
        guard parts > 1 else { return bounds + [end] }
        for part in 1..<parts {
            let target = max(start + (end - start) / parts * part, bounds[bounds.count - 1])
            guard target < end, let newline = memchr(base + target, 0x0A, end - target) else {
                break
            }
            let next = UnsafePointer<UInt8>(newline.assumingMemoryBound(to: UInt8.self)) - base + 1
            if next < end, next > bounds[bounds.count - 1] { bounds.append(next) }
        }
        bounds.append(end)
        return bounds
    }

    /// The students (non-blank lines) between two part bounds.
    /// With `release`, the pages counted are handed back to the kernel every 64 MB (as the parse
    /// does), so that the count does not hold the whole file in memory at once.
    static func countRows(
        base: UnsafePointer<UInt8>, from start: Int, to end: Int, release: Bool = false
    ) -> Int {
        var rows = 0
        var pos = start
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        var released = (start + page - 1) / page * page
        while pos < end {
            if release, pos - released >= 64 << 20 {
                released = max(released, MappedFile.release(base: base, from: released, to: pos))
            }
            let lineEnd = Self.lineEnd(base: base, from: pos, to: end)
            var index = pos
            while index < lineEnd, base[index] == 0x20 || base[index] == 0x09 || base[index] == 0x0D
            { index += 1 }
            if index < lineEnd { rows += 1 }
            pos = lineEnd + 1
        }
        return rows
    }

    @inline(__always) static func lineEnd(base: UnsafePointer<UInt8>, from pos: Int, to end: Int)
        -> Int
    {
        guard let newline = memchr(base + pos, 0x0A, end - pos) else { return end }
        return UnsafePointer<UInt8>(newline.assumingMemoryBound(to: UInt8.self)) - base
    }

    /// Parses the students on the lines from `start` to `end` (at line starts), the first being
    /// row `firstRow` of the file. Blank lines are skipped.
    mutating func parseLineRange(from start: Int, to end: Int, firstRow: Int) throws(JSONFailure) {
        let fullCount = s.count
        defer { s.count = fullCount }
        if format == 2, students.enrolmentStart.isEmpty { students.enrolmentStart = [0] }
        var released = start
        var row = firstRow
        var pos = start
        while pos < end {
            let lineEnd = Self.lineEnd(base: s.base, from: pos, to: end)
            s.count = lineEnd
            s.pos = pos
            s.skipWhitespace()
            if s.pos < lineEnd {
                do throws(JSONFailure) {
                    try parseStudent(row: row)
                    s.skipWhitespace()
                    guard s.pos == lineEnd else {
                        throw JSONFailure(
                            offset: s.pos,
                            message:
                                "expected the end of the line after the student, found \(s.describeFound()) "
                                + "(JSON Lines: one student per line)")
                    }
                } catch {
                    var failure = error
                    if failure.offset >= lineEnd, lineEnd < fullCount {
                        failure.message = failure.message.replacingEndOfFile(
                            with: "the end of the line (JSON Lines: one whole student per line)")
                    }
                    throw failure.under(index: row)
                }
                row += 1
                if row & 0x3FF == 0, Cancellation.isRequested {
                    throw JSONFailure(offset: lineEnd, message: "cancelled", cancelled: true)
                }
                if releasePages, lineEnd - released >= 64 << 20 {
                    let page = Int(sysconf(Int32(_SC_PAGESIZE)))
                    let from = (released + page - 1) / page * page
                    released = max(
                        released,
                        MappedFile.release(base: s.base, from: from, to: lineEnd - (1 << 20)))
                }
            }
            pos = lineEnd + 1
        }
    }

    private mutating func parseLinesInParallel(_ bounds: [Int]) throws(JSONFailure) {
        let count = bounds.count - 1
        let base = s.base
        let keyScratch = UnsafeMutablePointer<UInt8>.allocate(
            capacity: JSONScanner.keyScratchSize * count)
        let dateCache = UnsafeMutablePointer<DateCacheEntry>.allocate(
            capacity: JSONScanner.dateCacheSize * count)
        dateCache.initialize(repeating: DateCacheEntry(), count: JSONScanner.dateCacheSize * count)
        nonisolated(unsafe) let workers = UnsafeMutablePointer<DataSetParser>.allocate(
            capacity: count)
        nonisolated(unsafe) let failures = UnsafeMutablePointer<JSONFailure?>.allocate(
            capacity: count)
        nonisolated(unsafe) let rows = UnsafeMutablePointer<Int>.allocate(capacity: count)
        for part in 0..<count {
            (workers + part).initialize(
                to: partParser(
                    keyScratch: keyScratch + part * JSONScanner.keyScratchSize,
                    dateCache: dateCache + part * JSONScanner.dateCacheSize, first: part == 0))
        }
        failures.initialize(repeating: nil, count: count)
        defer {
            workers.deinitialize(count: count)
            workers.deallocate()
            failures.deinitialize(count: count)
            failures.deallocate()
            rows.deallocate()
            keyScratch.deallocate()
            dateCache.deallocate()
        }
        nonisolated(unsafe) let baseAddress = base
        let release = releasePages
        // First the rows of each part, so each part knows its first row (for paths and ids).
        DispatchQueue.concurrentPerform(iterations: count) { part in
            rows[part] = Self.countRows(
                base: baseAddress, from: bounds[part], to: bounds[part + 1], release: release)
        }
        var starts = [0]
        for part in 0..<count { starts.append(starts[part] + rows[part]) }
        let firstRows = starts
        DispatchQueue.concurrentPerform(iterations: count) { part in
            do throws(JSONFailure) {
                // The first part holds the joined columns: room for every row.
                workers[part].reserveRows(part == 0 ? firstRows[count] : rows[part])
                try workers[part].parseLineRange(
                    from: bounds[part], to: bounds[part + 1], firstRow: firstRows[part])
            } catch {
                failures[part] = error
            }
        }
        // Join in file order; a duplicate id across parts counts where the one-threaded parse
        // would find it: before the first part's failure only if its row comes first.
        // Rows are the file's already (counted first): no shift.
        self.take(&workers[0])
        if let failure = failures[0] { throw failure }
        for part in 1..<count {
            try joinIDs(of: workers[part])
            if let failure = failures[part] { throw failure }
            append(&workers[part], rowShift: 0)
        }
    }

    /// Capacity for a part's students, known from its count of lines.
    private mutating func reserveRows(_ count: Int) {
        students.ids.reserveCapacity(count)
        students.school.reserveCapacity(count)
        students.grade.reserveCapacity(count)
        students.absenceStart.reserveCapacity(count + 1)
        students.documentStart.reserveCapacity(count + 1)
        students.involvementStart.reserveCapacity(count + 1)
        if buildIndex { students.index.reserveCapacity(count) }
        if recordIDOffsets { idOffsets.reserveCapacity(count) }
        if format == 2 { students.enrolmentStart.reserveCapacity(count + 1) }
    }

}

extension String {
    /// The scanner's "the end of the file", said of a line that ended too soon.
    fileprivate func replacingEndOfFile(with text: String) -> String {
        let found = replacing("the end of the file", with: text, maxReplacements: 1)
        return found != self
            ? found : replacing("end of file", with: text.dropFirst(4), maxReplacements: 1)
    }
}
