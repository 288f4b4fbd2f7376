import Testing
@testable import TidligCore

/// The Kaplan-Meier time to involvement on `Fixtures/km.json`, worked out by hand.
///
/// Threshold 2 days (the crossing is the 2nd whole-day record), as of 2024-11-01, PPT only.
///
///   student  crossing    ppt involved  time (calendar days)
///   F        2024-08-27  2024-08-23    -4  involved before the crossing
///   A        2024-09-03  2024-09-13    10
///   B        2024-09-03  2024-10-03    30
///   C        2024-10-01  -             31  censored (Oct 1 -> Nov 1)
///   D        2024-10-08  2024-10-28    20
///   E        2024-10-15  -             17  censored (Oct 15 -> Nov 1)
///   G        one day only: never crossed, not in the estimate
///
/// The curve, S(t) = product of (1 - d/n) over event times up to t:
///   t = -4   n = 6  d = 1   S = 5/6                 = 0.8333
///   t = 10   n = 5  d = 1   S = 5/6 × 4/5 = 4/6     = 0.6667
///            (E censored at 17 leaves the risk set)
///   t = 20   n = 3  d = 1   S = 4/6 × 2/3 = 8/18    = 0.4444
///   t = 30   n = 2  d = 1   S = 8/18 × 1/2 = 4/18   = 0.2222
///            (C censored at 31: the end of the follow-up)
/// Median: first t with S <= 0.5 is 20; p75: S <= 0.25 first at 30; p90 (S <= 0.10): not
/// reached. Share involved within 30 days: 1 - 4/18 = 77.8 %; within 15: 1 - 4/6 = 33.3 %;
/// within 60 and 90: past the follow-up (31) with some still waiting, so not known.
/// The plain figures over the 4 involved (-4, 10, 20, 30): median (10 + 20) / 2 = 15, p75 at
/// rank 3 = 20, p90 at rank 4 = 30; the waiting (17, 31): median 24.
@Suite struct KaplanMeierTests {
    let data: DataSet

    init() throws { data = try DataSetLoader.load(path: TestPaths.fixtures + "/km.json") }

    func summary() throws -> DelaySummary {
        let rows = (0..<Int32(data.studentCount)).map { $0 }
        let all = try data.delays(rows: rows, services: [0], threshold: 2, asOf: data.asOf)
        return try #require(all.first)
    }

    @Test func delaysAndCensoredTimesFromTheFixture() throws {
        let s = try summary()
        #expect(s.crossed == 6)
        #expect(s.calendarDelays == [-4, 10, 20, 30])
        #expect(s.waiting == [17, 31])
    }

    @Test func curveStepByStep() throws {
        let km = try summary().kaplanMeier
        #expect(km.count == 6)
        #expect(km.horizon == 31)
        #expect(km.steps.map(\.time) == [-4, 10, 20, 30])
        #expect(km.steps.map(\.atRisk) == [6, 5, 3, 2])
        #expect(km.steps.map(\.events) == [1, 1, 1, 1])
        let expected = [5.0 / 6, 4.0 / 6, 8.0 / 18, 4.0 / 18]
        for (step, s) in zip(km.steps, expected) { #expect(abs(step.survival - s) < 1e-12) }
    }

    @Test func quantilesAndShares() throws {
        let km = try summary().kaplanMeier
        #expect(km.percentile(50) == 20)
        #expect(km.percentile(75) == 30)
        #expect(km.percentile(90) == nil)
        #expect(abs(try #require(km.involved(within: 30)) - 14.0 / 18) < 1e-12)
        #expect(abs(try #require(km.involved(within: 15)) - 2.0 / 6) < 1e-12)
        #expect(abs(try #require(km.involved(within: -5))) < 1e-12)
        #expect(km.involved(within: 60) == nil)
        #expect(km.involved(within: 90) == nil)
    }

    @Test func tiesAndCensoringAtAnEventTime() {
        // Times 5, 5, 8 involved; 5 and 9 censored. At 5: n = 5 (the one censored at 5 is
        // still at risk), d = 2, S = 3/5; at 8: n = 2 (8 and the censored 9), d = 1, S = 3/10.
        let km = KaplanMeier(events: [8, 5, 5], censored: [9, 5])
        #expect(km.steps.map(\.atRisk) == [5, 2])
        #expect(abs(km.steps[0].survival - 0.6) < 1e-12)
        #expect(abs(km.steps[1].survival - 0.3) < 1e-12)
        #expect(km.percentile(50) == 8)
        #expect(km.involved(within: 9).map { abs($0 - 0.7) < 1e-12 } == true)
        #expect(km.involved(within: 10) == nil)
    }

    @Test func everyoneInvolvedReachesZeroAndStaysKnown() {
        let km = KaplanMeier(events: [3, 1], censored: [])
        #expect(km.percentile(90) == 3)
        #expect(km.involved(within: 100) == 1)
        #expect(KaplanMeier(events: [], censored: []).percentile(50) == nil)
        #expect(KaplanMeier(events: [], censored: [4]).involved(within: 2) == 0)
    }

    @Test func plainFiguresBesideThem() throws {
        let s = try summary()
        #expect(Statistics.median(s.calendarDelays) == 15)
        #expect(Statistics.percentile(s.calendarDelays, 75) == 20)
        #expect(Statistics.percentile(s.calendarDelays, 90) == 30)
        #expect(Statistics.median(s.waiting) == 24)
    }
}
