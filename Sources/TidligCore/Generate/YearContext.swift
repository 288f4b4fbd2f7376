/// Facts about the school year computed once and shared by every student of a run.
struct YearContext: Sendable {
    let calendar: SchoolCalendar
    let asOf: Day
    /// Every school day, in order; absence is placed by index into this list.
    let schoolDays: [Day]
    /// Weekdays inside a closure (for the deliberate "record in a holiday" problem).
    let holidayWeekdays: [Day]
    /// Cumulative weights over `schoolDays` for rising absence, one table per onset
    /// (onset at 0 %, 10 %, ... 70 % of the year): low before the onset, growing after it.
    let rising: [[UInt32]]
    /// Cumulative weights for a bad autumn that then eases: high until 20 %, 30 %, 40 % or
    /// 50 % of the year, low after.
    let front: [[UInt32]]
    /// ISO text of dates.
    let dates: DateTable

    init(calendar: SchoolCalendar = NesProfile.calendar, asOf: Day = NesProfile.asOf) {
        self.calendar = calendar
        self.asOf = asOf
        var days: [Day] = []
        var holidays: [Day] = []
        var day = calendar.start
        while day <= min(calendar.end, asOf) {
            if calendar.isSchoolDay(day) {
                days.append(day)
            } else if !day.isWeekend {
                holidays.append(day)
            }
            day = day.adding(days: 1)
        }
        schoolDays = days
        holidayWeekdays = holidays
        let count = days.count
        rising = (0..<8).map { step in
            let onset = count * step / 10
            return YearContext.cumulative(count) { index in
                index < onset ? 15 : 100 + 150 * (index - onset) / max(1, count - onset)
            }
        }
        front = (2..<6).map { step in
            let cut = count * step / 10
            return YearContext.cumulative(count) { index in index < cut ? 300 : 60 }
        }
        dates = DateTable()
    }

    private static func cumulative(_ count: Int, weight: (Int) -> Int) -> [UInt32] {
        var total: UInt32 = 0
        return (0..<count).map { index in
            total += UInt32(weight(index))
            return total
        }
    }

    /// A school-day index drawn from cumulative weights `table`.
    @inline(__always) func pick(_ table: [UInt32], _ rng: inout SplitMix64) -> Int {
        let target = UInt32(rng.below(Int(table[table.count - 1])))
        var low = 0, high = table.count - 1
        while low < high {
            let middle = (low + high) / 2
            if table[middle] > target { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
