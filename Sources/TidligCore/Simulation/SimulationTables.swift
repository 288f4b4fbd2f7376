/// Cases arriving at and handled by a step that waits for a meeting or a visit, week by week.
struct WeeklyLoad: Sendable {
    var key: String
    /// Cases per meeting (per school when `perSchool`); nil for visits (no limit).
    var capacity: Int?
    var perSchool = false
    /// (Monday of the week, arriving, handled, waiting at the week's end)
    var weeks: [(Day, Int, Int, Int)]
}

extension Simulation {
    /// The weekly load of every step at a meeting or a visit, over all students of `data`.
    func load(data: DataSet) -> [WeeklyLoad] {
        let base = data.calendar.start.adding(days: -data.calendar.start.weekday)
        let count = max(0, base.days(to: end)) / 7 + 1
        var loads: [WeeklyLoad] = []
        for (index, step) in policy.steps.enumerated() {
            var load: WeeklyLoad
            switch step.timing {
            case .meeting(_, let capacity, let perSchool):
                load = WeeklyLoad(
                    key: step.name, capacity: capacity, perSchool: perSchool, weeks: [])
            case .visit: load = WeeklyLoad(key: step.name, capacity: nil, weeks: [])
            case .within: continue
            }
            var arriving = [Int](repeating: 0, count: count), handled = arriving
            for row in 0..<data.studentCount {
                if due[index][row] <= end {
                    arriving[max(0, base.days(to: due[index][row])) / 7] += 1
                }
                if done[index][row] <= end {
                    handled[max(0, base.days(to: done[index][row])) / 7] += 1
                }
            }
            var waiting = 0
            for w in 0..<count {
                waiting += arriving[w] - handled[w]
                if arriving[w] > 0 || handled[w] > 0 || waiting > 0 {
                    load.weeks.append((base.adding(days: 7 * w), arriving[w], handled[w], waiting))
                }
            }
            loads.append(load)
        }
        return loads
    }
}

/// The tables `simulate` and `compare` print.
enum SimulationTables {
    static func number(_ v: Int?) -> Value { v.map(Value.int) ?? .null }
    static func median(_ v: [Int]) -> Value { Statistics.median(v).map(Value.number) ?? .null }

    /// One row per step and per service: reached, timing from the crossing, absence while waiting.
    static func steps(
        _ figures: [StepFigures], label: String, crossed: Int, threshold: Int, end: Day,
        assume: EffectAssumption?
    ) -> ResultTable {
        var columns: [ResultTable.Column] = [
            .init("step"), .init("who"), .number("bti"), .number("reached"), .number("not yet"),
            .number("median sd"), .number("p75 sd"), .number("p90 sd"), .number("absence median"),
            .number("absence waiting"),
        ]
        if assume != nil { columns.append(.number("avoided (assumed)")) }
        let rows: [[Value]] = figures.map { f in
            var row: [Value] = [
                .string(f.key), .string(f.who), number(f.bti), .int(f.reached), .int(f.notYet),
                median(f.schoolDays), number(Statistics.percentile(f.schoolDays, 75)),
                number(Statistics.percentile(f.schoolDays, 90)), median(f.absence),
                .int(f.absenceWaiting),
            ]
            if let avoided = f.avoided { row.append(.number(avoided)) }
            return row
        }
        var notes = [
            "policy \(label); \(crossed) student\(crossed == 1 ? "" : "s") crossed \(threshold) days by \(end) (the yardstick, as in 'delays')",
            "sd: school days from the crossing to the step (negative: before it); absence: whole days recorded between them;",
            "absence waiting: whole days recorded after the crossing until the step or \(end), of all who crossed",
        ]
        if figures.contains(where: { $0.who.contains("*") }) {
            notes.append(
                "*: takes part for some students only (an 'if' on grade or stage in the policy)")
        }
        if let assume {
            notes.append(assume.note)
        } else {
            notes.append("timing and load only: no effect of the steps on absence is assumed")
        }
        return ResultTable(columns: columns, rows: rows, notes: notes)
    }

    /// Cases arriving, handled and waiting per week, against the capacity; a bar of the queue on a terminal.
    static func load(_ loads: [WeeklyLoad], bars: Bool) -> ResultTable {
        var columns: [ResultTable.Column] = [
            .init("step"), .init("week of"), .number("arriving"), .number("handled"),
            .number("waiting"), .init("capacity"),
        ]
        if bars { columns.append(.init("queue")) }
        let top = loads.flatMap { $0.weeks.map(\.3) }.max() ?? 0
        var rows: [[Value]] = []
        for load in loads {
            let capacity: Value =
                load.capacity.map { .string("\($0)\(load.perSchool ? " per school" : "")") }
                ?? .string("visits")
            for (monday, arriving, handled, waiting) in load.weeks {
                var row: [Value] = [
                    .string(load.key), .date(monday), .int(arriving), .int(handled), .int(waiting),
                    capacity,
                ]
                if bars {
                    row.append(
                        .string(
                            String(
                                repeating: "#", count: top > 0 ? (waiting * 30 + top - 1) / top : 0)
                        ))
                }
                rows.append(row)
            }
        }
        return ResultTable(
            columns: columns, rows: rows,
            notes: [
                "load of the steps at a meeting or a visit, all students; waiting: due but not handled at the week's end"
            ])
    }
}
