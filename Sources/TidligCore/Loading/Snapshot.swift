#if canImport(Glibc)
    import Glibc
#endif

/// A loaded data set written as one binary file (docs/SNAPSHOT.md), so that the next open of the
/// same source maps it instead of parsing the JSON again.
///
/// Layout: a 128-byte header (magic, format version, the model's fingerprint, the build that wrote
/// it, the source's `SourceKey`, the payload's length and XXH64 block checksum, and the header's
/// own checksum), then the payload: every field of the `DataSet` in a fixed order, each value at
/// a multiple of 8 bytes, columns as a length and their elements' bytes. It holds what the model
/// holds and nothing more (the model keeps no names of students, only their pseudonymous ids).
public enum Snapshot {
    /// The first 8 bytes of every snapshot.
    static let magic: UInt64 = 0x5041_4e53_4c44_4954  // "TIDLSNAP", little-endian
    /// The payload's layout; raised with every change to it.
    static let formatVersion: UInt32 = 1
    static let headerSize = 128
    /// Dates a `tidlig/1` or `tidlig/2` file can hold: 0000-01-01 through 9999-12-31.
    static let dayRange: ClosedRange<Int32> = -719_528...2_932_896

    /// The fields of each model type this format writes, by name. A model type whose fields
    /// differ (one added, renamed or removed) makes `write` refuse, so a snapshot never drops a
    /// field; `SnapshotTests` fails until the format covers it. `yearDayCountsBox` is a cache of
    /// counts made from the records, not data: an opened snapshot makes it again, as a load does.
    static let coveredFields: [String: [String]] = [
        "DataSet": [
            "source", "municipality", "asOf", "calendar", "schoolYears", "year", "enrolments",
            "members", "memberMask", "viewDate", "schools", "services", "students", "absence",
            "documents", "involvements", "problems", "yearDayCountsBox",
        ],
        "StudentColumns": [
            "ids", "school", "grade", "absenceStart", "absenceLower", "absenceUpper",
            "enrolmentStart", "enrolledSchoolDays", "documentStart", "involvementStart",
            "index", "birthYear", "consents",
        ],
        "AbsenceColumns": ["date", "hours", "flags", "reasons"],
        "DocumentColumns": [
            "date", "kind", "quality", "template", "evaluateBy", "coverage", "bti",
            "sections", "services", "minutesSentTo", "calledBy", "texts",
        ],
        "InvolvementColumns": ["service", "date", "initiatedBy", "ended"],
        "EnrolmentColumns": ["year", "school", "grade", "from", "to"],
        "SchoolYear": ["calendar", "schoolCalendars"],
        "SchoolCalendar": [
            "start", "end", "hoursPerDay", "closures", "schoolYear", "prefix", "schoolDayList",
        ],
        "Closure": ["from", "to", "name"],
        "School": ["id", "name", "stage", "visitEveryDays"],
        "Service": ["id", "name", "kind", "visitEveryDays"],
        "Consent": [
            "reference", "given", "givenBy", "services", "purpose", "expires", "withdrawn",
        ],
        "DataProblem": ["kind", "studentID", "path", "detail"],
        "SparseTexts": ["keys", "numbers", "texts", "lookup"],
    ]

    /// The fields the model types have now, by name (through reflection).
    static func modelFields() -> [String: [String]] {
        func labels(_ value: Any) -> [String] {
            Mirror(reflecting: value).children.map { $0.label ?? "?" }
        }
        let day = Day(rawValue: 0)
        let calendar = SchoolCalendar(start: day, end: day)
        return [
            "DataSet": labels(
                DataSet(
                    source: "", municipality: nil, asOf: day, calendar: calendar, schools: [],
                    services: [],
                    students: StudentColumns(), absence: AbsenceColumns(),
                    documents: DocumentColumns(),
                    involvements: InvolvementColumns(), problems: [])),
            "StudentColumns": labels(StudentColumns()), "AbsenceColumns": labels(AbsenceColumns()),
            "DocumentColumns": labels(DocumentColumns()),
            "InvolvementColumns": labels(InvolvementColumns()),
            "EnrolmentColumns": labels(EnrolmentColumns()),
            "SchoolYear": labels(SchoolYear(calendar: calendar)),
            "SchoolCalendar": labels(calendar),
            "Closure": labels(SchoolCalendar.Closure(from: day, to: day)),
            "School": labels(School(id: "", name: "")),
            "Service": labels(Service(id: "", name: "")),
            "Consent": labels(Consent(reference: "", given: day, givenBy: .both, services: [])),
            "DataProblem": labels(
                DataProblem(kind: .afterAsOf, studentID: "", path: "", detail: "")),
            "SparseTexts": labels(SparseTexts()),
        ]
    }

    /// The first model type whose fields this format does not cover, if any.
    static let uncoveredType: String? = {
        let now = modelFields()
        return now.keys.sorted().first { now[$0] != coveredFields[$0] }
    }()

    /// Fingerprint of the format: its version and the fields it covers.
    static let fingerprint: UInt64 = {
        var text = "tidlig snapshot \(formatVersion)"
        for name in coveredFields.keys.sorted() {
            text += ";\(name):" + coveredFields[name]!.joined(separator: ",")
        }
        return Array(text.utf8).withUnsafeBytes { Checksum.xxh64($0) }
    }()

    /// The build of tidlig running now (size and mtime of its executable): a snapshot written by
    /// another build is not used, since its loader may have made a different model.
    static let buildID: UInt64 = {
        var status = stat()
        guard stat("/proc/self/exe", &status) == 0 else { return 0 }
        let words: [Int64] = [
            Int64(status.st_size), Int64(status.st_mtim.tv_sec), Int64(status.st_mtim.tv_nsec),
            Int64(status.st_ino),
        ]
        return words.withUnsafeBytes { Checksum.xxh64($0, seed: 1) }
    }()

    /// Writes `data` as a snapshot to `path` (mode 0600, atomically), keyed by `key`.
    public static func write(_ data: DataSet, key: SourceKey, to path: String) throws {
        if let type = uncoveredType {
            throw SnapshotFailure(
                "the model's \(type) has fields this snapshot format does not cover")
        }
        try SecureFile.replace(path: path) { _, fd in
            let header = [UInt8](repeating: 0, count: headerSize)
            try header.withUnsafeBytes { try SecureFile.writeAll(fd, $0) }
            var writer = SnapshotWriter(fd: fd)
            defer { writer.deallocate() }
            try writer.encode(data)
            try writer.flush()
            let words = headerWords(
                key: key, length: writer.stream.total, checksum: writer.stream.value,
                students: data.studentCount)
            try words.withUnsafeBytes { bytes in
                guard pwrite(fd, bytes.baseAddress, bytes.count, 0) == bytes.count else {
                    throw SnapshotFailure(
                        "cannot write the header: \(String(cString: strerror(errno)))")
                }
            }
        }
    }

    /// The header's 16 words; the last is the checksum of the others.
    static func headerWords(key: SourceKey, length: Int, checksum: UInt64, students: Int)
        -> [UInt64]
    {
        var words: [UInt64] = [
            magic, UInt64(formatVersion) | UInt64(headerSize) << 32, fingerprint, buildID,
        ]
        words += key.words
        words += [UInt64(length), checksum, UInt64(students)]
        words.append(words.withUnsafeBytes { Checksum.xxh64($0, seed: 2) })
        return words.map(\.littleEndian)
    }
}

extension SnapshotWriter {
    /// Every field of `data`, in the order `SnapshotReader.decode` reads them.
    mutating func encode(_ data: DataSet) throws {
        try strings(data.students.ids)  // first: on open, their index is built beside the rest
        try optionalString(data.municipality)
        try day(data.asOf)
        try calendar(data.calendar)
        try int(data.schoolYears.count)
        for year in data.schoolYears {
            try calendar(year.calendar)
            try int(year.schoolCalendars.count)
            for school in year.schoolCalendars.keys.sorted() {
                try int(school)
                try calendar(year.schoolCalendars[school]!)
            }
        }
        try int(data.year)
        let e = data.enrolments
        try array(e.year)
        try array(e.school)
        try array(e.grade)
        try array(e.from)
        try array(e.to)
        try flag(data.members != nil)
        if let members = data.members { try array(members) }
        try flag(data.memberMask != nil)
        if let mask = data.memberMask { try array(mask.map { $0 ? UInt8(1) : 0 }) }
        try optionalDay(data.viewDate)
        try int(data.schools.count)
        for school in data.schools {
            try string(school.id)
            try string(school.name)
            try optionalString(school.stage?.rawValue)
            try optionalInt(school.visitEveryDays)
        }
        try int(data.services.count)
        for service in data.services {
            try string(service.id)
            try string(service.name)
            try optionalString(service.kind?.rawValue)
            try optionalInt(service.visitEveryDays)
        }
        try students(data.students)
        try array(data.absence.date)
        try array(data.absence.hours)
        try array(data.absence.flags)
        try sparse(data.absence.reasons)
        try documents(data.documents)
        let v = data.involvements
        try array(v.service)
        try array(v.date)
        try array(v.initiatedBy.map(\.rawValue))
        try optionalDays(v.ended)
        try int(data.problems.count)
        for problem in data.problems {
            try string(problem.kind.rawValue)
            try string(problem.studentID)
            try string(problem.path)
            try string(problem.detail)
        }
        try word(Snapshot.magic)
    }

    private mutating func calendar(_ c: SchoolCalendar) throws {
        try day(c.start)
        try day(c.end)
        try word(c.hoursPerDay.bitPattern)
        try int(c.closures.count)
        for closure in c.closures {
            try day(closure.from)
            try day(closure.to)
            try optionalString(closure.name)
        }
        try optionalString(c.schoolYear)
    }

    private mutating func students(_ s: StudentColumns) throws {
        try array(s.school)
        try array(s.grade)
        try array(s.absenceStart)
        try array(s.absenceLower)
        try array(s.absenceUpper)
        try array(s.enrolmentStart)
        try array(s.enrolledSchoolDays)
        try array(s.documentStart)
        try array(s.involvementStart)
        let born = s.birthYear.keys.sorted()
        try array(born)
        try array(born.map { s.birthYear[$0]! })
        let rows = s.consents.keys.sorted()
        try array(rows)
        for row in rows {
            let list = s.consents[row]!
            try int(list.count)
            for c in list {
                try string(c.reference)
                try day(c.given)
                try string(c.givenBy.rawValue)
                try strings(c.services)
                try optionalString(c.purpose)
                try optionalDay(c.expires)
                try optionalDay(c.withdrawn)
            }
        }
    }

    private mutating func documents(_ d: DocumentColumns) throws {
        try array(d.date)
        try array(d.kind.map(\.rawValue))
        try array(d.quality.map(\.rawValue))
        try array(d.template)
        try optionalDays(d.evaluateBy)
        try array(d.coverage.map { $0?.rawValue ?? UInt8.max })
        try array(d.bti)
        try array(d.sections)
        try array(d.services)
        try array(d.minutesSentTo)
        try array(d.calledBy)
        try sparse(d.texts)
    }

    /// Optional dates as a presence column and a date column.
    private mutating func optionalDays(_ days: [Day?]) throws {
        try array(days.map { $0 == nil ? UInt8(0) : 1 })
        try array(days.map { $0 ?? Day(rawValue: 0) })
    }

    private mutating func sparse(_ texts: SparseTexts) throws {
        try array(texts.keys)
        try array(texts.numberColumn)
        try strings(texts.texts)
    }
}

extension Snapshot {
    /// Opens the snapshot at `path` for the source whose key is `key` (any source when nil):
    /// maps it, checks the header, the checksum of the payload and every field, and returns the
    /// data set named `source`. Anything stale, foreign, truncated or damaged is a failure.
    public static func open(path: String, source: String, expecting key: SourceKey?)
        throws(SnapshotFailure) -> DataSet
    {
        var status = stat()
        guard lstat(path, &status) == 0 else { throw SnapshotFailure("there is none") }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw SnapshotFailure("it is not a regular file")
        }
        let file: MappedFile
        do { file = try MappedFile(path: path) } catch { throw SnapshotFailure(error.message) }
        defer { file.unmap() }
        guard let base = file.base, file.count >= headerSize else {
            throw SnapshotFailure("it is shorter than its header")
        }
        let raw = UnsafeRawPointer(base)
        let words = (0..<16).map {
            UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self))
        }
        guard words[0] == magic else { throw SnapshotFailure("it is not a tidlig snapshot") }
        let expected = words[0..<15].withUnsafeBytes { bytes in
            Array(bytes).map { $0 }.withUnsafeBytes { Checksum.xxh64($0, seed: 2) }
        }
        guard words[15] == expected else { throw SnapshotFailure("its header is damaged") }
        guard words[1] == UInt64(formatVersion) | UInt64(headerSize) << 32, words[2] == fingerprint
        else {
            throw SnapshotFailure("it has another format version")
        }
        guard words[3] == buildID else { throw SnapshotFailure("another build of tidlig wrote it") }
        if let key, SourceKey(words: Array(words[4..<12])) != key {
            throw SnapshotFailure("the source has changed since")
        }
        let length = file.count - headerSize
        guard words[12] == UInt64(length) else {
            throw SnapshotFailure("it is truncated or too long")
        }
        let payload = UnsafeRawBufferPointer(start: raw + headerSize, count: length)
        guard Checksum.blocks(payload) == words[13] else {
            throw SnapshotFailure("its checksum does not match")
        }
        var reader = SnapshotReader(base: payload.baseAddress!, count: length)
        let data = try reader.decode(source: source)
        if data.isMultiYear { _ = data.yearDayCounts }  // as the loader does
        guard !file.changed else { throw SnapshotFailure("it changed while it was read") }
        return data
    }
}
