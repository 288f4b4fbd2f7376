import Testing
@testable import TidligCore

/// The `nes` preset's first three steps replayed by a separate, plain computation (date by
/// date, no simulator code), against the simulator's figures: on `Fixtures/sim.json` by hand,
/// and on the built-in sample for the README's scenario, whose figures changed when the
/// preset started at worry and gained its evaluation step.
@Suite struct PresetReplayTests {
    /// The `n`-th school day after `day`, counted date by date.
    static func schoolDay(after day: Day, _ n: Int, _ calendar: SchoolCalendar) -> Day? {
        var current = day, left = n
        while left > 0 {
            current = current.adding(days: 1)
            if current > calendar.end { return nil }
            if calendar.isSchoolDay(current) { left -= 1 }
        }
        return current
    }

    /// Whole-day records of `row` dated on or before `day`, in file order.
    static func wholeDays(_ data: DataSet, _ row: Int) -> [Day] {
        data.students.absenceRange(row).filter { data.absence.isDay($0) }.map {
            data.absence.date[$0]
        }.sorted()
    }

    /// (mapping, plan, evaluation) done dates of `nes with threshold = T`, by the preset's text.
    static func replay(_ data: DataSet, row: Int, threshold: Int, end: Day) -> [Day?] {
        let days = wholeDays(data, row).filter { $0 <= end }
        let concern = data.students.documentRange(row)
            .filter { data.documents.kind[$0] == .concern && data.documents.date[$0] <= end }
            .map { data.documents.date[$0] }.min()
        let crossing = days.count >= threshold ? days[threshold - 1] : nil
        guard let due = [concern, crossing].compactMap({ $0 }).min(),
            let mapping = schoolDay(after: due, 5, data.calendar), mapping <= end
        else { return [nil, nil, nil] }
        let later = days.filter { $0 > mapping }
        guard later.count >= 2, let plan = schoolDay(after: later[1], 10, data.calendar),
            plan <= end
        else {
            return [mapping, nil, nil]
        }
        let evaluation = schoolDay(after: plan, 20, data.calendar).flatMap { $0 <= end ? $0 : nil }
        return [mapping, plan, evaluation]
    }

    func simulate(_ data: DataSet, _ text: String, end: Day) throws -> Simulation {
        var parser = Parser(text)
        let scenario = try parser.scenario()
        let policy = try PolicyBook().policy(for: scenario, data: data)
        return try Simulation(
            try BoundPolicy(policy, scenario: scenario, data: data), data: data, end: end)
    }

    /// By hand on sim.json, threshold 3: P1 crosses Wed Sep 4 -> mapping Sep 11; P2 Sep 5 ->
    /// Sep 12; P3's concern Fri Sep 20 comes before its crossing (Sep 27) -> Sep 27; P4 neither;
    /// P5 Sep 23 -> Sep 24-27 and, after the break, Mon Oct 7. Plan: only P2 is away 2 more days
    /// after its mapping (Sep 16, 17), 10 school days on: Sep 18-27 (8), Oct 7, Tue Oct 8.
    /// Evaluation 20 school days after Oct 8: Oct 9-11, 14-18, 21-25, Oct 28 - Nov 1, Nov 4, 5.
    @Test func byHandOnTheSmallFixture() throws {
        let data = try DataSetLoader.load(path: TestPaths.fixtures + "/sim.json")
        let simulation = try simulate(data, "nes with threshold = 3", end: data.asOf)
        let expected: [String: [String?]] = [
            "P1": ["2024-09-11", nil, nil], "P2": ["2024-09-12", "2024-10-08", "2024-11-05"],
            "P3": ["2024-09-27", nil, nil], "P4": [nil, nil, nil], "P5": ["2024-10-07", nil, nil],
        ]
        for (id, dates) in expected {
            let row = try #require(data.studentIndex(id: id))
            let simulated = (0..<3).map { simulation.done[$0][row] }.map {
                $0 <= data.asOf ? $0.description : nil
            }
            #expect(simulated == dates, "\(id)")
            let replayed = PresetReplayTests.replay(data, row: row, threshold: 3, end: data.asOf)
                .map { $0?.description }
            #expect(replayed == dates, "\(id), replayed")
        }
    }

    /// The docs' scenarios on the built-in sample: the README's `simulate nes with threshold = 10
    /// and slots = 8 for students where school = "runni" as of 2024-11-29`, and LANGUAGE.md's
    /// `compare actual, nes, nes with threshold = 10 and slots = 8` over lower secondary:
    /// reached, not yet and the school-day figures of the first three steps from the plain
    /// replay, yardstick the crossing of 15 days.
    @Test(arguments: [
        ("nes with threshold = 10 and slots = 8", 10, "runni", "2024-11-29"),
        ("nes", 15, "lower-secondary", "2025-06-20"),
        ("nes with threshold = 10 and slots = 8", 10, "lower-secondary", "2025-06-20"),
    ])
    func theDocsScenariosOnTheSample(
        _ scenario: String, _ threshold: Int, _ who: String, _ date: String
    ) throws {
        let data = try Sample.load()
        let end = try #require(Day(date))
        let simulation = try simulate(data, scenario, end: end)
        let rows = (0..<Int32(data.studentCount)).filter { row in
            who == "lower-secondary"
                ? data.students.grade[Int(row)] >= 8
                : data.schools[Int(data.students.school[Int(row)])].id == who
        }
        let figures = try simulation.figures(rows: rows, data: data, threshold: 15, assume: nil)
        for step in 0..<3 {
            var reached = 0, notYet = 0
            var schoolDays: [Int] = []
            for row32 in rows {
                let row = Int(row32)
                let done = PresetReplayTests.replay(data, row: row, threshold: threshold, end: end)[
                    step]
                if done != nil { reached += 1 }
                let days = PresetReplayTests.wholeDays(data, row).filter { $0 <= end }
                guard days.count >= 15 else { continue }
                let crossing = days[14]
                guard let done else { notYet += 1; continue }
                // Signed school days from the crossing to the step, counted date by date.
                var count = 0, day = min(crossing, done)
                while day < max(crossing, done) {
                    day = day.adding(days: 1)
                    if data.calendar.isSchoolDay(day) { count += 1 }
                }
                schoolDays.append(done >= crossing ? count : -count)
            }
            schoolDays.sort()
            #expect(figures[step].reached == reached, "step \(step)")
            #expect(figures[step].notYet == notYet, "step \(step)")
            #expect(figures[step].schoolDays == schoolDays, "step \(step)")
        }
        #expect(figures.map(\.key).prefix(3) == ["mapping", "plan", "evaluation"])
    }
}
