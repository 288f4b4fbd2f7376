import Foundation
import Testing

@testable import TidligCore

/// Tests/Fixtures/two-years.json (tidlig/2), every figure worked out by hand below.
///
/// 2023/2024 runs Mon 2023-08-21 to Fri 2024-06-21: 306 days, 43 weeks and 5 days, so 220
/// weekdays; Høstferie 2023-10-02..06 (5 weekdays) and Juleferie 2023-12-22..2024-01-01 (Fri 22,
/// Mon 25 to Fri 29, Mon 1: 7 weekdays) leave 208 school days; Runni's planning day 2023-11-17
/// leaves Runni 207. 2024/2025 runs Mon 2024-08-19 to Fri 2025-06-20: 306 days, 220 weekdays,
/// minus Høstferie 2024-09-30..10-04 and Vinterferie 2025-02-24..28: 210 school days.
@Suite struct SchoolYearsTests {
    static let data: DataSet = try! DataSetLoader.load(path: TestPaths.fixtures + "/two-years.json")

    func context(_ date: String) -> EvaluationContext {
        let day = Day(date)!
        return EvaluationContext(
            data: Self.data, asOf: day, threshold: 15,
            totals: AbsenceTotals(data: Self.data.view(asOf: day), asOf: day), named: [:])
    }

    func row(_ id: String) -> Int { Self.data.studentIndex(id: id)! }

    @Test func schoolDaysPerYearAndSchool() {
        let years = Self.data.schoolYears
        #expect(years.map(\.label) == ["2023/2024", "2024/2025"])
        #expect(years[0].calendar.schoolDaysThrough(years[0].calendar.end) == 208)
        let runni = Self.data.schoolIndex(id: "runni")!
        #expect(years[0].calendar(school: runni).schoolDaysThrough(years[0].calendar.end) == 207)
        #expect(years[1].calendar.schoolDaysThrough(years[1].calendar.end) == 210)
        #expect(years[1].calendar(school: runni).schoolDaysThrough(years[1].calendar.end) == 210)
    }

    @Test func theYearInForceIsTheOneHoldingTheDate() {
        #expect(Self.data.yearIndex(inForceOn: Day("2024-06-20")!) == 0)
        // the summer: the year just ended
        #expect(Self.data.yearIndex(inForceOn: Day("2024-07-15")!) == 0)
        #expect(Self.data.yearIndex(inForceOn: Day("2024-08-19")!) == 1)
        #expect(Self.data.year == 1)  // as loaded: the year of asOf 2025-06-20
        #expect(Self.data.calendar.start == Day("2024-08-19"))
    }

    /// P6: Runni 2023-08-21 to 2024-01-31 (Mon to Wed: 164 days, 23 weeks and 3 days, 118
    /// weekdays, minus 5 autumn, 7 Christmas, 1 planning day: 105), then Vormsund from
    /// 2024-02-05 to 2024-06-20 (Mon to Thu: 137 days, 19 weeks and 4 days: 99): 204 school days.
    /// 12 days and 6 hours: 13 day equivalents, 6.37 %.
    @Test func percentUsesTheSchoolDaysEnrolled() {
        let c = context("2024-06-20")
        let p6 = row("P6")
        #expect(c.schoolDays(p6) == 204)
        #expect(c.totals.days[p6] == 12)
        #expect(abs(c.percent(p6) - 100.0 * 13 / 204) < 1e-9)
        // P4 arrives 2025-01-06 (Mon) to 2025-06-20: 166 days, 23 weeks and 5 days, 120
        // weekdays, minus the winter holiday: 115; 5 days and 1 hour.
        let late = context("2025-06-20")
        let p4 = row("P4")
        #expect(late.schoolDays(p4) == 115)
        #expect(abs(late.percent(p4) - 100.0 * (5 + 1.0 / 6) / 115) < 1e-9)
        // P1 moved Runni -> Vormsund over a weekend: every one of the 210 school days.
        #expect(late.schoolDays(row("P1")) == 210)
    }

    @Test func schoolAndGradeAreTheEnrolmentInForce() {
        let view = Self.data.view(asOf: Day("2024-01-15")!)
        func school(_ id: String) -> String { view.schools[Int(view.students.school[row(id)])].id }
        #expect(school("P6") == "runni")
        #expect(school("P1") == "auli")
        #expect(view.students.grade[row("P1")] == 7)
        let spring = Self.data.view(asOf: Day("2024-03-01")!)
        #expect(spring.schools[Int(spring.students.school[row("P6")])].id == "vormsund")
        let next = Self.data.view(asOf: Day("2024-12-02")!)
        #expect(next.schools[Int(next.students.school[row("P1")])].id == "runni")
        #expect(next.students.grade[row("P1")] == 8)
        #expect(next.students.stage(row("P1")) == .lowerSecondary)
        #expect(Self.data.schools[Int(Self.data.students.school[row("P1")])].id == "vormsund")
    }

    /// 2023/2024: P1, P2, P3, P5, P6. 2024/2025: P1, P2, P3, P6, and P4 once arrived (2025-01-06).
    @Test func theStudentsOfAYearAreThoseEnrolledInIt() {
        func ids(_ date: String) -> [String] {
            Self.data.view(asOf: Day(date)!).memberRows().map { Self.data.students.ids[Int($0)] }
        }
        #expect(ids("2024-06-20") == ["P1", "P2", "P3", "P5", "P6"])
        #expect(ids("2024-12-02") == ["P1", "P2", "P3", "P6"])
        #expect(ids("2025-06-20") == ["P1", "P2", "P3", "P4", "P6"])
    }

    /// A threshold counts within a school year: P1 had 16 days in 2023/2024 and 15 in
    /// 2024/2025 (the record of 2024-07-01 is in no year); P2 25 and 3; P6 12 and 16.
    @Test func daysCountWithinTheYear() {
        let first = context("2024-06-20"), second = context("2025-06-20")
        #expect([first.totals.days[row("P1")], second.totals.days[row("P1")]] == [16, 15])
        #expect([first.totals.days[row("P2")], second.totals.days[row("P2")]] == [25, 3])
        #expect([first.totals.days[row("P6")], second.totals.days[row("P6")]] == [12, 16])
        #expect(
            Self.data.crossingDate(row: row("P1"), days: 15, asOf: Self.data.asOf)
                == Day("2025-03-07"))
        #expect(
            Self.data.firstCrossing(row: row("P1"), days: 15, asOf: Self.data.asOf)
                == Day("2023-11-10"))
    }

    @Test func yearsOverAndMoved() {
        let asOf = Self.data.asOf
        let over = ["P1", "P2", "P3", "P4", "P5", "P6"].map {
            Self.data.yearsOver(row: row($0), days: 15, asOf: asOf)
        }
        #expect(over == [2, 1, 0, 0, 0, 1])
        #expect(Self.data.yearsOver(row: row("P1"), days: 15, asOf: Day("2024-06-20")!) == 1)
        let moved = ["P1", "P2", "P3", "P4", "P5", "P6"].filter {
            Self.data.moved(row: row($0), asOf: asOf)
        }
        #expect(moved == ["P1", "P6"])
        #expect(!Self.data.moved(row: row("P1"), asOf: Day("2024-06-20")!))  // auli only, so far
        #expect(Self.data.moved(row: row("P6"), asOf: Day("2024-03-01")!))  // within 2023/2024
    }

    /// P1 crossed 15 days on 2023-11-10 (the 15th of 23 Oct to 10 Nov); the mental health
    /// service came on 2025-05-12: 366 days to 2024-11-10 (February 2024 has 29), 181 to
    /// 2025-05-10, 2 more: 549 days. In school days: 2023/2024 after 2023-11-10 (55 through it:
    /// 82 days from 21 Aug, 11 weeks and 5 days, 60 weekdays, minus the autumn holiday) is
    /// 208 - 55 = 153; 2024/2025 through 2025-05-12 (267 days, 38 weeks and 1 day: 191 weekdays,
    /// minus 10 holiday days) is 181: 334. P6 crossed on 2024-11-22, the service came on 11-20:
    /// -2 days, -2 school days. P2 crossed on 2024-01-26 and waits: 366 + 145 = 511 days.
    @Test func delayIsMeasuredFromTheFirstCrossingInAnyYear() throws {
        let c = context("2025-06-20")
        let service = try #require(Self.data.serviceIndex(id: "mental-health-family"))
        let summary = try Self.data.delays(
            rows: c.data.memberRows(), services: [service], threshold: 15,
            asOf: c.asOf, days: c.totals.days)[0]
        #expect(summary.crossed == 3)
        #expect(summary.calendarDelays == [-2, 549])
        #expect(summary.schoolDayDelays == [-2, 334])
        #expect(summary.waiting == [511])
        #expect(summary.familyInitiated == 1)
    }

    /// Table 1 of 2023/2024 as of 2024-06-20: Auli P1 (16 days, 2 hours) and P3 (4, 3); Runni P2
    /// (25 days, 2 hours on the planning day: 25.33 / 206 = 12.3 %) and P5 (8, 4); Vormsund P6 (12, 6).
    @Test func tableOneOfTheEarlierYear() throws {
        let sink = CapturingSink()
        let session = Session(data: Self.data, output: sink)
        session.settings.format = .csv
        session.settings.totals = true
        #expect(session.runScript("schools as of 2024-06-20", name: nil) == 0)
        let lines = sink.text.split(separator: "\n").map(String.init)
        #expect(lines.contains("auli,Auli barneskole,2,10.0,2.5,1,0"))
        #expect(lines.contains("runni,Runni ungdomsskole,2,16.5,3.0,1,1"))
        #expect(lines.contains("vormsund,Vormsund ungdomsskole,1,12.0,6.0,0,0"))
        #expect(lines.contains(",Total,5,13.0,3.4,2,1"))
        let context = try session.context(asOf: (Day("2024-06-20")!, SourceSpan(start: 0, end: 0)))
        let p2 = row("P2")
        #expect(context.schoolDays(p2) == 206)
        let expected = 100 * (25 + 2.0 / 6) / 206
        #expect(abs(context.percent(p2) - expected) < 1e-9)
    }

    @Test func problemsOfSeveralYears() {
        #expect(
            Self.data.problems.map { "\($0.kind.rawValue) \($0.studentID) \($0.path)" } == [
                // 2024-07-01: the summer, in no year
                "non-school-day-record P1 $.students[0].absence[17]",
                "non-school-day-record P2 $.students[1].absence[0]",  // Runni's own planning day
                "non-school-day-record P4 $.students[3].absence[0]",  // before P4 was enrolled
            ])
    }

    @Test func aTidlig1FileIsOneYearWithWholeYearEnrolments() throws {
        let data = try DataSetLoader.load(path: TestPaths.fixtures + "/hand.json")
        #expect(!data.isMultiYear)
        #expect(data.schoolYears.count == 1)
        #expect(data.members == nil)
        #expect(data.yearsOver(row: data.studentIndex(id: "B2")!, days: 15, asOf: data.asOf) == 1)
        #expect(!data.moved(row: data.studentIndex(id: "B2")!, asOf: data.asOf))
        #expect(data.view(asOf: Day("2024-09-01")!).students.enrolledSchoolDays.isEmpty)
    }
}
