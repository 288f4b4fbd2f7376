import Dispatch

/// Reading a snapshot's payload back into a `DataSet`, checking on the way everything a query
/// relies on: lengths of columns that go together, ranges that lie inside their columns,
/// indexes that name a school, service or year, dates a file can hold, valid enum values.
/// What fails a check is a `SnapshotFailure`; the caller then loads the source instead.
extension SnapshotReader {
    /// The whole payload. The ids come first; their index (a dictionary of a million strings)
    /// is built on one core while the other copies the columns.
    mutating func decode(source: String) throws(SnapshotFailure) -> DataSet {
        let ids = PartShare(try stringsView())
        let idColumns = Slot(StudentColumns()), idFailure = Slot<SnapshotFailure?>(nil)
        let rest = Slot<Result<DataSet, SnapshotFailure>>(.failure(SnapshotFailure("not read")))
        let reader = PartShare(self)
        DispatchQueue.concurrentPerform(iterations: 2) { part in
            if part == 0 {
                do throws(SnapshotFailure) { try Self.fill(&idColumns.value, ids: ids.value) } catch
                {
                    idFailure.value = error
                }
            } else {
                var copy = reader.value
                rest.value = Result { () throws(SnapshotFailure) in
                    try copy.decodeRest(source: source)
                }
            }
        }
        var data = try rest.value.get()
        if let failure = idFailure.value { throw failure }
        (data.students.ids, data.students.index) = (idColumns.value.ids, idColumns.value.index)
        try SnapshotChecks(data: data).run()
        return data
    }

    /// A value one part of `concurrentPerform` writes and the caller reads after it.
    final class Slot<Shared>: @unchecked Sendable {
        var value: Shared
        init(_ value: Shared) { self.value = value }
    }

    private mutating func decodeRest(source: String) throws(SnapshotFailure) -> DataSet {
        let municipality = try optionalString()
        let asOf = try day()
        let calendar = try self.calendar()
        var years: [SchoolYear] = []
        for _ in 0..<(try count(atMost: 255)) {
            var year = SchoolYear(calendar: try self.calendar())
            for _ in 0..<(try count(atMost: 65_535)) {
                let school = try count(atMost: 65_535)
                year.schoolCalendars[school] = try self.calendar()
            }
            years.append(year)
        }
        let yearInForce = try count(atMost: max(0, years.count - 1))
        guard !years.isEmpty else { throw SnapshotFailure("no school year") }
        var e = EnrolmentColumns()
        (e.year, e.school, e.grade) = (
            try array(UInt8.self), try array(UInt16.self), try array(UInt8.self)
        )
        (e.from, e.to) = (try days(), try days())
        let members = try flag() ? try array(Int32.self) : nil
        let mask = try flag() ? try array(UInt8.self) : nil
        let viewDate = try optionalDay()
        var schools: [School] = []
        for _ in 0..<(try count(atMost: 65_535)) {
            let id = try string()
            let name = try string()
            let stage = try optionalString()
            var school = School(id: id, name: name, visitEveryDays: try optionalInt())
            if let stage {
                guard let known = School.Stage(rawValue: stage) else {
                    throw SnapshotFailure("an unknown stage")
                }
                school.stage = known
            }
            schools.append(school)
        }
        var services: [Service] = []
        for _ in 0..<(try count(atMost: 64)) {
            let id = try string()
            let name = try string()
            let kind = try optionalString()
            var service = Service(id: id, name: name, visitEveryDays: try optionalInt())
            if let kind {
                guard let known = Service.Kind(rawValue: kind) else {
                    throw SnapshotFailure("an unknown service kind")
                }
                service.kind = known
            }
            services.append(service)
        }
        let students = try self.students()
        var absence = AbsenceColumns()
        (absence.date, absence.hours, absence.flags) = (
            try days(), try array(Float.self), try array(UInt8.self)
        )
        absence.reasons = try sparse()
        let documents = try self.documents()
        var v = InvolvementColumns()
        (v.service, v.date) = (try array(UInt16.self), try days())
        v.initiatedBy = try enums(Initiator.self)
        v.ended = try optionalDays()
        var problems: [DataProblem] = []
        for _ in 0..<(try count(atMost: count)) {
            guard let kind = DataProblem.Kind(rawValue: try string()) else {
                throw SnapshotFailure("an unknown problem")
            }
            problems.append(
                DataProblem(
                    kind: kind, studentID: try string(), path: try string(), detail: try string()))
        }
        guard try word() == Snapshot.magic, atEnd else {
            throw SnapshotFailure("its end marker is missing")
        }

        var data = DataSet(
            source: source, municipality: municipality, asOf: asOf, calendar: calendar,
            schools: schools,
            services: services, students: students, absence: absence, documents: documents,
            involvements: v, problems: problems)
        (data.schoolYears, data.year, data.enrolments, data.members, data.viewDate) = (
            years, yearInForce, e, members, viewDate
        )
        if let mask, !mask.allSatisfy({ $0 <= 1 }) { throw SnapshotFailure("the member mask") }
        data.memberMask = mask.map { $0.map { $0 != 0 } }
        return data
    }

    private mutating func calendar() throws(SnapshotFailure) -> SchoolCalendar {
        let start = try day()
        let end = try day()
        let hours = Double(bitPattern: try word())
        guard start <= end else { throw SnapshotFailure("a calendar that ends before it starts") }
        guard hours.isFinite, hours >= 1, hours <= 24 else {
            throw SnapshotFailure("hours per day out of range")
        }
        var closures: [SchoolCalendar.Closure] = []
        for _ in 0..<(try count(atMost: 100_000)) {
            let from = try day()
            let to = try day()
            closures.append(SchoolCalendar.Closure(from: from, to: to, name: try optionalString()))
        }
        return SchoolCalendar(
            start: start, end: end, hoursPerDay: hours, closures: closures,
            schoolYear: try optionalString())
    }

    private mutating func days() throws(SnapshotFailure) -> [Day] {
        guard MemoryLayout<Day>.stride == 4 else {
            throw SnapshotFailure("this build lays out dates differently")
        }
        let days = try array(Day.self)
        for day in days where !Snapshot.dayRange.contains(day.rawValue) {
            throw SnapshotFailure("a date out of range")
        }
        return days
    }

    private mutating func optionalDays() throws(SnapshotFailure) -> [Day?] {
        let present = try array(UInt8.self)
        let values = try days()
        guard present.count == values.count else {
            throw SnapshotFailure("optional dates of two lengths")
        }
        var result = [Day?]()
        result.reserveCapacity(values.count)
        for k in values.indices {
            switch present[k] {
            case 0: result.append(nil)
            case 1: result.append(values[k])
            default: throw SnapshotFailure("a presence flag that is neither 0 nor 1")
            }
        }
        return result
    }

    private mutating func enums<T: RawRepresentable>(_ type: T.Type) throws(SnapshotFailure) -> [T]
    where T.RawValue == UInt8 {
        var result = [T]()
        for raw in try array(UInt8.self) {
            guard let value = T(rawValue: raw) else {
                throw SnapshotFailure("an unknown \(T.self)")
            }
            result.append(value)
        }
        return result
    }

    private mutating func sparse() throws(SnapshotFailure) -> SparseTexts {
        let keys = try array(Int32.self)
        let numbers = try array(UInt32.self)
        guard let texts = SparseTexts(keys: keys, numbers: numbers, texts: try strings()) else {
            throw SnapshotFailure("free texts out of order")
        }
        return texts
    }

    private mutating func students() throws(SnapshotFailure) -> StudentColumns {
        var s = StudentColumns()
        (s.school, s.grade) = (try array(UInt16.self), try array(UInt8.self))
        (s.absenceStart, s.absenceLower, s.absenceUpper) = (
            try array(Int32.self), try array(Int32.self), try array(Int32.self)
        )
        (s.enrolmentStart, s.enrolledSchoolDays) = (try array(Int32.self), try array(Int32.self))
        (s.documentStart, s.involvementStart) = (try array(Int32.self), try array(Int32.self))
        let born = try array(Int32.self)
        let years = try array(Int16.self)
        guard born.count == years.count else {
            throw SnapshotFailure("years of birth of two lengths")
        }
        s.birthYear.reserveCapacity(born.count)
        for k in born.indices { s.birthYear[born[k]] = years[k] }
        for row in try array(Int32.self) {
            var list: [Consent] = []
            for _ in 0..<(try count(atMost: count)) {
                let reference = try string()
                let given = try day()
                guard let by = Consent.GivenBy(rawValue: try string()) else {
                    throw SnapshotFailure("an unknown givenBy")
                }
                list.append(
                    Consent(
                        reference: reference, given: given, givenBy: by, services: try strings(),
                        purpose: try optionalString(), expires: try optionalDay(),
                        withdrawn: try optionalDay())
                )
            }
            s.consents[row] = list
        }
        return s
    }

    /// The ids and the id index, made from the mapped text; a repeated id is damage.
    static func fill(_ s: inout StudentColumns, ids: StringsView) throws(SnapshotFailure) {
        s.ids.reserveCapacity(ids.count)
        s.index.reserveCapacity(ids.count)
        for row in 0..<ids.count {
            let id = ids[row]
            guard s.index.updateValue(row, forKey: id) == nil else {
                throw SnapshotFailure("an id twice")
            }
            s.ids.append(id)
        }
    }

    private mutating func documents() throws(SnapshotFailure) -> DocumentColumns {
        var d = DocumentColumns()
        d.date = try days()
        d.kind = try enums(DocumentKind.self)
        d.quality = try enums(MappingQuality.self)
        d.template = try array(UInt8.self)
        d.evaluateBy = try optionalDays()
        d.coverage = []
        for raw in try array(UInt8.self) {
            if raw == UInt8.max {
                d.coverage.append(nil)
                continue
            }
            guard let coverage = EvaluationCoverage(rawValue: raw) else {
                throw SnapshotFailure("an unknown coverage")
            }
            d.coverage.append(coverage)
        }
        (d.bti, d.sections) = (try array(Int8.self), try array(UInt8.self))
        (d.services, d.minutesSentTo, d.calledBy) = (
            try array(UInt64.self), try array(UInt64.self), try array(Int16.self)
        )
        d.texts = try sparse()
        return d
    }
}
