/// Early warning: where a student's recent rate of whole days takes them.
///
/// The rate is the whole days recorded in the last 4 school weeks (the last 20 school days
/// up to the date in force, fewer at the start of the year) per school day. Projected
/// forward over the coming school days, a student who needs `n` more days reaches the
/// threshold on the k-th school day after the date in force, k = ⌈n × window ÷ recent⌉.
public enum Forecast {
    /// School weeks the rate is measured over.
    public static let rateWeeks = 4

    /// A horizon: within some school weeks after the date in force, or by a date.
    public enum Horizon: Sendable, Equatable {
        case weeks(Int)
        case date(Day)

        /// Packs into one Int for a field argument: weeks as negative numbers, dates as day numbers.
        var packed: Int {
            switch self {
            case .weeks(let w): -w
            case .date(let d): Int(d.rawValue)
            }
        }

        init(packed: Int) { self = packed < 0 ? .weeks(-packed) : .date(Day(rawValue: Int32(packed))) }
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
        let k = (needed * window + recent - 1) / recent
        projection.schoolDays = k
        let index = through + k - 1
        if index < calendar.schoolDayList.count { projection.date = calendar.schoolDayList[index] }
        return projection
    }

    /// True when the student is below `threshold` days and projected to reach it within the horizon.
    public func onTrack(row: Int, threshold: Int, horizon: Forecast.Horizon, asOf: Day) -> Bool {
        let projection = projection(row: row, threshold: threshold, asOf: asOf)
        guard projection.days < threshold, let date = projection.date, let k = projection.schoolDays else { return false }
        switch horizon {
        case .weeks(let weeks): return k <= 5 * weeks
        case .date(let day): return date <= day
        }
    }
}
