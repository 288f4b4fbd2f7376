/// Involvement delays of DOMAIN.md: how long after a student crossed the action threshold a
/// service came in, with students still waiting kept as censored, not dropped.
public struct DelaySummary: Sendable {
    /// The service the figures are about.
    public var service: Int
    /// Students who crossed the threshold by the date in force.
    public var crossed = 0
    /// Calendar-day delays of those involved (negative: the service was in before the crossing).
    public var calendarDelays: [Int] = []
    /// The same delays in school days.
    public var schoolDayDelays: [Int] = []
    /// Calendar days waited so far by those not yet involved (censored).
    public var waiting: [Int] = []
    /// Of those involved, how many the family initiated.
    public var familyInitiated = 0

    public var involved: Int { calendarDelays.count }
    public var notInvolved: Int { waiting.count }
}

/// Order statistics used in every delay table.
public enum Statistics {
    /// The median: the middle value, or the mean of the two middle values (as DuckDB's and Python's median).
    public static func median(_ sorted: [Int]) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let mid = sorted.count / 2
        return sorted.count % 2 == 1
            ? Double(sorted[mid]) : Double(sorted[mid - 1] + sorted[mid]) / 2
    }

    /// Sorts day counts: by counting when their range is small beside their number (a year of
    /// waits over 100,000s of students), else by comparison.
    public static func sortDays(_ values: inout [Int]) {
        guard values.count > 64, let low = values.min(), let high = values.max() else {
            values.sort()
            return
        }
        let (span, overflow) = high.subtractingReportingOverflow(low)
        guard !overflow, span < 4 * values.count else {
            values.sort()
            return
        }
        var counts = [Int](repeating: 0, count: span + 1)
        for value in values { counts[value - low] += 1 }
        var i = 0
        for (offset, count) in counts.enumerated() {
            for _ in 0..<count {
                values[i] = low + offset
                i += 1
            }
        }
    }

    /// The p-th percentile by nearest rank: the value at rank ⌈p/100 × n⌉ of the sorted values.
    public static func percentile(_ sorted: [Int], _ p: Int) -> Int? {
        guard !sorted.isEmpty else { return nil }
        let rank = (p * sorted.count + 99) / 100
        return sorted[max(0, min(sorted.count - 1, rank - 1))]
    }
}

extension DataSet {
    /// Signed school days from `from` to `to`: school days in (from, to] when later, minus those
    /// in (to, from] when earlier. With `row`, the days that student was enrolled at a school
    /// with closures of its own (a planning day) are counted on that school's calendar.
    public func schoolDaysBetween(_ from: Day, _ to: Day, row: Int? = nil) -> Int {
        if to >= from {
            return schoolDaysAcrossYears(from: from.adding(days: 1), through: to, row: row)
        }
        return -schoolDaysAcrossYears(from: to.adding(days: 1), through: from, row: row)
    }

    /// Delay summaries per service for `rows`, threshold `threshold` days, as of `asOf`, from
    /// each student's first crossing in any school year (`firstCrossing`).
    /// `days`, when given, holds each student's whole days as of `asOf`, so students below the
    /// threshold are passed over without reading their records (one school year only).
    public func delays(
        rows: [Int32], services: [Int], threshold: Int, asOf: Day,
        days: [Int32]? = nil
    ) throws(CancelledError) -> [DelaySummary] {
        var summaries = services.map { DelaySummary(service: $0) }
        // Several years: each child's date of the threshold-th whole day per year, made once, so
        // no child's records are read here.
        let fromCounts = isMultiYear && threshold >= 1
        let crossings =
            fromCounts ? crossingDates(days: threshold) : CrossingDates(years: 0, dates: [])
        for (n, row32) in rows.enumerated() {
            if n & 0xFFFF == 0 { try Cancellation.check() }
            let row = Int(row32)
            if !isMultiYear, let days, days[row] < threshold { continue }
            let crossing: Day?
            if fromCounts {
                crossing = crossings.first(row: row, asOf: asOf)
            } else {
                crossing = firstCrossing(row: row, days: threshold, asOf: asOf)
            }
            guard let crossing else { continue }
            for index in summaries.indices {
                summaries[index].crossed += 1
                let service = summaries[index].service
                if let involvement = firstInvolvement(row: row, service: service, asOf: asOf) {
                    summaries[index].calendarDelays.append(
                        crossing.days(to: involvements.date[involvement]))
                    summaries[index].schoolDayDelays.append(
                        schoolDaysBetween(crossing, involvements.date[involvement], row: row))
                    if involvements.initiatedBy[involvement] == .family {
                        summaries[index].familyInitiated += 1
                    }
                } else {
                    summaries[index].waiting.append(crossing.days(to: asOf))
                }
            }
        }
        for index in summaries.indices {
            Statistics.sortDays(&summaries[index].calendarDelays)
            Statistics.sortDays(&summaries[index].schoolDayDelays)
            Statistics.sortDays(&summaries[index].waiting)
        }
        return summaries
    }

    /// Index of the student's first involvement of `service` on or before `asOf`.
    public func firstInvolvement(row: Int, service: Int, asOf: Day) -> Int? {
        for i in students.involvementRange(row) where Int(involvements.service[i]) == service {
            return involvements.date[i] <= asOf ? i : nil
        }
        return nil
    }
}
