import Testing
@testable import TidligCore

/// Forecasts on `Fixtures/sim.json` as of Fri 2024-09-06, the 15th school day (Aug 19-23,
/// Aug 26-30, Sep 2-6), so the rate window is those 15 school days, not 20.
@Suite struct ForecastTests {
    let data: DataSet
    let day = Day("2024-09-06")!

    init() throws { data = try DataSetLoader.load(path: TestPaths.fixtures + "/sim.json") }

    func row(_ id: String) throws -> Int { try #require(data.studentIndex(id: id)) }

    @Test func projectionsFromTheRecentRate() throws {
        // P1: 3 days (Sep 2-4), all in the window: needs 2 more for 5, k = ⌈2 × 15 ÷ 3⌉ = 10:
        // the 10th school day after Sep 6 is Fri Sep 20.
        let p1 = data.projection(row: try row("P1"), threshold: 5, asOf: day)
        #expect(
            (p1.days, p1.recent, p1.window, p1.schoolDays, p1.date) == (
                3, 3, 15, 10, Day("2024-09-20")
            ))
        // P4: 2 days, needs 3, k = ⌈3 × 15 ÷ 2⌉ = ⌈22.5⌉ = 23: Sep 9-27 are 15, the break has
        // none, Oct 7-11 are 16-20, so Wed Oct 16.
        let p4 = data.projection(row: try row("P4"), threshold: 5, asOf: day)
        #expect((p4.schoolDays, p4.date) == (23, Day("2024-10-16")))
        // P5 has no days yet: no rate, no date. P1 already has 3: projected(3) is its crossing.
        #expect(data.projection(row: try row("P5"), threshold: 5, asOf: day).date == nil)
        #expect(
            data.projection(row: try row("P1"), threshold: 3, asOf: day).date == Day("2024-09-04"))
        // P4 for 3 days: needs 1, k = ⌈15 ÷ 2⌉ = 8: Sep 9-13, 16, 17, 18.
        #expect(
            data.projection(row: try row("P4"), threshold: 3, asOf: day).date == Day("2024-09-18"))
    }

    @Test func onTrackWithinAHorizon() throws {
        // 4 weeks = 20 school days: P1 (10) yes, P4 (23) no; 5 weeks = 25: P4 yes.
        #expect(data.onTrack(row: try row("P1"), threshold: 5, horizon: .weeks(4), asOf: day))
        #expect(!data.onTrack(row: try row("P4"), threshold: 5, horizon: .weeks(4), asOf: day))
        #expect(data.onTrack(row: try row("P4"), threshold: 5, horizon: .weeks(5), asOf: day))
        #expect(
            !data.onTrack(
                row: try row("P1"), threshold: 5, horizon: .date(Day("2024-09-19")!), asOf: day))
        #expect(
            data.onTrack(
                row: try row("P1"), threshold: 5, horizon: .date(Day("2024-09-20")!), asOf: day))
        // Already at the threshold: not "on track", it is there.
        #expect(!data.onTrack(row: try row("P1"), threshold: 3, horizon: .weeks(4), asOf: day))
    }
}
