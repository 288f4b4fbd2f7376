import Testing
@testable import TidligCore

/// DOMAIN.md's arithmetic on `Fixtures/hand.json`, every figure worked out by hand below.
///
/// Calendar: Mon 2024-08-19 to Fri 2024-10-25, autumn break (Høstferie) 2024-09-30..10-04.
/// School days: 6 full weeks Aug 19 - Sep 27 = 30, break, Oct 7-11 and 14-18 = 10 more:
/// 40 school days through asOf 2024-10-18; 20 through Fri 2024-09-13; 45 in the year.
@Suite struct DomainArithmeticTests {
    let data: DataSet
    let totals: AbsenceTotals

    init() throws {
        data = try DataSetLoader.load(path: TestPaths.fixtures + "/hand.json")
        totals = AbsenceTotals(data: data, asOf: data.asOf)
    }

    func row(_ id: String) throws -> Int { try #require(data.studentIndex(id: id)) }

    @Test func schoolDays() {
        #expect(data.calendar.schoolDaysThrough(Day("2024-10-18")!) == 40)
        #expect(data.calendar.schoolDaysThrough(Day("2024-09-13")!) == 20)
        #expect(data.calendar.schoolDaysThrough(Day("2024-10-25")!) == 45)
        #expect(data.calendar.isSchoolDay(Day("2024-10-02")!) == false)  // Høstferie
    }

    @Test func daysHoursEquivalentsPercent() throws {
        // A1: day records Aug 20 (documented), Aug 21, Sep 2 (documented); 3 hours on Sep 10.
        let a = try row("A1")
        #expect(totals.days[a] == 3)
        #expect(totals.documentedDays[a] == 2)
        #expect(totals.hours[a] == 3)
        #expect(data.equivalents(days: 3, hours: 3) == 3.5)  // 3 + 3/6
        #expect(data.percent(days: 3, hours: 3, asOf: data.asOf) == 8.75)  // 100 × 3.5 / 40
        // B2: 16 day records (Sep 2-6, 9-13, 16-18, Oct 7, 8, 14), 2.5 hours on Oct 15.
        let b = try row("B2")
        #expect(totals.days[b] == 16)
        #expect(totals.hours[b] == 2.5)
        let percentB = try #require(data.percent(days: 16, hours: 2.5, asOf: data.asOf))
        #expect(abs(percentB - 100 * (16 + 2.5 / 6) / 40) < 1e-12)
        // C3: records are counted as they are, problems or not: Sat Sep 28, Oct 2 (break) and
        // Oct 10 count; Oct 21 is after asOf. Hours 2 + 4 + 3 = 9, so 3 + 9/6 = 4.5 equivalents.
        let c = try row("C3")
        #expect(totals.days[c] == 3)
        #expect(totals.hours[c] == 9)
        #expect(data.percent(days: 3, hours: 9, asOf: data.asOf) == 11.25)
        #expect(totals.days[try row("D4")] == 0)
    }

    @Test func crossingDatesRunsAndRecentWeeks() throws {
        let b = try row("B2")
        // The 15th whole day of B2 in date order is Oct 8, the 10th is Sep 13.
        #expect(data.crossingDate(row: b, days: 15, asOf: data.asOf) == Day("2024-10-08"))
        #expect(data.crossingDate(row: b, days: 10, asOf: data.asOf) == Day("2024-09-13"))
        #expect(data.crossingDate(row: b, days: 15, asOf: Day("2024-10-07")!) == nil)
        #expect(data.crossingDate(row: b, days: 17, asOf: data.asOf) == nil)
        // Sep 2 .. Sep 18 are 13 school days in a row (weekends skipped); Oct 7-8 is a run of 2.
        #expect(data.longestRun(row: b, asOf: data.asOf) == 13)
        #expect(data.longestRun(row: b, asOf: Day("2024-09-10")!) == 7)
        // Last 4 school weeks = the last 20 school days: from Sep 16 (school day 21) to Oct 18:
        // Sep 16, 17, 18, Oct 7, 8, 14. Last 2 weeks = from Oct 7: Oct 7, 8, 14.
        #expect(data.recentDays(row: b, weeks: 4, asOf: data.asOf) == 6)
        #expect(data.recentDays(row: b, weeks: 2, asOf: data.asOf) == 3)
        // As of Sep 13 (20 school days), A1 has 3 days + 3 hours = 3.5 equivalents: 17.5 %.
        let early = AbsenceTotals(data: data, asOf: Day("2024-09-13")!)
        let a = try row("A1")
        #expect(
            data.percent(days: early.days[a], hours: early.hours[a], asOf: Day("2024-09-13")!)
                == 17.5)
        #expect(early.days[b] == 10)
    }

    @Test func involvementDelays() throws {
        let b = try row("B2")
        let ppt = try #require(data.serviceIndex(id: "ppt"))
        let health = try #require(data.serviceIndex(id: "health"))
        // B2 crosses 15 on Tue Oct 8. PPT came Mon Oct 14: 6 calendar days; school days in
        // (Oct 8, Oct 14] are Oct 9, 10, 11, 14 = 4. Health came Sep 25, before the crossing:
        // -13 calendar days; school days in (Sep 25, Oct 8] are Sep 26, 27, Oct 7, 8 = 4, so -4.
        #expect(data.involvementDate(row: b, service: ppt, asOf: data.asOf) == Day("2024-10-14"))
        let summaries = try data.delays(
            rows: (0..<Int32(data.studentCount)).map { $0 }, services: [ppt, health],
            threshold: 15, asOf: data.asOf)
        #expect(summaries[0].crossed == 1)
        #expect(summaries[0].calendarDelays == [6])
        #expect(summaries[0].schoolDayDelays == [4])
        #expect(summaries[1].calendarDelays == [-13])
        #expect(summaries[1].schoolDayDelays == [-4])
        // As of Oct 11 PPT has not come yet: censored, waiting Oct 8 -> Oct 11 = 3 days.
        let earlier = try data.delays(
            rows: [Int32(b)], services: [ppt], threshold: 15, asOf: Day("2024-10-11")!)
        #expect(earlier[0].involved == 0)
        #expect(earlier[0].waiting == [3])
    }

    @Test func statistics() {
        #expect(Statistics.median([1, 2, 3, 4]) == 2.5)
        #expect(Statistics.median([5]) == 5)
        #expect(Statistics.percentile([1, 2, 3, 4], 75) == 3)  // rank ⌈3⌉
        #expect(Statistics.percentile(Array(1...10), 90) == 9)
        #expect(Statistics.percentile([7], 90) == 7)
    }
}
