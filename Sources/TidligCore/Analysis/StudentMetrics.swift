/// The per-student figures of DOMAIN.md that need a student's records in date order.
extension DataSet {
    /// Day equivalents: days + hours ÷ `hoursPerDay`.
    @inlinable public func equivalents(days: Int32, hours: Double) -> Double {
        Double(days) + hours / calendar.hoursPerDay
    }

    /// Percent as of `asOf`: 100 × day equivalents ÷ school days from the start through `asOf`; nil before the first school day.
    public func percent(days: Int32, hours: Double, asOf: Day) -> Double? {
        let schoolDays = calendar.schoolDaysThrough(asOf)
        guard schoolDays > 0 else { return nil }
        return 100 * equivalents(days: days, hours: hours) / Double(schoolDays)
    }

    /// The crossing date of a threshold of `n` days: the date of the n-th whole-day record,
    /// if it is on or before `asOf`.
    public func crossingDate(row: Int, days n: Int, asOf: Day) -> Day? {
        guard n >= 1 else { return nil }
        var seen = 0
        for i in students.absenceRange(row) {
            let date = absence.date[i]
            if date > asOf { return nil }
            if absence.isDay(i) {
                seen += 1
                if seen == n { return date }
            }
        }
        return nil
    }

    /// Whole-day records in the last `weeks` school weeks up to `asOf`: the last 5 × weeks
    /// school days on or before `asOf`.
    public func recentDays(row: Int, weeks: Int, asOf: Day) -> Int {
        let (schoolDays, overflow) = weeks.multipliedReportingOverflow(by: 5)
        return recentDays(row: row, schoolDays: overflow ? Int.max : schoolDays, asOf: asOf)
    }

    /// Whole-day records in the last `schoolDays` school days on or before `asOf`.
    public func recentDays(row: Int, schoolDays: Int, asOf: Day) -> Int {
        let through = calendar.schoolDaysThrough(asOf)
        guard through > 0, schoolDays > 0 else { return 0 }
        let first = schoolDays >= through ? 0 : through - schoolDays
        let windowStart = calendar.schoolDayList[first]
        var count = 0
        for i in students.absenceRange(row) {
            let date = absence.date[i]
            if date > asOf { break }
            if date >= windowStart, absence.isDay(i) { count += 1 }
        }
        return count
    }

    /// The longest run of consecutive school days with a whole-day record, up to `asOf`.
    /// Records on days that are not school days neither extend nor break a run.
    public func longestRun(row: Int, asOf: Day) -> Int {
        var best = 0, run = 0
        var previousIndex = -2
        for i in students.absenceRange(row) {
            let date = absence.date[i]
            if date > asOf { break }
            guard absence.isDay(i), calendar.isSchoolDay(date) else { continue }
            let index = calendar.schoolDaysThrough(date)
            if index == previousIndex { continue }  // a second record on the same date
            run = index == previousIndex + 1 ? run + 1 : 1
            previousIndex = index
            best = max(best, run)
        }
        return best
    }

    /// The date the service first became involved with the student, if on or before `asOf`.
    public func involvementDate(row: Int, service: Int, asOf: Day) -> Day? {
        firstInvolvement(row: row, service: service, asOf: asOf).map { involvements.date[$0] }
    }

    /// True when a meeting on or before `asOf` had the service present but did not send it the
    /// minutes (the school health service "often has to ask for them", DOMAIN.md). A meeting
    /// the service called itself does not count: the caller writes the minutes.
    public func minutesMissing(row: Int, service: Int, asOf: Day) -> Bool {
        guard service < 64 else { return false }
        let bit = UInt64(1) << UInt64(service)
        return students.documentRange(row).contains { i in
            documents.kind[i] == .meeting && documents.date[i] <= asOf
                && documents.services[i] & bit != 0 && documents.minutesSentTo[i] & bit == 0
                && Int(documents.calledBy[i]) != service
        }
    }
}
