import Testing
@testable import TidligCore

@Suite struct DayTests {
    @Test func epochAndKnownDates() {
        #expect(Day(year: 1970, month: 1, day: 1)?.rawValue == 0)
        // 2000-03-01: 30 years (7 leap years 1972..1996, plus 2000's Jan+Feb 31+29) after the epoch.
        #expect(Day(year: 2000, month: 3, day: 1)?.rawValue == Int32(30 * 365 + 7 + 31 + 29))
        #expect(Day("2025-01-31")?.weekdayName == "Fri")
        #expect(Day("2024-08-19")?.weekdayName == "Mon")
        #expect(Day("2025-02-29") == nil)
        #expect(Day("2024-02-29") != nil)
        #expect(Day("2024-13-01") == nil)
        #expect(Day("2024-1-01") == nil)
        #expect(Day("2024-06-20")?.description == "2024-06-20")
    }

    @Test func calendarCountsWeekdaysOutsideClosures() {
        // Mon 2024-08-19 .. Fri 2024-08-30 is two weeks: 10 weekdays; close Wed 21 to Thu 22.
        let start = Day("2024-08-19")!, end = Day("2024-08-30")!
        let closure = SchoolCalendar.Closure(from: Day("2024-08-21")!, to: Day("2024-08-22")!)
        let calendar = SchoolCalendar(start: start, end: end, closures: [closure])
        #expect(calendar.schoolDaysThrough(end) == 8)
        #expect(calendar.schoolDaysThrough(Day("2024-08-23")!) == 3)
        #expect(calendar.isSchoolDay(Day("2024-08-24")!) == false)
        #expect(calendar.isSchoolDay(Day("2024-08-21")!) == false)
        #expect(calendar.schoolDays(from: Day("2024-08-01")!, through: Day("2024-12-01")!) == 8)
        #expect(calendar.schoolDay(after: Day("2024-08-20")!, count: 1) == Day("2024-08-23"))
    }
}
