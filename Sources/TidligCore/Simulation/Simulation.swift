extension Day {
    /// No date: a step that was never due, or can no longer happen this school year.
    static let never = Day(rawValue: Int32.max)
}

/// Every student's date of every step of one policy, replayed over the school year.
///
/// The replay reads each student's real absence records dated on or before `end` (the date in
/// force) in date order, and gives each step the date it was due and the date it happened.
/// Steps at a weekly meeting share its capacity across students, first come first served in
/// the order (date due, student's place in the file), so the result is deterministic.
struct Simulation: Sendable {
    let policy: BoundPolicy
    /// Each student's grade, for the services that take part only for some (`ppt if grade >= 8`).
    let grade: [UInt8]
    /// The date in force: records after it are not read, steps after it have not happened yet.
    let end: Day
    /// `due[step][row]`: the day the step became due, or `.never`.
    var due: [[Day]]
    /// `done[step][row]`: the day it happens (after `end`: still waiting on `end`), or `.never`.
    var done: [[Day]]

    /// Replays the year for every student of `data`.
    init(_ policy: BoundPolicy, data: DataSet, end: Day) throws(CancelledError) {
        self.policy = policy
        self.end = end
        grade = data.students.grade
        let count = data.studentCount
        let never = [Day](repeating: .never, count: count)
        due = Array(repeating: never, count: policy.steps.count)
        done = due
        try ConditionScanner(policy: policy, data: data, end: end).scan(into: &due)
        var queued = Set<Int>()
        for (index, step) in policy.steps.enumerated() {
            if case .after(let previous, let still, let only) = step.trigger {
                try afterTrigger(
                    index, previous: previous, stillAbsent: still, only: only, data: data)
            }
            done[index] = try Simulation.timing(step.timing, due: due[index], data: data, end: end)
            // A service with a capacity takes a case at the first step it leads (its first service).
            for capacity in policy.capacities
            where step.services.first == capacity.service && !queued.contains(capacity.service) {
                queued.insert(capacity.service)
                done[index] = try CapacityQueue(data: data, capacity: capacity).allocate(
                    done[index], end: end)
            }
        }
    }

    /// `after STEP [and still absent N more days]`: due when the earlier step is done, or on the
    /// day of the N-th whole-day record after it.
    private mutating func afterTrigger(
        _ index: Int, previous: Int, stillAbsent: Int, only: [StudentCondition],
        data: DataSet
    ) throws(CancelledError) {
        for row in 0..<data.studentCount {
            if row & 0xFFFF == 0 { try Cancellation.check() }
            let from = done[previous][row]
            guard from <= end else { continue }
            if !only.isEmpty, !only.allSatisfy({ $0.holds(grade: data.students.grade[row]) }) {
                continue
            }
            due[index][row] =
                stillAbsent == 0
                ? from
                : data.wholeDay(row: row, number: stillAbsent, after: from, through: end) ?? .never
        }
    }

    /// The day each due step happens.
    static func timing(_ timing: BoundTiming, due: [Day], data: DataSet, end: Day)
        throws(CancelledError) -> [Day]
    {
        switch timing {
        case .within(let count):
            let calendar = data.calendar
            let list = calendar.schoolDayList
            return try due.enumerated().map { row, day throws(CancelledError) in
                if row & 0xFFFF == 0 { try Cancellation.check() }
                guard day <= end else { return .never }
                if count == 0 { return day }
                // The count-th school day after `day`: school days through `day` index the list.
                let index = calendar.schoolDaysThrough(day) + count - 1
                return index < list.count ? list[index] : .never
            }
        case .meeting(let weekday, let capacity, let perSchool):
            return try MeetingQueue(
                data: data, weekday: weekday, capacity: capacity, perSchool: perSchool
            )
            .allocate(due, end: end)
        case .visit(let every, _):
            return try VisitSchedule(data: data, everyDays: every).next(after: due, end: end)
        }
    }

    /// The day a result row (a step, or a service's first step) happens for `row`.
    func done(key: Int, row: Int) -> Day {
        if key < policy.steps.count { return done[key][row] }
        let service = policy.serviceRows[key - policy.steps.count]
        var first = Day.never
        for (index, step) in policy.steps.enumerated() {
            guard let at = step.services.firstIndex(of: service),
                step.takesPart(at, grade: grade[row])
            else { continue }
            first = min(first, done[index][row])
        }
        return first
    }
}

extension DataSet {
    /// The date of the `number`-th whole-day record dated after `after` and on or before `through`.
    func wholeDay(row: Int, number: Int, after: Day, through: Day) -> Day? {
        var seen = 0
        for i in students.absenceRange(row) {
            let date = absence.date[i]
            if date > through { return nil }
            if date > after, absence.isDay(i) {
                seen += 1
                if seen == number { return date }
            }
        }
        return nil
    }

    /// Whole-day records dated on or before `day`.
    func wholeDays(row: Int, through day: Day) -> Int {
        var count = 0
        for i in students.absenceRange(row) {
            if absence.date[i] > day { break }
            if absence.isDay(i) { count += 1 }
        }
        return count
    }
}
