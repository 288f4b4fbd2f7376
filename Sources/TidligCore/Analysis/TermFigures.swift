/// The figures of the school owner's term report that no other command gives: the spread of
/// whole days per school in bands, who crossed the threshold in a span, and absence by weekday
/// and right after the closures. Every figure follows DOMAIN.md's arithmetic:
///
/// - a student's **days** as of D: whole-day records dated on or before D;
/// - **median days**: the middle of the students' days (mean of the two middle ones);
/// - **band shares**: the share of students whose days fall in 0-4, 5-14, 15-29, 30-59, 60+;
/// - **crossed since S**: the crossing date of the threshold (the N-th whole-day record) lies in
///   S+1 ... D;
/// - **absence rate** over some school days: 100 × whole-day records dated on those days ÷
///   (students × those days): the share of students away for the whole day on an average one.
public enum TermFigures {
    /// The bands of whole days (the Attendance Works tiers adapted to days): lower bounds.
    public static let bandStarts = [0, 5, 15, 30, 60]
    /// `0-4`, `5-14`, `15-29`, `30-59`, `60+`.
    public static let bandNames = ["0-4", "5-14", "15-29", "30-59", "60+"]

    /// The band of a number of days.
    public static func band(_ days: Int) -> Int { bandStarts.lastIndex { days >= $0 } ?? 0 }

    /// Whole days of a group of students: count, median, mean, band counts.
    public struct Spread: Sendable, Equatable {
        public var days: [Int] = []
        public var bands = [Int](repeating: 0, count: 5)

        public mutating func add(_ d: Int) {
            days.append(d)
            bands[TermFigures.band(d)] += 1
        }

        public var median: Double? { Statistics.median(days.sorted()) }
        public var mean: Double? {
            days.isEmpty ? nil : Double(days.reduce(0, +)) / Double(days.count)
        }
        /// The share in percent of each band.
        public var shares: [Double?] {
            bands.map { days.isEmpty ? nil : 100 * Double($0) / Double(days.count) }
        }
    }

    /// Whole-day records over some school days and the students who could be away on them.
    public struct Rate: Sendable, Equatable {
        public var schoolDays = 0
        public var records = 0
        public var students = 0
        /// 100 × records ÷ (students × school days).
        public var percent: Double? {
            schoolDays == 0 || students == 0
                ? nil : 100 * Double(records) / Double(students * schoolDays)
        }
    }

    /// Whole-day records dated on each school day of `data` (index: the school-day list).
    public static func recordsPerSchoolDay(_ data: DataSet, through end: Day) -> [Int] {
        let calendar = data.calendar
        var counts = [Int](repeating: 0, count: calendar.schoolDayList.count)
        for i in 0..<data.absence.date.count where data.absence.isDay(i) {
            let date = data.absence.date[i]
            guard date <= end, calendar.isSchoolDay(date) else { continue }
            counts[calendar.schoolDaysThrough(date) - 1] += 1
        }
        return counts
    }

    /// The school days from `from` through `to` (indexes into the school-day list).
    static func schoolDayIndexes(_ calendar: SchoolCalendar, from: Day, to: Day) -> Range<Int> {
        let lower = calendar.schoolDaysThrough(from.adding(days: -1))
        return lower..<max(lower, calendar.schoolDaysThrough(to))
    }

    /// Absence rate on each weekday (Monday ... Friday) over the school days in `from ... to`.
    public static func byWeekday(_ data: DataSet, from: Day, to: Day, counts: [Int]) -> [Rate] {
        var rates = [Rate](repeating: Rate(students: data.memberCount), count: 5)
        for index in schoolDayIndexes(data.calendar, from: from, to: to) {
            let weekday = data.calendar.schoolDayList[index].weekday
            rates[weekday].schoolDays += 1
            rates[weekday].records += counts[index]
        }
        return rates
    }

    /// The first school week after each closure: its first `length` school days, those in
    /// `from ... to`; a closure whose week lies outside the span is left out.
    public static func weeksAfterClosures(
        _ calendar: SchoolCalendar, from: Day, to: Day,
        length: Int = 5
    ) -> [(closure: SchoolCalendar.Closure, days: [Int])] {
        let span = schoolDayIndexes(calendar, from: from, to: to)
        return calendar.closures.filter { $0.to >= calendar.start }.sorted { $0.from < $1.from }
            .compactMap { closure in
                let first = calendar.schoolDaysThrough(closure.to)
                let days = (first..<min(first + length, calendar.schoolDayList.count)).filter {
                    span.contains($0)
                }
                return days.isEmpty ? nil : (closure, days)
            }
    }

    /// The rate over the given school days.
    public static func rate(_ days: some Sequence<Int>, counts: [Int], students: Int) -> Rate {
        var rate = Rate(students: students)
        for index in days {
            rate.schoolDays += 1
            rate.records += counts[index]
        }
        return rate
    }
}
