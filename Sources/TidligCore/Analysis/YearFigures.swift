/// Figures across school years: a threshold counts within one school year, and a child is
/// followed from year to year and school to school.
extension DataSet {
    /// The first crossing of a threshold of `n` days in any school year up to `asOf`: the date of
    /// the n-th whole-day record of a year, in the first year that had n. Records outside every
    /// school year count in none.
    public func firstCrossing(row: Int, days n: Int, asOf: Day) -> Day? {
        guard isMultiYear else { return crossingDate(row: row, days: n, asOf: asOf) }
        guard n >= 1 else { return nil }
        var found: Day?
        forEachYearCount(row: row, asOf: asOf) { date, count in
            if count == n, found == nil { found = date }
            return found == nil
        }
        return found
    }

    /// The number of school years up to the one in force on `asOf` in which the student had at
    /// least `n` whole days (the year in force counted through `asOf`).
    public func yearsOver(row: Int, days n: Int, asOf: Day) -> Int {
        var years = 0
        forEachYearCount(row: row, asOf: asOf) { _, count in
            if count == max(n, 1) { years += 1 }
            return true
        }
        return n <= 0 ? yearIndex(inForceOn: asOf) + 1 : years
    }

    /// Calls `body` with each whole-day record's date and its number within its school year, in
    /// date order, up to `asOf`, until `body` returns false.
    private func forEachYearCount(row: Int, asOf: Day, _ body: (Day, Int) -> Bool) {
        var k = 0, count = 0
        // The year's bounds are read when the year changes, not per record.
        var start = schoolYears[0].calendar.start, end = schoolYears[0].calendar.end
        for i in students.allAbsenceRange(row) {
            let date = absence.date[i]
            if date > asOf { return }
            guard absence.flags[i] & AbsenceFlags.day != 0 else { continue }
            while end < date {
                k += 1
                count = 0
                guard k < schoolYears.count else { return }
                start = schoolYears[k].calendar.start
                end = schoolYears[k].calendar.end
            }
            guard start <= date else { continue }
            count += 1
            if !body(date, count) { return }
        }
    }

    /// True when the student changed school (within a year or between years) in the enrolments
    /// begun by `asOf`.
    public func moved(row: Int, asOf: Day) -> Bool {
        let range = students.enrolmentRange(row)
        guard let first = range.first else { return false }
        let school = enrolments.school[first]
        return range.contains { enrolments.from[$0] <= asOf && enrolments.school[$0] != school }
    }

    /// School days (of the year calendars) in `from ... through`, across school years.
    public func schoolDaysAcrossYears(from: Day, through: Day) -> Int {
        guard schoolYears.count > 1 else { return calendar.schoolDays(from: from, through: through) }
        return schoolYears.reduce(0) { $0 + $1.calendar.schoolDays(from: from, through: through) }
    }
}
