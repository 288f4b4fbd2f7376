/// What a simulation means for a selection of students, per step and per service.
///
/// The yardstick is the crossing of the action threshold in force (`set threshold`, 15 days by
/// default), as in `delays`: the same for every policy, so that scenarios compare.
struct StepFigures: Sendable {
    /// The step name or the service id.
    var key: String
    var who: String
    var bti: Int?
    /// Students whose step happened by the date in force.
    var reached = 0
    /// Students who crossed but whose step had not happened by the date in force (censored).
    var notYet = 0
    /// School days from the crossing to the step (negative: before it), of those who crossed and were reached; sorted.
    var schoolDays: [Int] = []
    /// Whole days of absence recorded between the crossing and the step (negative: before), same students; sorted.
    var absence: [Int] = []
    /// Whole days recorded after the crossing while waiting: until the step, or the date in force.
    var absenceWaiting = 0
    /// Under `assume`: absence days avoided by the step's involvement.
    var avoided: Double?
}

/// An assumption of effect, stated by the analyst: `assume involvement reduces absence by 30 %`.
public struct EffectAssumption: Sendable {
    /// The share of later whole-day absence an involvement removes, in percent.
    public var percent: Double

    /// The line printed under every result that uses it.
    var note: String {
        "assumption (not measured): involvement reduces later absence by \(formatDecimal(percent, places: 0)) %; "
            + "avoided = \(formatDecimal(percent, places: 0)) % of the whole days recorded after the step, up to the date in force"
    }
}

extension Simulation {
    /// Figures for `rows`, with the crossing of `threshold` days as the yardstick.
    func figures(rows: [Int32], data: DataSet, threshold: Int, assume: EffectAssumption?)
        throws(CancelledError) -> [StepFigures]
    {
        let keys = policy.rowKeys
        var figures = keys.indices.map { key in
            key < policy.steps.count
                ? StepFigures(
                    key: keys[key], who: policy.steps[key].who, bti: policy.steps[key].bti)
                : StepFigures(key: keys[key], who: "first step with it", bti: nil)
        }
        if assume != nil { for k in figures.indices { figures[k].avoided = 0 } }
        for (n, row32) in rows.enumerated() {
            if n & 0xFFFF == 0 { try Cancellation.check() }
            let row = Int(row32)
            let crossing = data.crossingDate(row: row, days: threshold, asOf: end)
            let atCrossing = crossing.map { data.wholeDays(row: row, through: $0) } ?? 0
            let atEnd = data.wholeDays(row: row, through: end)
            for k in figures.indices {
                let day = done(key: k, row: row)
                let reached = day <= end
                let atStep = reached ? data.wholeDays(row: row, through: day) : atEnd
                if reached {
                    figures[k].reached += 1
                    if let p = assume?.percent {
                        figures[k].avoided! += p / 100 * Double(atEnd - atStep)
                    }
                }
                guard let crossing else { continue }
                figures[k].absenceWaiting += max(0, atStep - atCrossing)
                if reached {
                    figures[k].schoolDays.append(data.schoolDaysBetween(crossing, day))
                    figures[k].absence.append(atStep - atCrossing)
                } else {
                    figures[k].notYet += 1
                }
            }
        }
        for k in figures.indices {
            figures[k].schoolDays.sort()
            figures[k].absence.sort()
        }
        return figures
    }

    /// Students with any service involved (a step with a service) by the last day of each
    /// month of the school year, up to the date in force: (month `2024-09`, students).
    func involvedByMonth(rows: [Int32], data: DataSet) -> [(String, Int)] {
        var months: [Day] = []
        var day = data.calendar.start
        while day <= min(end, data.calendar.end) {
            let (y, m, _) = day.components
            let next = Day(year: m == 12 ? y + 1 : y, month: m == 12 ? 1 : m + 1, day: 1)!
            months.append(min(next.adding(days: -1), end))
            day = next
        }
        var counts = [Int](repeating: 0, count: months.count)
        let serviceSteps = policy.steps.indices.filter { !policy.steps[$0].services.isEmpty }
        for row32 in rows {
            let row = Int(row32)
            let first =
                serviceSteps.filter { policy.steps[$0].involvesService(grade: grade[row]) }
                .map { done[$0][row] }.min() ?? .never
            guard first <= end else { continue }
            for (i, month) in months.enumerated() where first <= month { counts[i] += 1 }
        }
        return zip(months, counts).map { month, count in
            let (y, m, _) = month.components
            return ("\(y)-\(m < 10 ? "0" : "")\(m)", count)
        }
    }
}
