import Testing
@testable import TidligCore

/// The simulator on `Fixtures/sim.json`, every step date worked out by hand below.
///
/// Calendar: Mon 2024-08-19 to Fri 2024-12-20, autumn break (Høstferie) Mon 09-30..Fri 10-04.
/// School days: Aug 19-23 are 1-5, Aug 26-30 6-10, Sep 2 is the 11th, Sep 3 the 12th.
/// Schools a (index 0) and b (index 1). PPT visits every 14 days, staggered i × 14 ÷ 2 days:
///   a: Aug 19, Sep 2, Sep 16, Sep 30 (break: Mon Oct 7), Oct 14, Oct 28, ...
///   b: Aug 26, Sep 9, Sep 23, Oct 7, Oct 21, Nov 4, ...
/// Students (whole days):
///   P1 (a): Sep 2, 3, 4                 crosses 3 days on Wed Sep 4
///   P2 (a): Sep 3, 4, 5, 16, 17         crosses on Thu Sep 5
///   P3 (b): Sep 25, 26, 27              crosses on Fri Sep 27, the last school day before the break;
///           a concern registered Sep 20, a cause mapping Oct 10
///   P4 (b): Sep 2, 3                    never crosses 3 days
///   P5 (a): Thu Sep 19, Fri 20, Mon 23  crosses on Mon Sep 23
@Suite struct SimulationTests {
    let data: DataSet

    init() throws {
        data = try DataSetLoader.load(path: TestPaths.fixtures + "/sim.json")
    }

    static let ladder = """
        policy t
          parameter threshold = 3
          parameter slots = 1
          step mapping when days >= threshold by school within 2 school days
          step meeting when after mapping by school, school-health bti 3 at meeting friday 09:00-11:00 capacity slots
          step ppt     when after mapping by ppt at visit
          step plan    when after mapping and still absent 2 more days by school within 1 school days
        end
        """

    /// Simulates `policy` (its text) under the scenario `scenario` (e.g. `t with slots = 2`).
    func simulate(_ policy: String = SimulationTests.ladder, _ scenario: String = "t") throws
        -> Simulation
    {
        var parser = Parser(policy)
        var book = PolicyBook()
        for p in try PolicyBook.parseFile(&parser) { try book.define(p, origin: "test", at: nil) }
        var scenarioParser = Parser(scenario)
        let parsed = try scenarioParser.scenario()
        let bound = try BoundPolicy(
            try book.policy(for: parsed, data: data), scenario: parsed, data: data)
        return try Simulation(bound, data: data, end: data.asOf)
    }

    func row(_ id: String) throws -> Int { try #require(data.studentIndex(id: id)) }

    func dates(_ simulation: Simulation, step: Int) throws -> [String] {
        try ["P1", "P2", "P3", "P4", "P5"].map { id in
            let day = simulation.done[step][try row(id)]
            return day == .never ? "-" : day.description
        }
    }

    @Test func stepsWithinSchoolDaysSkipTheHoliday() throws {
        let simulation = try simulate()
        // mapping: the 2nd school day after the crossing.
        // P1 Wed Sep 4 -> Thu 5, Fri 6. P2 Thu Sep 5 -> Fri 6, Mon 9.
        // P3 Fri Sep 27 -> the break Sep 30..Oct 4 has no school days -> Mon Oct 7, Tue Oct 8.
        // P4 never crosses: no steps. P5 Mon Sep 23 -> Tue 24, Wed 25.
        #expect(
            try dates(simulation, step: 0) == [
                "2024-09-06", "2024-09-09", "2024-10-08", "-", "2024-09-25",
            ])
        #expect(simulation.due[0][try row("P3")] == Day("2024-09-27"))
    }

    @Test func aFullFridayPushesACaseAWeek() throws {
        // Due (= mapping day), first come first served: P1 Sep 6, P2 Sep 9, P5 Sep 25, P3 Oct 8.
        // Capacity 1: P1 takes Fri Sep 13 (the first Friday after Sep 6). P2 is due Sep 9, its
        // first Friday is Sep 13 too, but it is full: Sep 20. P5 (due Wed Sep 25): Fri Sep 27.
        // P3 (due Tue Oct 8): Fri Oct 11.
        #expect(
            try dates(try simulate(), step: 1) == [
                "2024-09-13", "2024-09-20", "2024-10-11", "-", "2024-09-27",
            ])
        // Two slots: P2 fits on Sep 13 beside P1.
        #expect(
            try dates(try simulate(SimulationTests.ladder, "t with slots = 2"), step: 1)
                == ["2024-09-13", "2024-09-13", "2024-10-11", "-", "2024-09-27"])
    }

    @Test func theVisitCadenceDecidesThePPTDate() throws {
        // The first visit to the student's school after the mapping day:
        // P1 (a, Sep 6) and P2 (a, Sep 9): Mon Sep 16. P3 (b, Oct 8): Oct 21.
        // P5 (a, Sep 25): the visit due Mon Sep 30 falls in the break, so Mon Oct 7.
        #expect(
            try dates(try simulate(), step: 2) == [
                "2024-09-16", "2024-09-16", "2024-10-21", "-", "2024-10-07",
            ])
        // Weekly visits (with visits = 7): a from Aug 19 every Monday; b from Thu Aug 22
        // (7 × 1 ÷ 2 = 3 days in) every Thursday, Oct 3 in the break moving to Mon Oct 7.
        // P1 (Sep 6): Mon Sep 9. P2 (Sep 9): Mon Sep 16. P3 (Oct 8): Thu Oct 10. P5 (Sep 25): Mon Sep 30
        // is in the break: Oct 7.
        #expect(
            try dates(try simulate(SimulationTests.ladder, "t with visits = 7"), step: 2)
                == ["2024-09-09", "2024-09-16", "2024-10-10", "-", "2024-10-07"])
    }

    @Test func stillAbsentWaitsForMoreDays() throws {
        // plan: due on the 2nd whole day after the mapping day, then the next school day.
        // Only P2 has more days after its mapping (Mon Sep 9): Sep 16 and Sep 17 -> due Tue
        // Sep 17, done Wed Sep 18. The others are never due.
        let simulation = try simulate()
        #expect(try dates(simulation, step: 3) == ["-", "2024-09-18", "-", "-", "-"])
        #expect(simulation.due[3][try row("P2")] == Day("2024-09-17"))
    }

    @Test func thresholdsOfEveryKind() throws {
        let policy = """
            policy k
              step pct    when percent > 10 by school
              step run    when streak >= 3 by school
              step worry  when concern or days >= 3 by school
              step recent when recent(1 week) >= 2 and equiv >= 2 by school
              step mapped when recorded cause-mapping by school
            end
            """
        let simulation = try simulate(policy, "k")
        // percent > 10: Sep 2 is the 11th school day, 1 ÷ 11 = 9.1 %; Sep 3 (12th): 2 ÷ 12 = 16.7 %
        // for P1 and P4. P2: Sep 3 1 ÷ 12 = 8.3 %, Sep 4 (13th) 2 ÷ 13 = 15.4 %.
        // P3: Sep 25 is the 28th school day (weeks of 5 from Aug 19: Sep 23-27 are 26-30):
        // 1 ÷ 28 = 3.6 %, 2 ÷ 29 = 6.9 %, 3 ÷ 30 = 10.0 % is not above 10, and it only falls: never.
        // P5: Sep 19 is the 24th: 4.2 %, 8.0 %, 3 ÷ 26 = 11.5 % on Mon Sep 23.
        #expect(
            try dates(simulation, step: 0) == [
                "2024-09-03", "2024-09-04", "-", "2024-09-03", "2024-09-23",
            ])
        // A run of 3 consecutive school days (P5's Thu, Fri, Mon counts: the weekend is no school).
        #expect(
            try dates(simulation, step: 1) == [
                "2024-09-04", "2024-09-05", "2024-09-27", "-", "2024-09-23",
            ])
        // P3's concern (Sep 20) comes before its third day.
        #expect(
            try dates(simulation, step: 2) == [
                "2024-09-04", "2024-09-05", "2024-09-20", "-", "2024-09-23",
            ])
        // 2 whole days in the last 5 school days, on the second of them.
        #expect(
            try dates(simulation, step: 3) == [
                "2024-09-03", "2024-09-04", "2024-09-26", "2024-09-03", "2024-09-20",
            ])
        #expect(try dates(simulation, step: 4) == ["-", "-", "2024-10-10", "-", "-"])
    }

    @Test func figuresFromTheCrossing() throws {
        let simulation = try simulate()
        let rows = (0..<Int32(data.studentCount)).map { $0 }
        let figures = try simulation.figures(
            rows: rows, data: data, threshold: 3,
            assume: EffectAssumption(percent: 30))
        let meeting = figures[1]
        // School days from the crossing to the meeting: P1 Sep 4 -> Sep 13: Sep 5, 6, 9-13 = 7.
        // P2 Sep 5 -> Sep 20: Sep 6, 9-13, 16-20 = 11. P3 Sep 27 -> Oct 11: Oct 7-11 = 5.
        // P5 Sep 23 -> Sep 27: 4. Sorted 4, 5, 7, 11: median 6, p75 (rank 3) 7, p90 (rank 4) 11.
        #expect(meeting.reached == 4)
        #expect(meeting.notYet == 0)
        #expect(meeting.schoolDays == [4, 5, 7, 11])
        // Absence between the crossing and the meeting: P2 was away Sep 16 and 17: 2; others 0.
        #expect(meeting.absence == [0, 0, 0, 2])
        #expect(meeting.absenceWaiting == 2)
        // Avoided under 30 %: no whole days after any meeting: 0. After the mapping (P2, Sep 9),
        // P2's Sep 16 and 17 remain: 0.3 × 2 = 0.6.
        #expect(meeting.avoided == 0)
        #expect(abs(figures[0].avoided! - 0.6) < 1e-9)
        // The school health service has no step named after it: a row of its own, as the meeting.
        #expect(figures.map(\.key) == ["mapping", "meeting", "ppt", "plan", "school-health"])
        #expect(figures[4].schoolDays == [4, 5, 7, 11])
    }

    @Test func actualUsesTheRecordedDates() throws {
        var parser = Parser("actual")
        let scenario = try parser.scenario()
        let policy = try PolicyBook().policy(for: scenario, data: data)
        let simulation = try Simulation(
            try BoundPolicy(policy, scenario: scenario, data: data), data: data, end: data.asOf)
        // Steps: mapping, plan, meeting, then one per service; P3's cause mapping is Oct 10, P1's PPT Sep 20.
        #expect(try dates(simulation, step: 0) == ["-", "-", "2024-10-10", "-", "-"])
        #expect(try dates(simulation, step: 3) == ["2024-09-20", "-", "-", "-", "-"])
    }
}
