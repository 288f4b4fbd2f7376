/// Early warning: where a student's recent rate of whole days takes them.
///
/// The rate is the whole days recorded in the last 4 school weeks (the last 20 school days
/// up to the date in force, fewer at the start of the year) per school day. Projected
/// forward over the coming school days, a student who needs `n` more days reaches the
/// threshold on the k-th school day after the date in force, k = ⌈n × window ÷ recent⌉.
public enum Forecast {
    /// School weeks the rate is measured over.
    public static let rateWeeks = 4

    /// A horizon: within some school weeks or school days after the date in force, or by a date.
    public enum Horizon: Sendable, Equatable {
        case weeks(Int)
        case schoolDays(Int)
        case date(Day)

        /// True when the k-th school day after the date in force, on `date`, is within the horizon.
        func contains(schoolDay k: Int, date: Day) -> Bool {
            switch self {
            // k <= 5 × weeks, without overflow
            case .weeks(let weeks): k / 5 + (k % 5 == 0 ? 0 : 1) <= weeks
            case .schoolDays(let days): k <= days
            case .date(let day): date <= day
            }
        }

        /// "within 4 school weeks", "by 2025-03-01".
        public var description: String {
            switch self {
            case .weeks(let w): "within \(w) school week\(w == 1 ? "" : "s")"
            case .schoolDays(let d): "within \(d) school day\(d == 1 ? "" : "s")"
            case .date(let d): "by \(d)"
            }
        }
    }

    /// What the projection says about one student.
    public struct Projection: Sendable {
        /// Whole days so far and in the rate window, and the window's length in school days.
        public var days: Int, recent: Int, window: Int
        /// School days after the date in force until the threshold is reached; nil at a rate of 0.
        public var schoolDays: Int?
        /// The projected crossing date (the real one when already crossed); nil if not this school year.
        public var date: Day?
    }
}

extension DataSet {
    /// The projection of `threshold` days for `row` as of `asOf`.
    public func projection(row: Int, threshold: Int, asOf: Day) -> Forecast.Projection {
        let through = calendar.schoolDaysThrough(asOf)
        let days = wholeDays(row: row, through: asOf)
        let window = min(5 * Forecast.rateWeeks, through)
        let recent = recentDays(row: row, weeks: Forecast.rateWeeks, asOf: asOf)
        var projection = Forecast.Projection(days: days, recent: recent, window: window)
        let needed = threshold - days
        if needed <= 0 {
            projection.schoolDays = 0
            projection.date = crossingDate(row: row, days: threshold, asOf: asOf)
            return projection
        }
        guard recent > 0, window > 0 else { return projection }
        // k = ⌈needed × window ÷ recent⌉; a need too large to multiply is never reached this year.
        let (product, overflow) = needed.multipliedReportingOverflow(by: window)
        guard !overflow else { return projection }
        let k = product / recent + (product % recent == 0 ? 0 : 1)
        projection.schoolDays = k
        if k <= calendar.schoolDayList.count - through {
            projection.date = calendar.schoolDayList[through + k - 1]
        }
        return projection
    }

    /// True when the student is below `threshold` days and projected to reach it within the horizon.
    public func onTrack(row: Int, threshold: Int, horizon: Forecast.Horizon, asOf: Day) -> Bool {
        let projection = projection(row: row, threshold: threshold, asOf: asOf)
        guard projection.days < threshold, let date = projection.date, let k = projection.schoolDays
        else { return false }
        return horizon.contains(schoolDay: k, date: date)
    }
}
