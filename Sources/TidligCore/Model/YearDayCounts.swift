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
    /// Whole-day records dated in the year (all of them, whatever the date in force).
    public let days: [Int32]
    /// Index of the child's first record (of any kind) dated on or after the year's start.
    public let firstRecord: [Int32]

    /// Counts every child's records, one pass in date order per child.
    public init(data: DataSet) {
        let years = data.schoolYears.count
        let count = data.studentCount
        self.years = years
        var days = [Int32](repeating: 0, count: count * years)
        var firstRecord = [Int32](repeating: 0, count: count * years)
        let starts = data.schoolYears.map(\.calendar.start),
            ends = data.schoolYears.map(\.calendar.end)
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
                        while i < range.upperBound, date[i] <= ends[k] {
                            n &+= Int32(flags[i] & AbsenceFlags.day)
                            i += 1
                        }
                        days[slot] = n
                    }
                }
            }
        }
        self.days = days
        self.firstRecord = firstRecord
    }

    /// No n-th whole day in that year (`nthDays`).
    public static let never = Day(rawValue: .max)

    /// For each child and year, the date of its n-th (n >= 1) whole-day record of the year, or
    /// `never`. A year is crossed by a date D exactly when that date is on or before D, so
    /// `years_over(n)` as of D counts the slots on or before D, and the first crossing in any
    /// year is the first slot that is not `never` (years are in date order), when on or before D.
    public func nthDays(_ n: Int, data: DataSet) -> [Day] {
        var dates = [Day](repeating: YearDayCounts.never, count: days.count)
        let count = data.studentCount
        data.absence.date.withUnsafeBufferPointer { date in
            data.absence.flags.withUnsafeBufferPointer { flags in
                for row in 0..<count {
                    for k in 0..<years where Int(days[row * years + k]) >= n {
                        var seen = 0
                        var i = Int(firstRecord[row * years + k])
                        // The year holds at least n whole days from its first record on.
                        while true {
                            if flags[i] & AbsenceFlags.day != 0 {
                                seen += 1
                                if seen == n { break }
                            }
                            i += 1
                        }
                        dates[row * years + k] = date[i]
                    }
                }
            }
        }
        return dates
    }
}

/// The n-th-day dates of one threshold for every child and year (`YearDayCounts.nthDays`), with
/// the two questions asked of them.
public struct CrossingDates: Sendable {
    public let years: Int
    public let dates: [Day]

    /// School years with at least n whole days by `asOf`.
    @inlinable public func yearsOver(row: Int, asOf: Day) -> Int {
        var result = 0
        for k in 0..<years where dates[row * years + k] <= asOf { result += 1 }
        return result
    }

    /// The first crossing in any school year, by `asOf`.
    @inlinable public func first(row: Int, asOf: Day) -> Day? {
        for k in 0..<years {
            let date = dates[row * years + k]
            if date != YearDayCounts.never { return date <= asOf ? date : nil }
        }
        return nil
    }
}

/// Where a data set keeps its `YearDayCounts` once asked, and the crossing dates of the last few
/// thresholds asked: shared by the views of one data set (they share its records), replaced
/// when the records or the school years change.
final class YearDayCountsBox: Sendable {
    struct State {
        var counts: YearDayCounts?
        /// (threshold, dates), the latest first.
        var crossings: [(Int, CrossingDates)] = []
    }
    let state = Mutex(State())
    init() {}
}
