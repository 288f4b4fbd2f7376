/// Several school years: which year a date belongs to, and the data seen from one year.
extension DataSet {
    /// The school year in force on `day`: the last one starting on or before it (a date in the
    /// summer holiday belongs to the year just ended), else the first.
    public func yearIndex(inForceOn day: Day) -> Int {
        var index = 0
        for (k, year) in schoolYears.enumerated() where year.calendar.start <= day { index = k }
        return index
    }

    /// The school year whose start to end holds `day`, if any.
    public func yearIndex(holding day: Day) -> Int? {
        schoolYears.firstIndex { $0.holds(day) }
    }

    /// The data seen from the school year in force on `day`: its calendar, the students enrolled
    /// in it, each one's school and grade as enrolled on `day`, their absence records of that year
    /// only, and the school days each was enrolled through `day`. A `tidlig/1` data set is its
    /// own view.
    public func view(asOf day: Day) -> DataSet {
        guard isMultiYear else { return self }
        let y = yearIndex(inForceOn: day)
        let year = schoolYears[y]
        let count = studentCount
        var copy = self
        copy.year = y
        copy.viewDate = day
        copy.calendar = year.calendar
        var school = students.school, grade = students.grade
        var lower = [Int32](repeating: 0, count: count), upper = lower, enrolled = lower
        var mask = [Bool](repeating: false, count: count)
        var members: [Int32] = []
        members.reserveCapacity(count)
        let start = year.calendar.start, end = year.calendar.end
        let yearCode = UInt8(y)
        for row in 0..<count {
            let range = students.enrolmentRange(row)
            if let e = enrolmentInForce(range, year: yearCode, on: day) {
                school[row] = enrolments.school[e]
                grade[row] = enrolments.grade[e]
            }
            var member = false, days = 0
            for e in range where enrolments.year[e] == yearCode {
                let from = enrolments.from[e]
                if from <= max(day, start) { member = true }
                guard from <= day else { continue }
                days += year.calendar(school: Int(enrolments.school[e]))
                    .schoolDays(from: from, through: min(enrolments.to[e], day))
            }
            enrolled[row] = Int32(days)
            if member {
                mask[row] = true
                members.append(Int32(row))
            }
            let records = students.allAbsenceRange(row)
            let first = firstRecord(in: records, onOrAfter: start)
            lower[row] = Int32(first)
            upper[row] = Int32(
                firstRecord(in: first..<records.upperBound, onOrAfter: end.adding(days: 1)))
        }
        copy.students.school = school
        copy.students.grade = grade
        copy.students.absenceLower = lower
        copy.students.absenceUpper = upper
        copy.students.enrolledSchoolDays = enrolled
        copy.members = members.count == count ? nil : members
        copy.memberMask = members.count == count ? nil : mask
        return copy
    }

    /// The enrolment of a student in force on `day`: the one of `year` holding it, else that
    /// year's latest begun by then, else its first; with none in `year`, the latest begun by
    /// `day` in any year, else the first.
    func enrolmentInForce(_ range: Range<Int>, year: UInt8, on day: Day) -> Int? {
        var begun: Int?, first: Int?, anyBegun: Int?
        for e in range {
            let from = enrolments.from[e]
            if from <= day { anyBegun = e }
            guard enrolments.year[e] == year else { continue }
            if first == nil { first = e }
            if from <= day {
                if day <= enrolments.to[e] { return e }
                begun = e
            }
        }
        return begun ?? first ?? anyBegun ?? range.first
    }

    /// The first index in `range` (records sorted by date) dated on or after `day`.
    func firstRecord(in range: Range<Int>, onOrAfter day: Day) -> Int {
        var low = range.lowerBound, high = range.upperBound
        while low < high {
            let mid = (low + high) / 2
            if absence.date[mid] < day { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
