/// The school year's calendar: which dates are school days (DOMAIN.md).
///
/// A school day is a date from `start` to `end`, Monday to Friday, inside no closure.
/// Counts of school days between two dates are O(1) from a prefix table built once.
public struct SchoolCalendar: Sendable {
    /// A range of days without teaching (inclusive), e.g. the autumn holiday (høstferie).
    public struct Closure: Sendable, Equatable {
        public var from: Day
        public var to: Day
        public var name: String?
        public init(from: Day, to: Day, name: String? = nil) {
            self.from = from
            self.to = to
            self.name = name
        }
    }

    /// First day of the school year.
    public let start: Day
    /// Last day of the school year.
    public let end: Day
    /// Teaching hours in a school day (default 6); converts hours to day equivalents.
    public let hoursPerDay: Double
    /// Holidays and other closures.
    public let closures: [Closure]
    /// `2024/2025`, when the file names it.
    public let schoolYear: String?

    /// prefix[i] = number of school days in start ..< start+i.
    private let prefix: [Int32]
    /// Every school day in order.
    public let schoolDayList: [Day]

    /// Builds the calendar and its school-day table.
    public init(
        start: Day, end: Day, hoursPerDay: Double = 6, closures: [Closure] = [],
        schoolYear: String? = nil
    ) {
        self.start = start
        self.end = end
        self.hoursPerDay = hoursPerDay
        self.closures = closures
        self.schoolYear = schoolYear
        let length = max(0, start.days(to: end) + 1)
        var open = [Bool](repeating: true, count: length)
        for offset in 0..<length where start.adding(days: offset).isWeekend { open[offset] = false }
        for closure in closures {
            let lower = max(0, start.days(to: closure.from))
            let upper = min(length - 1, start.days(to: closure.to))
            if lower <= upper { for offset in lower...upper { open[offset] = false } }
        }
        var prefix = [Int32](repeating: 0, count: length + 1)
        for offset in 0..<length { prefix[offset + 1] = prefix[offset] + (open[offset] ? 1 : 0) }
        self.prefix = prefix
        schoolDayList = (0..<length).filter { open[$0] }.map { start.adding(days: $0) }
    }

    /// True when `day` is a school day.
    @inlinable public func isSchoolDay(_ day: Day) -> Bool {
        schoolDays(from: day, through: day) == 1
    }

    /// Number of school days in `from ... through` (inclusive); 0 when the range is empty.
    public func schoolDays(from: Day, through: Day) -> Int {
        let lower = max(0, start.days(to: from))
        let upper = min(prefix.count - 1, start.days(to: through) + 1)
        return upper > lower ? Int(prefix[upper] - prefix[lower]) : 0
    }

    /// Number of school days from `start` through `day` (the percent denominator).
    public func schoolDaysThrough(_ day: Day) -> Int { schoolDays(from: start, through: day) }

    /// The name of the closure that holds `day`, if any.
    public func closure(containing day: Day) -> Closure? {
        closures.first { $0.from <= day && day <= $0.to }
    }

    /// The school day `count` school days after `day` (count >= 1), or nil past `end`.
    public func schoolDay(after day: Day, count: Int) -> Day? {
        var remaining = count
        var current = day
        while current < end {
            current = current.adding(days: 1)
            if isSchoolDay(current) {
                remaining -= 1
                if remaining == 0 { return current }
            }
        }
        return nil
    }

    /// The first school day on or before `day`, or nil before `start`.
    public func lastSchoolDay(onOrBefore day: Day) -> Day? {
        var current = min(day, end)
        while current >= start {
            if isSchoolDay(current) { return current }
            current = current.adding(days: -1)
        }
        return nil
    }
}
