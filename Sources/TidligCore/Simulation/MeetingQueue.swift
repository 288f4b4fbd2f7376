/// Weekly meetings with a capacity: cases take the first meeting after the day they are due
/// that has room, first come first served; a full week pushes a case to the next one.
///
/// Weeks are counted from the Monday of the calendar's first week; counters live in arrays
/// indexed by week (and school, for a school's own team), never in dictionaries of dates.
struct MeetingQueue {
    let data: DataSet
    let weekday: Int
    let capacity: Int
    let perSchool: Bool
    /// The Monday of the week the school year starts in.
    var base: Day { data.calendar.start.adding(days: -data.calendar.start.weekday) }
    var weeks: Int { base.days(to: data.calendar.end) / 7 + 1 }

    /// The meeting day of week `w`.
    func meetingDay(_ w: Int) -> Day { base.adding(days: 7 * w + weekday) }

    /// The meeting day of each due case, or `.never` when no meeting this year has room.
    func allocate(_ due: [Day], end: Day) throws(CancelledError) -> [Day] {
        let weeks = self.weeks
        let open = (0..<weeks).map { data.calendar.isSchoolDay(meetingDay($0)) }
        let queues = perSchool ? data.schools.count : 1
        var used = [Int32](repeating: 0, count: queues * weeks)
        var pointer = [Int](repeating: 0, count: queues)
        var done = [Day](repeating: .never, count: due.count)
        for (n, row) in try MeetingQueue.order(due, from: base, through: end).enumerated() {
            if n & 0xFFFF == 0 { try Cancellation.check() }
            let queue = perSchool ? Int(data.students.school[row]) : 0
            let offset = max(0, base.days(to: due[row]))
            // The first week whose meeting day is after the due day.
            let eligible = offset < weekday ? 0 : (offset - weekday) / 7 + 1
            var w = max(pointer[queue], eligible)
            while w < weeks, !open[w] || used[queue * weeks + w] >= capacity { w += 1 }
            pointer[queue] = w
            guard w < weeks else { continue }
            used[queue * weeks + w] += 1
            done[row] = meetingDay(w)
        }
        return done
    }

    /// Rows due on or before `end`, by due day, then by row: a counting sort, linear in the rows.
    static func order(_ due: [Day], from base: Day, through end: Day) throws(CancelledError)
        -> [Int]
    {
        let span = max(0, base.days(to: end)) + 1
        var counts = [Int](repeating: 0, count: span + 1)
        for day in due where day <= end { counts[max(0, base.days(to: day)) + 1] += 1 }
        for i in 0..<span { counts[i + 1] += counts[i] }
        var order = [Int](repeating: 0, count: counts[span])
        for (row, day) in due.enumerated() where day <= end {
            if row & 0xFFFF == 0 { try Cancellation.check() }
            let slot = max(0, base.days(to: day))
            order[counts[slot]] = row
            counts[slot] += 1
        }
        return order
    }
}

/// A service's visits to each school: every `everyDays[school]` calendar days (each school's
/// own cadence), staggered per school from the school year's start (school i of n starts
/// i × its cadence ÷ n days in), each visit on the first school day on or after its date.
struct VisitSchedule {
    let data: DataSet
    let everyDays: [Int]

    /// The visit days of school `school`, in order.
    func visits(school: Int) -> [Day] {
        let calendar = data.calendar
        let everyDays = self.everyDays[school]
        var days: [Day] = []
        // In Int, checked: `everyDays` comes from the data or a policy and may be anything >= 1.
        let length = calendar.start.days(to: calendar.end)
        let (product, overflow) = school.multipliedReportingOverflow(by: everyDays)
        var offset = overflow ? Int.max : product / max(1, data.schools.count)
        while offset <= length {
            let nominal = calendar.start.adding(days: offset)
            let index = calendar.schoolDaysThrough(nominal.adding(days: -1))
            if index < calendar.schoolDayList.count, days.last != calendar.schoolDayList[index] {
                days.append(calendar.schoolDayList[index])
            }
            offset = offset > length - everyDays ? Int.max : offset + everyDays
        }
        return days
    }

    /// For each case due on or before `end`, the first visit to the student's school after the due day.
    func next(after due: [Day], end: Day) throws(CancelledError) -> [Day] {
        let schedules = data.schools.indices.map { visits(school: $0) }
        var done = [Day](repeating: .never, count: due.count)
        for (row, day) in due.enumerated() where day <= end {
            if row & 0xFFFF == 0 { try Cancellation.check() }
            let visits = schedules[Int(data.students.school[row])]
            var low = 0, high = visits.count
            while low < high {
                let mid = (low + high) / 2
                if visits[mid] <= day { low = mid + 1 } else { high = mid }
            }
            if low < visits.count { done[row] = visits[low] }
        }
        return done
    }
}

/// A service's places (advisers × cases): a case takes the first school day on or after it is
/// ready when a place is free, keeps it for `schoolDays`, first come first served by the day
/// it is ready and then by the student's place in the file, as the meeting queue.
struct CapacityQueue {
    let data: DataSet
    let capacity: BoundCapacity

    /// The day each ready case starts, or `.never` past the school year.
    func allocate(_ ready: [Day], end: Day) throws(CancelledError) -> [Day] {
        let calendar = data.calendar
        let list = calendar.schoolDayList
        // The school-day index each place is free from, kept as a min-heap.
        var free = [Int](repeating: 0, count: capacity.places)
        var started = [Day](repeating: .never, count: ready.count)
        let base = calendar.start.adding(days: -calendar.start.weekday)
        for (n, row) in try MeetingQueue.order(ready, from: base, through: end).enumerated() {
            if n & 0xFFFF == 0 { try Cancellation.check() }
            let first = calendar.schoolDaysThrough(ready[row].adding(days: -1))
            let start = max(first, free[0])
            guard start < list.count else { continue }
            started[row] = list[start]
            free[0] = start + capacity.schoolDays
            CapacityQueue.siftDown(&free)
        }
        return started
    }

    static func siftDown(_ heap: inout [Int]) {
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < heap.count, heap[l] < heap[m] { m = l }
            if r < heap.count, heap[r] < heap[m] { m = r }
            if m == i { return }
            heap.swapAt(i, m)
            i = m
        }
    }
}
