/// One absence record as written: a whole day (`quarters == 0`) or single hours.
struct AbsenceRecord {
    var date: Day
    /// 0 for a whole day (dagsfravær); else hours (timefravær) in quarter hours, 4 to 20.
    var quarters: Int
    var documented: Bool
    var reason: StaticString?
}

/// The deliberate data-quality problems planted about once per 700 students.
enum PlantedProblem: Int {
    /// A whole-day record moved to a Saturday.
    case saturday
    /// A whole-day record moved into a holiday.
    case holiday
    /// An hours record moved onto the date of a whole-day record.
    case dayAndHours
}

/// Places one student's whole days and hours on school days and lists the records by date.
///
/// Reused from student to student so that a large run allocates almost nothing.
struct StudentAbsence {
    private(set) var records: [AbsenceRecord] = []
    /// Date of the 15th whole-day record, when the student reached the action threshold.
    private(set) var crossing: Day?
    /// 0 free, 1 whole day, 2 hours, per school-day index.
    private var marks: [UInt8] = []

    /// Builds the records; plants `problem` when the student has the records it needs and
    /// returns whether it did.
    mutating func build(
        days: Int, quarters: Int, severe: Bool, problem: PlantedProblem?,
        context: YearContext, rng: inout SplitMix64
    ) -> Bool {
        let count = context.schoolDays.count
        marks = Array(repeating: 0, count: count)
        let profile = Self.profile(days: days, severe: severe, context: context, rng: &rng)
        if severe, rng.chance(0.4) { placeRun(days: days, rng: &rng) }
        placeDays(
            days - marks.count(where: { $0 == 1 }), profile: profile, context: context, rng: &rng)
        placeHours(quarters, free: count - days, profile: profile, context: context, rng: &rng)
        collect(severe: severe, context: context, rng: &rng)
        let planted = problem.map { plant($0, context: context, rng: &rng) } ?? false
        if planted { records.sort { ($0.date, $0.quarters) < ($1.date, $1.quarters) } }
        crossing = nil
        var seen = 0
        for record in records where record.quarters == 0 {
            seen += 1
            if seen == NesProfile.threshold { crossing = record.date; break }
        }
        return planted
    }

    /// How a student's days spread over the year: evenly below the threshold; above it mostly
    /// rising (onsets over the year), some evenly, some a bad autumn; past 60 days rising early.
    private static func profile(
        days: Int, severe: Bool, context: YearContext, rng: inout SplitMix64
    ) -> [UInt32]? {
        guard days >= NesProfile.threshold else { return nil }
        if severe { return context.rising[rng.below(5)] }
        let roll = rng.below(20)
        if roll < 6 { return nil }
        if roll < 11 { return context.front[rng.below(context.front.count)] }
        return context.rising[rng.below(8)]
    }

    /// A long run of consecutive school days (school refusal), in the later part of the year.
    private mutating func placeRun(days: Int, rng: inout SplitMix64) {
        let length = min(days - 10, 20 + rng.below(60))
        guard length > 0 else { return }
        let latest = marks.count - length
        let start = max(0, latest - rng.below(max(1, marks.count * 3 / 10)))
        for index in start..<min(marks.count, start + length) { marks[index] = 1 }
    }

    /// Whole days in short episodes (1 to 5 consecutive school days), spread or rising.
    private mutating func placeDays(
        _ wanted: Int, profile: [UInt32]?, context: YearContext, rng: inout SplitMix64
    ) {
        var remaining = wanted
        var attempts = 0
        while remaining > 0, attempts < 8 * wanted + 32 {
            attempts += 1
            let start = profile.map { context.pick($0, &rng) } ?? rng.below(marks.count)
            let roll = rng.below(20)
            let length = roll < 11 ? 1 : roll < 16 ? 2 : roll < 19 ? 3 : 5
            var index = start
            while remaining > 0, index < start + length, index < marks.count, marks[index] == 0 {
                marks[index] = 1
                remaining -= 1
                index += 1
            }
        }
        fill(&remaining, mark: 1, rng: &rng)
    }

    /// Hours in records of 1 to 5 hours (quarter steps) on free school days.
    private mutating func placeHours(
        _ quarters: Int, free: Int, profile: [UInt32]?, context: YearContext, rng: inout SplitMix64
    ) {
        var left = quarters
        var freeLeft = max(1, free)
        pendingChunks.removeAll(keepingCapacity: true)
        while left > 0 {
            let least = max(4, (left + freeLeft - 1) / freeLeft)
            let chunk = left <= 20 ? left : min(max(4 + rng.below(9), least), 20, left - 4)
            pendingChunks.append(chunk)
            left -= chunk
            freeLeft = max(1, freeLeft - 1)
        }
        for _ in pendingChunks {
            var placed = false
            for _ in 0..<16 {
                let index = profile.map { context.pick($0, &rng) } ?? rng.below(marks.count)
                if marks[index] == 0 { marks[index] = 2; placed = true; break }
            }
            if !placed { var one = 1; fill(&one, mark: 2, rng: &rng) }
        }
    }

    private var pendingChunks: [Int] = []

    /// Marks `remaining` free indices, scanning from a random start (the rare fallback).
    private mutating func fill(_ remaining: inout Int, mark: UInt8, rng: inout SplitMix64) {
        guard remaining > 0 else { return }
        let start = rng.below(marks.count)
        for step in 0..<marks.count where remaining > 0 {
            let index = (start + step) % marks.count
            if marks[index] == 0 { marks[index] = mark; remaining -= 1 }
        }
    }

    /// Turns the marks into records in date order, with documentation and reasons.
    private mutating func collect(severe: Bool, context: YearContext, rng: inout SplitMix64) {
        records.removeAll(keepingCapacity: true)
        // About 55 % of records documented; students differ, the 39 folders less documented.
        let rate = severe ? 0.15 + 0.3 * rng.unit() : 0.3 + 0.55 * rng.unit()
        var chunk = 0
        for (index, mark) in marks.enumerated() where mark != 0 {
            // A whole day following a whole day is mostly the same episode: same note, same reason.
            if mark == 1, index > 0, marks[index - 1] == 1, let last = records.last,
                rng.chance(0.85)
            {
                records.append(
                    AbsenceRecord(
                        date: context.schoolDays[index], quarters: 0, documented: last.documented,
                        reason: last.reason))
                continue
            }
            let documented = rng.chance(rate)
            var record = AbsenceRecord(
                date: context.schoolDays[index], quarters: 0, documented: documented)
            if mark == 2 {
                record.quarters = pendingChunks[chunk]
                chunk += 1
                if rng.chance(0.3) {
                    record.reason = NesProfile.hourReasons[rng.below(NesProfile.hourReasons.count)]
                }
            } else if documented, rng.chance(0.35) {
                record.reason =
                    NesProfile.documentedDayReasons[
                        rng.below(NesProfile.documentedDayReasons.count)]
            } else if !documented, rng.chance(0.12) {
                record.reason =
                    NesProfile.undocumentedDayReasons[
                        rng.below(NesProfile.undocumentedDayReasons.count)]
            }
            records.append(record)
        }
    }

    /// Moves one record to make `problem`; false when the student lacks the records for it.
    private mutating func plant(
        _ problem: PlantedProblem, context: YearContext, rng: inout SplitMix64
    ) -> Bool {
        let dayIndices = records.indices.filter { records[$0].quarters == 0 }
        guard let dayIndex = dayIndices.isEmpty ? nil : dayIndices[rng.below(dayIndices.count)]
        else { return false }
        let date = records[dayIndex].date
        switch problem {
        case .saturday:
            let after = date.adding(days: 5 - date.weekday)
            records[dayIndex].date =
                after <= context.asOf ? after : date.adding(days: -(date.weekday + 2))
        case .holiday:
            records[dayIndex].date =
                context.holidayWeekdays[rng.below(context.holidayWeekdays.count)]
        case .dayAndHours:
            guard let hoursIndex = records.indices.first(where: { records[$0].quarters > 0 }) else {
                return false
            }
            records[hoursIndex].date = date
        }
        return true
    }
}
