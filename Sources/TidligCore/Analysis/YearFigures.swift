/// Figures across school years: a threshold counts within one school year, and a child is
/// followed from year to year and school to school.
extension DataSet {
    /// The first crossing of a threshold of `n` days in any school year up to `asOf`: the date of
    /// the n-th whole-day record of a year, in the first year that had n. Records outside every
    /// school year count in none.
    public func firstCrossing(row: Int, days n: Int, asOf: Day) -> Day? {
        guard isMultiYear else { return crossingDate(row: row, days: n, asOf: asOf) }
        guard n >= 1 else { return nil }
        return crossingDates(days: n).first(row: row, asOf: asOf)
    }

    /// The number of school years up to the one in force on `asOf` in which the student had at
    /// least `n` whole days (the year in force counted through `asOf`).
    public func yearsOver(row: Int, days n: Int, asOf: Day) -> Int {
        guard n >= 1 else { return yearIndex(inForceOn: asOf) + 1 }
        return crossingDates(days: n).yearsOver(row: row, asOf: asOf)
    }

    /// True when the student changed school (within a year or between years) in the enrolments
    /// begun by `asOf`.
    public func moved(row: Int, asOf: Day) -> Bool {
        let range = students.enrolmentRange(row)
        guard let first = range.first else { return false }
        let school = enrolments.school[first]
        return range.contains { enrolments.from[$0] <= asOf && enrolments.school[$0] != school }
    }

    /// School days (of the year calendars) in `from ... through`, across school years. With
    /// `row`, the days of each of that student's enrolments at a school with closures of its own
    /// are counted on the school's calendar; days outside its enrolments on the year's.
    public func schoolDaysAcrossYears(from: Day, through: Day, row: Int? = nil) -> Int {
        guard isMultiYear else { return calendar.schoolDays(from: from, through: through) }
        var total = schoolYears.reduce(0) {
            $0 + $1.calendar.schoolDays(from: from, through: through)
        }
        guard let row else { return total }
        for e in students.enrolmentRange(row) {
            let year = schoolYears[Int(enrolments.year[e])]
            guard let own = year.schoolCalendars[Int(enrolments.school[e])] else { continue }
            let lower = max(from, enrolments.from[e]), upper = min(through, enrolments.to[e])
            guard lower <= upper else { continue }
            total +=
                own.schoolDays(from: lower, through: upper)
                - year.calendar.schoolDays(from: lower, through: upper)
        }
        return total
    }
}
