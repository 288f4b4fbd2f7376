import Dispatch
import Glibc

/// The students parsed in parts on all cores, and the parts joined in file order into the model
/// the one-threaded parse gives: ids in file order, problems in file order, the first error in
/// file order. JSON Lines cuts at newlines (`DataSetParser+Lines.swift`); the one-object form
/// cuts its students array speculatively, at a `{` that looks like a student's, and checks every
/// cut afterwards: a part counts only if the part before it, parsed from a true element start,
/// stopped exactly at the cut. A cut that was not a boundary (inside a string, or a record)
/// costs time, never a different result: from the last true boundary on, one thread goes on.
extension DataSetParser {
    /// One part's parser: the header's tables, empty columns, scanner scratch of its own. Only
    /// the first part builds the id index as it goes; later parts' ids join it in file order.
    func partParser(
        keyScratch: UnsafeMutablePointer<UInt8>, dateCache: UnsafeMutablePointer<DateCacheEntry>,
        first: Bool
    ) -> DataSetParser {
        var part = self
        part.resetColumns()
        if format == 2 { part.students.enrolmentStart = [0] }
        part.scratch = StudentScratch()
        part.buildIndex = first
        part.recordIDOffsets = !first
        part.idOffsets = []
        part.s = JSONScanner(
            base: s.base, count: s.count, keyScratch: keyScratch, dateCache: dateCache)
        return part
    }

    // MARK: The one-object form

    /// The first element's offset, then the cuts: one part per core for a large array (or
    /// `parts` when set), at student starts found by `studentStart`; just `[start]` for one part.
    func objectPartBounds(from start: Int) -> [Int] {
        let size = s.count - start
        let wanted = parts > 0 ? parts : min(Self.cores, size / Self.bytesPerPart)
        var bounds = [start]
        guard wanted > 1 else { return bounds }
        for part in 1..<wanted {
            let target = max(start + size / wanted * part, bounds[bounds.count - 1] + 1)
            guard
                let cut = Self.studentStart(base: s.base, from: target, to: s.count, format: format)
            else { break }
            if cut > bounds[bounds.count - 1] { bounds.append(cut) }
        }
        return bounds
    }

    /// The first `{` at or after `from` that is preceded by `}` `,` and whose first key only a
    /// student has (whitespace allowed between): likely, not certainly, the start of a student.
    static func studentStart(base: UnsafePointer<UInt8>, from: Int, to end: Int, format: Int)
        -> Int?
    {
        @inline(__always) func isSpace(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
        }
        var pos = from
        while pos < end, let found = memchr(base + pos, 0x7B, end - pos) {
            let brace = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
            pos = brace + 1
            var back = brace - 1
            while back > 0, isSpace(base[back]) { back -= 1 }
            guard back > 0, base[back] == UInt8(ascii: ",") else { continue }
            back -= 1
            while back > 0, isSpace(base[back]) { back -= 1 }
            guard base[back] == UInt8(ascii: "}") else { continue }
            var key = brace + 1
            while key < end, isSpace(base[key]) { key += 1 }
            if studentKey(base: base, at: key, end: end, format: format) { return brace }
        }
        return nil
    }

    /// Keys a student object has and none of the objects inside it.
    private static let studentKeys: [[UInt8]] = [
        "id", "absence", "folder", "involvements", "enrolments", "birthYear", "consents",
    ].map { Array("\"\($0)\"".utf8) }
    private static let studentKeysOne: [[UInt8]] = ["school", "grade"].map {
        Array("\"\($0)\"".utf8)
    }

    private static func studentKey(base: UnsafePointer<UInt8>, at pos: Int, end: Int, format: Int)
        -> Bool
    {
        func matches(_ key: [UInt8]) -> Bool {
            pos + key.count <= end
                && key.withUnsafeBufferPointer {
                    memcmp(base + pos, $0.baseAddress!, key.count) == 0
                }
        }
        return studentKeys.contains(where: matches)
            || (format == 1 && studentKeysOne.contains(where: matches))
    }

    /// Parses the students array from `bounds[0]` (its first element) in one part per bound, in
    /// parallel, and joins the parts that the checks prove true; one thread does the rest.
    mutating func parseStudentsInParts(_ bounds: [Int]) throws(JSONFailure) {
        let count = bounds.count
        let keyScratch = UnsafeMutablePointer<UInt8>.allocate(
            capacity: JSONScanner.keyScratchSize * count)
        let dateCache = UnsafeMutablePointer<DateCacheEntry>.allocate(
            capacity: JSONScanner.dateCacheSize * count)
        dateCache.initialize(repeating: DateCacheEntry(), count: JSONScanner.dateCacheSize * count)
        nonisolated(unsafe) let workers = UnsafeMutablePointer<DataSetParser>.allocate(
            capacity: count)
        nonisolated(unsafe) let failures = UnsafeMutablePointer<JSONFailure?>.allocate(
            capacity: count)
        nonisolated(unsafe) let closed = UnsafeMutablePointer<Bool>.allocate(capacity: count)
        nonisolated(unsafe) let ends = UnsafeMutablePointer<Int>.allocate(capacity: count)
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        for part in 0..<count {
            var worker = partParser(
                keyScratch: keyScratch + part * JSONScanner.keyScratchSize,
                dateCache: dateCache + part * JSONScanner.dateCacheSize, first: part == 0)
            worker.s.pos = bounds[part]
            // The first part reserves for the whole array (the others are appended to it).
            worker.reserveEnd = part == 0 || part == count - 1 ? nil : bounds[part + 1]
            worker.releasedUpTo = part == 0 ? releasedUpTo : (bounds[part] + page - 1) / page * page
            (workers + part).initialize(to: worker)
        }
        failures.initialize(repeating: nil, count: count)
        closed.initialize(repeating: false, count: count)
        ends.initialize(repeating: 0, count: count)
        defer {
            workers.deinitialize(count: count)
            workers.deallocate()
            failures.deinitialize(count: count)
            failures.deallocate()
            closed.deallocate()
            ends.deallocate()
            keyScratch.deallocate()
            dateCache.deallocate()
        }
        DispatchQueue.concurrentPerform(iterations: count) { part in
            do throws(JSONFailure) {
                let stop = part + 1 < count ? bounds[part + 1] : Int.max
                closed[part] = try workers[part].parseStudentRun(row: 0, stopAt: stop)
                ends[part] = workers[part].s.pos
            } catch {
                failures[part] = error
            }
        }
        // The first part starts at a true element and counts the file's rows.
        take(&workers[0])
        if let failure = failures[0] { throw failure }
        var part = 0
        while !closed[part] {
            // Part `part` is true and stopped at the first element at or after the next cut.
            guard ends[part] == bounds[part + 1], failures[part + 1] == nil else { break }
            try joinIDs(of: workers[part + 1])
            append(&workers[part + 1], rowShift: Int32(students.ids.count))
            part += 1
        }
        if closed[part] {
            s.pos = ends[part]
            return
        }
        // A cut that was no boundary, or a failure in the next part (found again here with the
        // file's rows, after any duplicate id before it): one thread from the last true element.
        s.pos = ends[part]
        releasedUpTo = max(releasedUpTo, workers[part].releasedUpTo)
        _ = try parseStudentRun(row: students.ids.count, stopAt: Int.max)
    }

    // MARK: Joining

    /// The first part's columns become ours.
    mutating func take(_ part: inout DataSetParser) {
        swap(&students, &part.students)
        swap(&absence, &part.absence)
        swap(&documents, &part.documents)
        swap(&involvements, &part.involvements)
        swap(&enrolments, &part.enrolments)
        problems.append(contentsOf: part.problems)
        problemRows.append(contentsOf: part.problemRows)
        releasedUpTo = max(releasedUpTo, part.releasedUpTo)
        capacityReserved = true
    }

    /// Adds a later part's ids to the index, in file order; the first one already there is a
    /// duplicate (reported with the file's row, where the one-threaded parse reports it).
    mutating func joinIDs(of part: DataSetParser) throws(JSONFailure) {
        students.index.reserveCapacity(students.index.count + part.students.ids.count)
        let firstRow = students.ids.count
        for (offset, id) in part.students.ids.enumerated() {
            let row = firstRow + offset
            if let earlier = students.index.updateValue(row, forKey: id) {
                let failure = JSONFailure(
                    offset: part.idOffsets[offset],
                    message: "duplicate student id \"\(id)\" (first at $.students[\(earlier)])",
                    path: ".id")
                throw failure.under(index: row)
            }
        }
    }

    /// Appends a later part's columns, its record offsets shifted past ours and its rows by
    /// `rowShift` (0 when the part counted the file's rows); each column of the part is freed
    /// once copied.
    mutating func append(_ part: inout DataSetParser, rowShift: Int32) {
        let absenceBase = Int32(absence.date.count)
        let documentBase = Int32(documents.date.count)
        let involvementBase = Int32(involvements.date.count)
        let enrolmentBase = Int32(enrolments.count)
        func move<T>(_ column: inout [T], _ from: inout [T]) {
            column.append(contentsOf: from)
            from = []
        }
        func moveStarts(_ column: inout [Int32], _ from: inout [Int32], _ base: Int32) {
            column.append(contentsOf: from.dropFirst().lazy.map { $0 + base })
            from = []
        }
        move(&students.ids, &part.students.ids)
        move(&students.school, &part.students.school)
        move(&students.grade, &part.students.grade)
        moveStarts(&students.absenceStart, &part.students.absenceStart, absenceBase)
        moveStarts(&students.documentStart, &part.students.documentStart, documentBase)
        moveStarts(&students.involvementStart, &part.students.involvementStart, involvementBase)
        if format == 2 {
            moveStarts(&students.enrolmentStart, &part.students.enrolmentStart, enrolmentBase)
        }
        for (row, year) in part.students.birthYear { students.birthYear[row + rowShift] = year }
        for (row, consents) in part.students.consents {
            students.consents[row + rowShift] = consents
        }
        part.students = StudentColumns()
        move(&absence.date, &part.absence.date)
        move(&absence.hours, &part.absence.hours)
        move(&absence.flags, &part.absence.flags)
        absence.reasons.append(
            contentsOf: part.absence.reasons.entries.map { ($0.0 + absenceBase, $0.1) })
        part.absence = AbsenceColumns()
        move(&documents.date, &part.documents.date)
        move(&documents.kind, &part.documents.kind)
        move(&documents.quality, &part.documents.quality)
        move(&documents.template, &part.documents.template)
        move(&documents.evaluateBy, &part.documents.evaluateBy)
        move(&documents.coverage, &part.documents.coverage)
        move(&documents.bti, &part.documents.bti)
        move(&documents.sections, &part.documents.sections)
        move(&documents.services, &part.documents.services)
        move(&documents.minutesSentTo, &part.documents.minutesSentTo)
        move(&documents.calledBy, &part.documents.calledBy)
        documents.texts.append(
            contentsOf: part.documents.texts.entries.map { ($0.0 + documentBase, $0.1) })
        part.documents = DocumentColumns()
        move(&involvements.date, &part.involvements.date)
        move(&involvements.service, &part.involvements.service)
        move(&involvements.initiatedBy, &part.involvements.initiatedBy)
        move(&involvements.ended, &part.involvements.ended)
        move(&enrolments.year, &part.enrolments.year)
        move(&enrolments.school, &part.enrolments.school)
        move(&enrolments.grade, &part.enrolments.grade)
        move(&enrolments.from, &part.enrolments.from)
        move(&enrolments.to, &part.enrolments.to)
        for (problem, row) in zip(part.problems, part.problemRows) {
            var shifted = problem
            if rowShift != 0 {
                let local = "$.students[\(row)]"
                shifted.path = "$.students[\(row + rowShift)]" + shifted.path.dropFirst(local.count)
            }
            problems.append(shifted)
            problemRows.append(row + rowShift)
        }
        part.problems = []
    }
}
