/// The checks of a decoded snapshot that the queries rely on and the types cannot express:
/// columns that go together have one length, every student's ranges lie inside their columns
/// and increase, every index names a school, service, year or student that exists.
struct SnapshotChecks {
    let data: DataSet

    private func fail(_ what: String) -> SnapshotFailure { SnapshotFailure(what) }

    func run() throws(SnapshotFailure) {
        let n = data.studentCount
        let s = data.students
        guard s.school.count == n, s.grade.count == n else {
            throw fail("student columns of two lengths")
        }
        guard n < Int(Int32.max) else { throw fail("too many students") }
        for school in s.school where Int(school) >= data.schools.count {
            throw fail("a school that does not exist")
        }
        for grade in s.grade where !(1...10).contains(grade) { throw fail("a grade out of range") }
        try starts(s.absenceStart, rows: n, total: data.absence.date.count, "absence")
        try starts(s.documentStart, rows: n, total: data.documents.date.count, "documents")
        try starts(s.involvementStart, rows: n, total: data.involvements.date.count, "involvements")
        if !s.enrolmentStart.isEmpty || data.enrolments.count > 0 {
            try starts(s.enrolmentStart, rows: n, total: data.enrolments.count, "enrolments")
        }
        try yearRanges(n)
        guard s.enrolledSchoolDays.isEmpty || s.enrolledSchoolDays.count == n else {
            throw fail("enrolled days")
        }
        for (row, _) in s.birthYear where row < 0 || Int(row) >= n {
            throw fail("a year of birth of no student")
        }
        for (row, _) in s.consents where row < 0 || Int(row) >= n {
            throw fail("a consent of no student")
        }
        try absence()
        try documents()
        try involvements()
        try enrolments()
        try view(n)
    }

    /// `start` has `rows + 1` entries from 0 to `total`, never decreasing.
    private func starts(_ start: [Int32], rows: Int, total: Int, _ what: String)
        throws(SnapshotFailure)
    {
        guard start.count == rows + 1, start.first == 0, Int(start.last!) == total else {
            throw fail("\(what) ranges")
        }
        for k in 1..<start.count where start[k] < start[k - 1] {
            throw fail("\(what) ranges out of order")
        }
    }

    private func yearRanges(_ n: Int) throws(SnapshotFailure) {
        let s = data.students
        guard !s.absenceLower.isEmpty || !s.absenceUpper.isEmpty else { return }
        guard s.absenceLower.count == n, s.absenceUpper.count == n else {
            throw fail("year ranges")
        }
        for row in 0..<n {
            let lower = s.absenceLower[row]
            let upper = s.absenceUpper[row]
            guard s.absenceStart[row] <= lower, lower <= upper, upper <= s.absenceStart[row + 1]
            else {
                throw fail("a year's records outside the student's")
            }
        }
    }

    private func absence() throws(SnapshotFailure) {
        let a = data.absence
        guard a.hours.count == a.date.count, a.flags.count == a.date.count else {
            throw fail("absence columns")
        }
        for hours in a.hours where !(hours >= 0 && hours <= 24) { throw fail("hours out of range") }
        try sparse(a.reasons, rows: a.date.count)
    }

    private func documents() throws(SnapshotFailure) {
        let d = data.documents
        let count = d.date.count
        let lengths = [
            d.kind.count, d.quality.count, d.template.count, d.evaluateBy.count, d.coverage.count,
            d.bti.count, d.sections.count, d.services.count, d.minutesSentTo.count,
            d.calledBy.count,
        ]
        guard lengths.allSatisfy({ $0 == count }) else { throw fail("document columns") }
        let serviceBits: UInt64 =
            data.services.count >= 64 ? ~0 : (1 << UInt64(data.services.count)) - 1
        for k in 0..<count {
            guard d.services[k] & ~serviceBits == 0, d.minutesSentTo[k] & ~serviceBits == 0 else {
                throw fail("a document naming a service that does not exist")
            }
            let caller = d.calledBy[k]
            guard
                caller == CaseOwner.notStated || caller == CaseOwner.schoolCode
                    || (caller >= 0 && Int(caller) < data.services.count)
            else { throw fail("a caller that does not exist") }
            guard (-1...3).contains(d.bti[k]), d.template[k] <= 2, d.sections[k] < 64 else {
                throw fail("a document value out of range")
            }
        }
        try sparse(d.texts, rows: count)
    }

    private func involvements() throws(SnapshotFailure) {
        let v = data.involvements
        guard v.service.count == v.date.count, v.initiatedBy.count == v.date.count,
            v.ended.count == v.date.count
        else {
            throw fail("involvement columns")
        }
        for service in v.service where Int(service) >= data.services.count {
            throw fail("an unknown service")
        }
    }

    private func enrolments() throws(SnapshotFailure) {
        let e = data.enrolments
        guard e.school.count == e.count, e.grade.count == e.count, e.from.count == e.count,
            e.to.count == e.count
        else {
            throw fail("enrolment columns")
        }
        for k in 0..<e.count {
            guard Int(e.year[k]) < data.schoolYears.count, Int(e.school[k]) < data.schools.count,
                (1...10).contains(e.grade[k])
            else { throw fail("an enrolment out of range") }
        }
        for year in data.schoolYears {
            for school in year.schoolCalendars.keys where school >= data.schools.count {
                throw fail("a calendar of a school that does not exist")
            }
        }
    }

    /// The view of the year in force: members in increasing order, a mask of one bit per student.
    private func view(_ n: Int) throws(SnapshotFailure) {
        if let members = data.members {
            var previous: Int32 = -1
            for row in members {
                guard row > previous, Int(row) < n else { throw fail("members out of order") }
                previous = row
            }
        }
        if let mask = data.memberMask {
            guard mask.count == n else {
                throw fail("the member mask")
            }
        }
        guard (data.members == nil) == (data.memberMask == nil) else {
            throw fail("members without a mask")
        }
    }

    private func sparse(_ texts: SparseTexts, rows: Int) throws(SnapshotFailure) {
        if let last = texts.keys.last, last >= rows || texts.keys.first! < 0 {
            throw fail("a free text of no row")
        }
    }
}
