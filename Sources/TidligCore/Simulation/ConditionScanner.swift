/// Finds the first day each threshold step is due, in one pass over each student's records.
///
/// Every trigger measure either grows at a record (days, hours, a run, a document) or only
/// falls between records (percent, as its denominator grows; recent days, as the window
/// slides). So a condition first holds on the date of a record or of a recorded document,
/// and checking it there, after all of that date's records, finds the exact day: the work is
/// linear in the student's records, not in the days of the year.
struct ConditionScanner {
    let data: DataSet
    let end: Day
    let conditions: [(step: Int, condition: BoundCondition)]
    /// Window sizes (school days) of the `recent(N)` measures used.
    let windows: [Int]
    /// Document kinds and services whose dates the conditions read.
    let kinds: [DocumentKind]
    let services: [Int]

    init(policy: BoundPolicy, data: DataSet, end: Day) {
        self.data = data
        self.end = end
        var conditions: [(Int, BoundCondition)] = []
        for (index, step) in policy.steps.enumerated() {
            if case .condition(let condition) = step.trigger {
                conditions.append((index, condition))
            }
        }
        self.conditions = conditions
        var windows: [Int] = [], kinds: [DocumentKind] = [], services: [Int] = []
        func collect(_ c: BoundCondition) {
            switch c {
            case .recent(let w, _): if !windows.contains(w) { windows.append(w) }
            case .recorded(let k): if !kinds.contains(k) { kinds.append(k) }
            case .involved(let s): if !services.contains(s) { services.append(s) }
            case .and(let a, let b), .or(let a, let b): collect(a); collect(b)
            default: break
            }
        }
        for (_, condition) in conditions { collect(condition) }
        (self.windows, self.kinds, self.services) = (windows, kinds, services)
    }

    /// One student's running figures as the scan moves through the dates.
    struct State {
        var days = 0, hours = 0.0, best = 0, run = 0, previousIndex = -2
        /// First record still inside each window, and the whole days inside it.
        var tail: [Int] = [], inWindow: [Int] = []
        var kindDates: [Day] = [], serviceDates: [Day] = []
        var pending: [Bool] = []
        var next = 0
        var grade: UInt8 = 0
    }

    /// Sets `due[step][row]` for every condition step and every student.
    func scan(into due: inout [[Day]]) throws(CancelledError) {
        guard !conditions.isEmpty else { return }
        for row in 0..<data.studentCount where data.isMember(row) {
            if row & 0xFFFF == 0 { try Cancellation.check() }
            scan(row, into: &due)
        }
    }

    private func scan(_ row: Int, into due: inout [[Day]]) {
        let range = data.students.absenceRange(row)
        var state = State(
            tail: Array(repeating: range.lowerBound, count: windows.count),
            inWindow: Array(repeating: 0, count: windows.count),
            pending: Array(repeating: true, count: conditions.count), next: range.lowerBound,
            grade: data.students.grade[row])
        state.kindDates = kinds.map { kind in
            data.students.documentRange(row).first {
                data.documents.kind[$0] == kind && data.documents.date[$0] <= end
            }
            .map { data.documents.date[$0] } ?? .never
        }
        state.serviceDates = services.map {
            data.involvementDate(row: row, service: $0, asOf: end) ?? .never
        }
        var extra = (state.kindDates + state.serviceDates).filter { $0 <= end }.sorted()
        var remaining = conditions.count
        while state.next < range.upperBound, remaining > 0 {
            let date = data.absence.date[state.next]
            if date > end { break }
            while let first = extra.first, first < date {
                remaining -= check(at: first, row, &state, &due)
                extra.removeFirst()
            }
            while state.next < range.upperBound, data.absence.date[state.next] == date {
                add(state.next, &state)
            }
            extra.removeAll { $0 == date }
            remaining -= check(at: date, row, &state, &due)
        }
        for day in extra where remaining > 0 { remaining -= check(at: day, row, &state, &due) }
    }

    /// Counts record `i` into the running figures.
    private func add(_ i: Int, _ state: inout State) {
        state.next = i + 1
        guard data.absence.isDay(i) else {
            state.hours += Double(data.absence.hours[i])
            return
        }
        state.days += 1
        for w in state.inWindow.indices { state.inWindow[w] += 1 }
        let date = data.absence.date[i]
        guard data.calendar.isSchoolDay(date) else { return }
        let index = data.calendar.schoolDaysThrough(date)
        if index == state.previousIndex { return }
        state.run = index == state.previousIndex + 1 ? state.run + 1 : 1
        state.previousIndex = index
        state.best = max(state.best, state.run)
    }

    /// Slides the windows to `day`, then marks the conditions that hold; returns how many fired.
    private func check(at day: Day, _ row: Int, _ state: inout State, _ due: inout [[Day]]) -> Int {
        let through = data.calendar.schoolDaysThrough(day)
        for (w, size) in windows.enumerated() {
            let start =
                through == 0
                ? day.adding(days: 1) : data.calendar.schoolDayList[max(0, through - size)]
            while state.tail[w] < state.next, data.absence.date[state.tail[w]] < start {
                if data.absence.isDay(state.tail[w]) { state.inWindow[w] -= 1 }
                state.tail[w] += 1
            }
        }
        var fired = 0
        for (c, entry) in conditions.enumerated() where state.pending[c] {
            if holds(entry.condition, day, through, state) {
                due[entry.step][row] = day
                state.pending[c] = false
                fired += 1
            }
        }
        return fired
    }

    private func holds(_ condition: BoundCondition, _ day: Day, _ through: Int, _ state: State)
        -> Bool
    {
        switch condition {
        case .days(let n): return state.days >= n
        case .percent(let p, let strict):
            guard through > 0 else { return false }
            let value =
                100 * data.equivalents(days: Int32(state.days), hours: state.hours)
                / Double(through)
            return strict ? value > p : value >= p
        case .equiv(let e, let strict):
            let value = data.equivalents(days: Int32(state.days), hours: state.hours)
            return strict ? value > e : value >= e
        case .recent(let size, let n): return state.inWindow[windows.firstIndex(of: size)!] >= n
        case .streak(let n): return state.best >= n
        case .recorded(let kind): return state.kindDates[kinds.firstIndex(of: kind)!] <= day
        case .involved(let service):
            return state.serviceDates[services.firstIndex(of: service)!] <= day
        case .student(let condition): return condition.holds(grade: state.grade)
        case .and(let a, let b):
            return holds(a, day, through, state) && holds(b, day, through, state)
        case .or(let a, let b):
            return holds(a, day, through, state) || holds(b, day, through, state)
        }
    }
}
