import Dispatch

#if canImport(Glibc)
    import Glibc
#endif

/// What the absence rows of one stretch of the file added, in file order.
struct AbsenceReading {
    var types: CodeTable<ImportLayout.AbsenceType>
    var documentation: CodeTable<ImportLayout.Documentation>
    var context: ImportRowContext
    /// The registrations: `slots[0..<count]` when reading into a buffer sized for the stretch
    /// (CSV), else `registrations` (XLSX).
    var slots: UnsafeMutablePointer<ImportedData.Registration>?
    var count = 0
    var registrations: [ImportedData.Registration] = []
    var notAbsence = 0, leave = 0, late = 0, days = 0, hours = 0

    /// One data row: a registration, a refusal, or the error that stops the import.
    mutating func take(_ row: ExportRow, _ c: AbsenceFileColumns, _ importer: ExportImport)
        throws(ImportFailure)
    {
        let file = context.file
        let typeField = row.field(c.type)
        guard let type = types.lookup(typeField) else {
            throw types.failure(
                typeField, file: file, line: row.line, mappingName: importer.mappingName)
        }
        var documented = ImportLayout.Documentation.no
        if let field = c.documented {
            let bytes = row.field(field)
            guard let value = documentation.lookup(bytes) else {
                throw documentation.failure(
                    bytes, file: file, line: row.line, mappingName: importer.mappingName)
            }
            documented = value
        }
        let day = try importer.date(row, c.date, c.dateHeader, file: file, required: true)!
        var minutes: Float = 0
        if type == .hours || type == .late {
            minutes = try importer.length(row, c.map, file: file, required: type == .hours)
        }
        guard let student = importer.student(row, c.id, &context, file: file) else { return }
        guard c.years.contains(where: { $0.contains(day) }) else {
            context.refuse(row.line, "date outside every school year of the calendar")
            return
        }
        if let asOf = c.asOf, day > asOf {
            context.refuse(row.line, "date after --as-of")
            return
        }
        switch type {
        case .notAbsence: notAbsence += 1
        case .leave: leave += 1
        case .late: late += 1
        case .day, .dayNotOnDiploma: days += 1
        case .hours: hours += 1
        }
        guard type != .notAbsence else { return }
        let registration = ImportedData.Registration(
            student: student, date: day, type: type, documentation: documented, minutes: minutes)
        if let slots {
            (slots + count).initialize(to: registration)
            count += 1
        } else {
            registrations.append(registration)
        }
    }

    /// Adds what the next stretch of the file read; its lines counted from 1 are moved by
    /// `lineOffset`. The result is what reading both stretches in one go gives.
    mutating func append(_ next: AbsenceReading, lineOffset: Int) {
        types.merge(next.types)
        documentation.merge(next.documentation)
        context.merge(next.context, lineOffset: lineOffset)
        // The next stretch's slots lie after this one's: moved down to follow them.
        (slots! + count).moveInitialize(from: next.slots!, count: next.count)
        count += next.count
        notAbsence += next.notAbsence
        leave += next.leave
        late += next.late
        days += next.days
        hours += next.hours
    }
}

/// The absence file's columns and what every row is checked against.
struct AbsenceFileColumns {
    let map: HeaderMap
    let id: Int, date: Int, type: Int, documented: Int?
    let dateHeader: String
    let years: [ImportedData.SchoolYear]
    let asOf: Day?

    init(_ map: HeaderMap, _ importer: ExportImport) {
        self.map = map
        id = map.required("id")
        date = map.required("date")
        type = map.required("type")
        documented = map["documented"]
        dateHeader = importer.header(.absence, "date")
        years = importer.data.years
        asOf = importer.asOf
    }
}

extension ExportImport {
    /// The absence file read in stretches on several threads (`threads`), each cut just after
    /// a line break. The result, errors and refusals included, is the one reading it in one go
    /// gives: a stretch counts only when the one before it ended exactly at its cut, and a
    /// stretch that failed is read again in order, so that its error is the first in the file.
    func readInParallel(_ csv: CSVText, _ empty: AbsenceReading) throws(ImportFailure)
        -> AbsenceReading
    {
        let n = csv.text.bytes.count
        var row = ExportRow()
        row.bytes.reserveCapacity(256)
        var i = 0, line = 1
        var header: HeaderMap?
        while i < n, header == nil {
            try csv.record(at: &i, line: &line, into: &row)
            if row.isBlank { continue }
            header = try HeaderMap(
                header: row, table: .absence, layout: layout, file: csv.name,
                mappingName: mappingName)
        }
        guard let map = header else {
            throw ImportFailure(file: csv.name, message: "the file is empty: no header line")
        }
        let columns = AbsenceFileColumns(map, self)
        let cuts = CSVText.cuts(csv.text.bytes, from: i, parts: threads, minimum: minimumStretch)

        /// Reads the records starting in [from, before) into `reading`.
        func read(
            _ reading: inout AbsenceReading, _ from: Int, _ before: Int, _ line: Int,
            _ row: inout ExportRow
        )
            throws(ImportFailure) -> (next: Int, line: Int)
        {
            try csv.forEachRow(from: from, before: before, line: line, into: &row) {
                (row) throws(ImportFailure) in
                if row.isBlank { return }
                reading.context.rows += 1
                try reading.take(row, columns, self)
            }
        }

        // Each stretch's registrations get slots for as many records as can start in it (one
        // more than its line breaks), in one array: nothing grows or is copied while reading.
        let stretches = cuts.count - 1
        var bounds = [Int](repeating: 0, count: stretches)
        bounds.withUnsafeMutableBufferPointer { bounds in
            ExportImport.concurrently(stretches) { k in
                bounds[k] = CSVText.lineBreaks(csv.text.bytes, from: cuts[k], to: cuts[k + 1]) + 1
            }
        }
        var failure: ImportFailure?
        var reading = empty
        let registrations = [ImportedData.Registration](
            unsafeUninitializedCapacity: bounds.reduce(0, +)
        ) {
            buffer, initialized in
            do throws(ImportFailure) {
                reading = try readStretches(
                    cuts, bounds, into: buffer.baseAddress!, empty, firstLine: line, read)
                initialized = reading.count
            } catch {
                failure = error
                initialized = 0
            }
        }
        if let failure { throw failure }
        reading.slots = nil
        reading.registrations = registrations
        return reading
    }

    /// The stretches between `cuts` read at the same time, stretch k into the slots from
    /// `bounds[0] + ... + bounds[k - 1]` on, then joined in order.
    private func readStretches(
        _ cuts: [Int], _ bounds: [Int], into slots: UnsafeMutablePointer<ImportedData.Registration>,
        _ empty: AbsenceReading, firstLine: Int,
        _ read: (inout AbsenceReading, Int, Int, Int, inout ExportRow) throws(ImportFailure) -> (
            next: Int, line: Int
        )
    ) throws(ImportFailure) -> AbsenceReading {
        let stretches = cuts.count - 1
        var starts = [0]
        for bound in bounds.dropLast() { starts.append(starts.last! + bound) }
        var row = ExportRow()
        row.bytes.reserveCapacity(256)
        var reading = empty
        reading.slots = slots
        guard stretches > 1 else {
            _ = try read(&reading, cuts[0], cuts[1], firstLine, &row)
            return reading
        }
        let outcomes = UnsafeMutableBufferPointer<Stretch?>.allocate(capacity: stretches)
        outcomes.initialize(repeating: nil)
        defer {
            outcomes.deinitialize()
            outcomes.deallocate()
        }
        ExportImport.concurrently(stretches) { k in
            var mine = empty
            mine.slots = slots + starts[k]
            var row = ExportRow()
            row.bytes.reserveCapacity(256)
            do throws(ImportFailure) {
                let end = try read(&mine, cuts[k], cuts[k + 1], k == 0 ? firstLine : 1, &row)
                outcomes[k] = .read(mine, next: end.next, line: end.line)
            } catch {
                outcomes[k] = .failed(error)
            }
        }
        var next = 0, nextLine = 0
        switch outcomes[0].take()! {
        case .failed(let error): throw error
        case .read(let stretch, let end, let endLine):
            (reading, next, nextLine) = (stretch, end, endLine)
        }
        for k in 1..<stretches {
            let outcome = outcomes[k].take()!
            if next == cuts[k], case .read(let stretch, let end, let endLine) = outcome {
                reading.append(stretch, lineOffset: nextLine - 1)
                (next, nextLine) = (end, endLine + nextLine - 1)
            } else {
                // A quoted line break crossed the cut, or the stretch failed: read it in order
                // (into slots up to stretch k's last, since reading.count <= starts[k]).
                (next, nextLine) = try read(&reading, next, cuts[k + 1], nextLine, &row)
            }
        }
        return reading
    }

    /// One stretch's outcome.
    enum Stretch {
        case read(AbsenceReading, next: Int, line: Int)
        case failed(ImportFailure)
    }

    /// Runs `work(0)` ... `work(count - 1)` at the same time and waits for all. Each call
    /// writes only its own slot of the results, and reads nothing another call writes.
    static func concurrently(_ count: Int, _ work: (Int) -> Void) {
        struct Work: @unchecked Sendable { let run: (Int) -> Void }
        withoutActuallyEscaping(work) { work in
            let shared = Work(run: work)
            DispatchQueue.concurrentPerform(iterations: count) { shared.run($0) }
        }
    }

    /// One thread per core, at most 8.
    static var defaultThreads: Int { max(1, min(8, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))) }
}

extension CSVText {
    /// The line feeds and carriage returns in bytes [from, to).
    static func lineBreaks(_ buffer: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int {
        var count = 0
        for b in UnsafeBufferPointer(rebasing: buffer[from..<to]) {
            count &+= (b == 0x0A || b == 0x0D) ? 1 : 0
        }
        return count
    }

    /// Cuts of bytes [start, n) into at most `parts` stretches of at least `minimum` bytes:
    /// `[start, cut1, ..., n]`, each cut just after a line feed with an even number of quotes
    /// since `start` (outside a quoted field in well-formed CSV; the reader checks each cut).
    static func cuts(
        _ buffer: UnsafeBufferPointer<UInt8>, from start: Int, parts: Int, minimum: Int
    ) -> [Int] {
        let n = buffer.count
        let parts = max(1, min(parts, (n - start) / max(1, minimum)))
        guard parts > 1, let base = buffer.baseAddress else { return [start, n] }
        /// The first `byte` in [from, to), or `to`.
        func find(_ byte: UInt8, _ from: Int, _ to: Int) -> Int {
            guard from < to, let hit = memchr(base + from, Int32(byte), to - from) else {
                return to
            }
            return UnsafePointer(hit.assumingMemoryBound(to: UInt8.self)) - base
        }
        var cuts = [start]
        var position = start, odd = false
        for k in 1..<parts {
            let target = max(start + (n - start) / parts * k, position)
            var quote = find(0x22, position, target)
            while quote < target {
                odd.toggle()
                quote = find(0x22, quote + 1, target)
            }
            position = target
            // The first line feed from here outside quotes.
            while position < n {
                let feed = find(0x0A, position, n)
                let quote = find(0x22, position, feed)
                if quote < feed {
                    odd.toggle()
                    position = quote + 1
                } else if !odd {
                    position = feed + 1
                    break
                } else {
                    position = feed + 1
                }
            }
            guard position < n else { break }
            cuts.append(position)
        }
        cuts.append(n)
        return cuts
    }
}
