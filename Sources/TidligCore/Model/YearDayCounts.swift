import Synchronization

/// Each child's whole-day records per school year, counted once over the flat records: what
/// `years_over`, `first_crossing` and the delays across years read instead of walking every
/// record of every year for each child.
///
/// Slot `row * years + k` is child `row` in `schoolYears[k]`. A record counts in the year whose
/// start to end holds its date, and in none when no year does (as DOMAIN.md's threshold counts
/// within a school year).
public struct YearDayCounts: Sendable {
    /// Number of school years (the stride).
    public let years: Int
    /// The first and last day of each school year.
    public let starts: [Day], ends: [Day]
    /// Whole-day records dated in the year (all of them, whatever the date in force).
    public let days: [Int32]
    /// The date of the last whole-day record in the year; meaningless when `days` is 0.
    public let lastDay: [Day]
    /// Index of the child's first record (of any kind) dated on or after the year's start.
    public let firstRecord: [Int32]

    /// Counts every child's records, one pass in date order per child.
    public init(data: DataSet) {
        let years = data.schoolYears.count
        let count = data.studentCount
        self.years = years
        var days = [Int32](repeating: 0, count: count * years)
        var lastDay = [Day](repeating: Day(rawValue: 0), count: count * years)
        var firstRecord = [Int32](repeating: 0, count: count * years)
        let starts = data.schoolYears.map(\.calendar.start), ends = data.schoolYears.map(\.calendar.end)
        self.starts = starts
        self.ends = ends
        data.absence.date.withUnsafeBufferPointer { date in
            data.absence.flags.withUnsafeBufferPointer { flags in
                for row in 0..<count {
                    let range = data.students.allAbsenceRange(row)
                    var i = range.lowerBound
                    for k in 0..<years {
                        let slot = row * years + k
                        // Records before this year's start belong to an earlier year or to none.
                        while i < range.upperBound, date[i] < starts[k] { i += 1 }
                        firstRecord[slot] = Int32(i)
                        var n: Int32 = 0
                        var last = Day(rawValue: 0)
                        while i < range.upperBound, date[i] <= ends[k] {
                            if flags[i] & AbsenceFlags.day != 0 {
                                n += 1
                                last = date[i]
                            }
                            i += 1
                        }
                        days[slot] = n
                        lastDay[slot] = last
                    }
                }
            }
        }
        self.days = days
        self.lastDay = lastDay
        self.firstRecord = firstRecord
    }

    /// Whole days of child `row` in year `k` dated on or before `asOf`.
    @inlinable public func days(row: Int, year k: Int, asOf: Day, data: DataSet) -> Int {
        let slot = row * years + k
        let n = Int(days[slot])
        if n == 0 || lastDay[slot] <= asOf { return n }
        // The year is counted part way (the year in force): walk its records up to `asOf`.
        var count = 0
        var i = Int(firstRecord[slot])
        let end = data.students.allAbsenceRange(row).upperBound, last = min(asOf, ends[k])
        while i < end, data.absence.date[i] <= last {
            if data.absence.flags[i] & AbsenceFlags.day != 0 { count += 1 }
            i += 1
        }
        return count
    }

    /// The number of school years up to the one in force on `asOf` in which child `row` had at
    /// least `n` (>= 1) whole days, the year in force counted through `asOf`.
    @inlinable public func yearsOver(row: Int, days n: Int, asOf: Day, data: DataSet) -> Int {
        var result = 0
        for k in 0..<years where starts[k] <= asOf {
            let slot = row * years + k
            if Int(days[slot]) < n { continue }  // through `asOf` it can only be fewer
            if self.days(row: row, year: k, asOf: asOf, data: data) >= n { result += 1 }
        }
        return result
    }

    /// The date of child `row`'s n-th (n >= 1) whole-day record of a school year, in the first
    /// year that had n by `asOf`.
    @inlinable public func firstCrossing(row: Int, days n: Int, asOf: Day, data: DataSet) -> Day? {
        for k in 0..<years where starts[k] <= asOf {
            let slot = row * years + k
            if Int(days[slot]) < n { continue }
            var count = 0
            var i = Int(firstRecord[slot])
            let end = data.students.allAbsenceRange(row).upperBound, last = min(asOf, ends[k])
            while i < end, data.absence.date[i] <= last {
                if data.absence.flags[i] & AbsenceFlags.day != 0 {
                    count += 1
                    if count == n { return data.absence.date[i] }
                }
                i += 1
            }
        }
        return nil
    }
}

/// Where a data set keeps its `YearDayCounts` once asked: shared by the views of one data set
/// (they share its records), replaced when the records or the school years change.
final class YearDayCountsBox: Sendable {
    let counts = Mutex<YearDayCounts?>(nil)
    init() {}
}
