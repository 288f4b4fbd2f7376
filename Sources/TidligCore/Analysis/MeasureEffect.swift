/// A kind of measure whose start `effect of measures` looks around.
public enum MeasureKind: Sendable, Equatable {
    /// The first action plan (tiltaksplan) of the school year.
    case actionPlan
    /// The first meeting about the student in the school year.
    case meeting
    /// The start of a service's involvement; the index into `DataSet.services`.
    case involvement(Int)

    /// `action-plan`, `meeting`, `ppt involved`.
    public func label(_ data: DataSet) -> String {
        switch self {
        case .actionPlan: "action-plan"
        case .meeting: "meeting"
        case .involvement(let service): "\(data.services[service].id) involved"
        }
    }
}

/// Absence around the start of one kind of measure, over windows of whole school weeks.
public struct MeasureEffect: Sendable {
    /// The figures for one window length.
    public struct Window: Sendable, Equatable {
        /// School weeks before and after the start (4 or 8).
        public var weeks: Int
        /// Students whose measure started this school year with both windows inside it
        /// and the after-window ended by the date in force.
        public var students: Int
        /// Mean day equivalents per school week in the window before the start; nil without students.
        public var before: Double?
        /// The same in the window from the start on.
        public var after: Double?
        /// after - before.
        public var change: Double? { before.flatMap { b in after.map { $0 - b } } }
    }

    public var kind: MeasureKind
    /// Students with the measure started in the school year by the date in force.
    public var started: Int
    public var windows: [Window]
}

extension DataSet {
    /// Absence per school week before and after each kind of measure started, for `rows`.
    ///
    /// For a student, the start is the date of the first such document or involvement from
    /// the school year's start to `asOf`. The window before is the 5 × N school days just before
    /// that date; the window after is the 5 × N school days from it (the first school day on or
    /// after it); both must lie in the school year and the window after must end by `asOf`.
    /// A window's absence is the day equivalents (days + hours ÷ hours per day) of the records
    /// dated from its first to its last school day, divided by N.
    public func measureEffects(rows: [Int32], asOf: Day, weeks: [Int] = [4, 8]) -> [MeasureEffect] {
        let kinds: [MeasureKind] =
            [.actionPlan, .meeting] + services.indices.map { .involvement($0) }
        return kinds.map { kind in
            var sums = [(students: Int, before: Double, after: Double)](
                repeating: (0, 0, 0), count: weeks.count)
            var started = 0
            for row in rows {
                guard let start = measureStart(kind, row: Int(row), asOf: asOf) else { continue }
                started += 1
                for (n, length) in weeks.enumerated() {
                    guard
                        let window = windowAbsence(
                            row: Int(row), start: start, weeks: length, asOf: asOf)
                    else { continue }
                    sums[n].students += 1
                    sums[n].before += window.before
                    sums[n].after += window.after
                }
            }
            let windows = zip(weeks, sums).map { length, sum in
                MeasureEffect.Window(
                    weeks: length, students: sum.students,
                    before: sum.students == 0 ? nil : sum.before / Double(sum.students),
                    after: sum.students == 0 ? nil : sum.after / Double(sum.students))
            }
            return MeasureEffect(kind: kind, started: started, windows: windows)
        }
    }

    /// The date the measure first started for the student in the school year, by `asOf`.
    func measureStart(_ kind: MeasureKind, row: Int, asOf: Day) -> Day? {
        let from = calendar.start
        switch kind {
        case .actionPlan, .meeting:
            let wanted: DocumentKind = kind == .actionPlan ? .actionPlan : .meeting
            for i in students.documentRange(row) where documents.kind[i] == wanted {
                let date = documents.date[i]
                if date >= from && date <= asOf { return date }
            }
            return nil
        case .involvement(let service):
            for i in students.involvementRange(row) where Int(involvements.service[i]) == service {
                let date = involvements.date[i]
                if date >= from && date <= asOf { return date }
            }
            return nil
        }
    }

    /// Day equivalents per school week in the `weeks` school weeks before and from `start`;
    /// nil when either window does not fit in the school year by `asOf`.
    func windowAbsence(row: Int, start: Day, weeks: Int, asOf: Day) -> (
        before: Double, after: Double
    )? {
        let list = calendar.schoolDayList
        let length = 5 * weeks
        // school days before `start`
        let first = calendar.schoolDaysThrough(start.adding(days: -1))
        guard first >= length, first + length <= list.count, list[first + length - 1] <= asOf else {
            return nil
        }
        let before = equivalents(row: row, from: list[first - length], through: list[first - 1])
        let after = equivalents(row: row, from: list[first], through: list[first + length - 1])
        return (before / Double(weeks), after / Double(weeks))
    }

    /// Day equivalents of the student's records dated from `from` through `through`.
    func equivalents(row: Int, from: Day, through: Day) -> Double {
        var days = 0, hours = 0.0
        for i in students.absenceRange(row) {
            let date = absence.date[i]
            if date > through { break }
            guard date >= from else { continue }
            if absence.isDay(i) { days += 1 } else { hours += Double(absence.hours[i]) }
        }
        return Double(days) + hours / calendar.hoursPerDay
    }
}
