import Foundation
import Testing

@testable import TidligCore

/// `YearDayCounts`, the whole days per child and school year counted once, against a direct
/// count written here from DOMAIN.md (a threshold counts within a school year: the whole-day
/// records dated from the year's start to its end, on or before the date in force), on
/// generated data of three years with records added where the counts could go wrong.
@Suite struct YearDayCountsTests {
    /// 400 children over 3 years; every 3rd child gets a whole day in the summer between the
    /// first two years (in no school year), every 5th one before the first year, every 4th
    /// 20 whole days on the school days from the first year's 1 June (so that a year can be
    /// crossed late, and a year in force counted part way).
    static let data: DataSet = {
        var bytes: [UInt8] = []
        MultiYearGenerator(students: 400, years: 3, seed: 11).write { bytes.append(contentsOf: $0) }
        let loaded = try! DataSetLoader.load(bytes: bytes, source: "<generated>")
        return withExtraRecords(loaded)
    }()

    static func withExtraRecords(_ data: DataSet) -> DataSet {
        let first = data.schoolYears[0].calendar, second = data.schoolYears[1].calendar
        let summer = first.end.adding(days: 10), before = first.start.adding(days: -3)
        #expect(summer < second.start)
        var june: [Day] = []
        var day = Day(rawValue: first.end.rawValue - 30)
        while june.count < 20, day <= first.end {
            if first.isSchoolDay(day) { june.append(day) }
            day = day.adding(days: 1)
        }
        var absence = AbsenceColumns()
        var starts: [Int32] = [0]
        for row in 0..<data.studentCount {
            var records = data.students.allAbsenceRange(row).map {
                (data.absence.date[$0], data.absence.hours[$0], data.absence.flags[$0])
            }
            if row % 3 == 0 { records.append((summer, 0, AbsenceFlags.day)) }
            if row % 5 == 0 { records.append((before, 0, AbsenceFlags.day)) }
            if row % 4 == 0 {
                let taken = Set(records.map(\.0))
                records += june.filter { !taken.contains($0) }.map { ($0, 0, AbsenceFlags.day) }
            }
            records.sort { $0.0 < $1.0 }
            for (date, hours, flags) in records {
                absence.date.append(date)
                absence.hours.append(hours)
                absence.flags.append(flags)
            }
            starts.append(Int32(absence.date.count))
        }
        var copy = data
        copy.students.absenceStart = starts
        copy.students.absenceLower = []
        copy.students.absenceUpper = []
        copy.absence = absence
        return copy.view(asOf: data.asOf)
    }

    /// Whole days of `row` in school year `k`, on or before `asOf`, by filtering every record.
    static func direct(_ data: DataSet, row: Int, year k: Int, asOf: Day) -> [Day] {
        let calendar = data.schoolYears[k].calendar
        return data.students.allAbsenceRange(row).filter { i in
            data.absence.isDay(i) && data.absence.date[i] >= calendar.start
                && data.absence.date[i] <= min(calendar.end, asOf)
        }.map { data.absence.date[$0] }
    }

    static func directYearsOver(_ data: DataSet, row: Int, days n: Int, asOf: Day) -> Int {
        data.schoolYears.indices.filter { direct(data, row: row, year: $0, asOf: asOf).count >= n }
            .count
    }

    static func directFirstCrossing(_ data: DataSet, row: Int, days n: Int, asOf: Day) -> Day? {
        for k in data.schoolYears.indices {
            let days = direct(data, row: row, year: k, asOf: asOf)
            if days.count >= n { return days[n - 1] }
        }
        return nil
    }

    /// Dates that matter: each year's start, a day inside it, its last day, a summer day after
    /// it, and the export date.
    static var dates: [Day] {
        data.schoolYears.flatMap { year in
            [
                year.calendar.start, year.calendar.start.adding(days: 40),
                year.calendar.end.adding(days: -5),
                year.calendar.end, year.calendar.end.adding(days: 12),
            ]
        } + [data.asOf]
    }

    @Test func cachedCountsEqualTheDirectCount() {
        let data = Self.data
        var seen = (twoYears: 0, crossings: 0, late: 0)
        for asOf in Self.dates {
            for row in 0..<data.studentCount {
                let years = data.schoolYears.indices.map {
                    Self.direct(data, row: row, year: $0, asOf: asOf)
                }
                for n in [1, 3, 10, 15, 20, 40] {
                    let over = data.yearsOver(row: row, days: n, asOf: asOf)
                    let expected = years.filter { $0.count >= n }.count
                    #expect(over == expected, "row \(row), \(n) days, as of \(asOf)")
                    let crossing = data.firstCrossing(row: row, days: n, asOf: asOf)
                    let direct = years.first { $0.count >= n }.map { $0[n - 1] }
                    #expect(crossing == direct, "row \(row), \(n) days, as of \(asOf)")
                    if over != expected || crossing != direct { return }
                    if over >= 2 { seen.twoYears += 1 }
                    if crossing != nil { seen.crossings += 1 }
                    if let crossing, crossing >= data.schoolYears[0].calendar.end.adding(days: -30)
                    {
                        seen.late += 1
                    }
                }
            }
        }
        // The comparison is not an empty one: children over in two years, crossings, late ones.
        #expect(seen.twoYears > 100)
        #expect(seen.crossings > 1000)
        #expect(seen.late > 100)
    }

    @Test func theFieldsAndTheDelaysReadTheSameCounts() throws {
        let sink = CapturingSink()
        let session = Session(data: Self.data, output: sink)
        session.settings.format = .csv
        let asOf = Self.data.asOf
        let expected = (0..<Self.data.studentCount).filter {
            Self.data.isMember($0)
                && Self.directYearsOver(Self.data, row: $0, days: 15, asOf: asOf) >= 2
        }.count
        #expect(expected > 0)
        #expect(session.runScript("count students where years_over(15) >= 2", name: nil) == 0)
        #expect(sink.text.split(separator: "\n").contains("\(expected)"), "\(sink.text)")
        // The delays' crossings are the direct first crossings of the members.
        let data = Self.data
        let totals = AbsenceTotals(data: data, asOf: asOf)
        let summary = try data.delays(
            rows: data.memberRows(), services: [0], threshold: 15, asOf: asOf,
            days: totals.days)[0]
        let crossed = data.memberRows().filter {
            Self.directFirstCrossing(data, row: Int($0), days: 15, asOf: asOf) != nil
        }
        #expect(summary.crossed == crossed.count)
        #expect(summary.crossed > 0)
    }

    /// The counting sort of the delay tables gives what a comparison sort gives: negative
    /// delays, ties, a wide range (sorted by comparison), a short list.
    @Test func sortingDaysByCountingEqualsSorting() {
        var generator = SplitMix64(seed: 3)
        for (count, range) in [(10, 50), (5000, 400), (5000, 1_000_000), (70, 3)] {
            let values = (0..<count).map { _ in Int(generator.next() % UInt64(range)) - range / 3 }
            var counted = values
            Statistics.sortDays(&counted)
            #expect(counted == values.sorted(), "\(count) values in \(range)")
        }
        var extremes = [Int.max, Int.min] + Array(repeating: 0, count: 100)
        Statistics.sortDays(&extremes)
        #expect(extremes.first == .min && extremes.last == .max)
    }

    @Test func changedRecordsAreCountedAgain() {
        var data = Self.data
        let before = data.yearDayCounts.days
        // One more whole day for the first child in the first year: a new array of records.
        let row = 1, first = data.schoolYears[0].calendar
        var day = first.start
        let taken = Set(data.students.allAbsenceRange(row).map { data.absence.date[$0] })
        while !first.isSchoolDay(day) || taken.contains(day) { day = day.adding(days: 1) }
        var absence = AbsenceColumns()
        var starts: [Int32] = [0]
        for r in 0..<data.studentCount {
            var records = data.students.allAbsenceRange(r).map {
                (data.absence.date[$0], data.absence.flags[$0])
            }
            if r == row { records.append((day, AbsenceFlags.day)) }
            records.sort { $0.0 < $1.0 }
            for (date, flags) in records {
                absence.date.append(date)
                absence.hours.append(0)
                absence.flags.append(flags)
            }
            starts.append(Int32(absence.date.count))
        }
        data.students.absenceStart = starts
        data.absence = absence
        let after = data.yearDayCounts.days
        #expect(after[row * 3] == before[row * 3] + 1)
        #expect(after[row * 3 + 1] == before[row * 3 + 1])
    }
}

/// The school days of a delay on the calendar of the school the child was enrolled at each day:
/// Runni's planning days (2023-11-17, 2024-08-30, both Fridays) are no school days for a child
/// enrolled there, and still are elsewhere. Threshold 3; every child has whole days on Mon
/// 2023-11-06, Tue 07 and Wed 08 (crossing 11-08) and PPT on Mon 11-20, 12 days later, except X1.
///   (11-08, 11-20] on the common calendar: Thu 9, Fri 10, Mon 13 .. Fri 17, Mon 20 = 8.
///   A1 at Auli: 8. R1 at Runni: 17 is closed: 7.
///   M1 Runni to Tue 11-14 (9, 10, 13, 14 = 4), Auli from 11-15 (15, 16, 17, 20 = 4): 8.
///   M2 Auli to 11-14 (4), Runni from 11-15 (15, 16, 20 = 3): 7.
///   X1 at Runni, whole days Thu 2024-06-13, Fri 14, Mon 17 (crossing 06-17), PPT Mon 2024-09-02:
///     2023/2024 Tue 18 .. Fri 21 = 4; 2024/2025 Mon 08-19 .. Fri 23 = 5, Mon 26 .. Thu 29 = 4
///     (Fri 30 closed at Runni), Mon 09-02 = 1: 14. Calendar days: 13 + 31 + 31 + 2 = 77.
@Suite struct DelaySchoolDaysTests {
    static func student(_ id: String, _ enrolments: String, days: [String], ppt: String) -> String {
        """
        {"id": "\(id)", "enrolments": [\(enrolments)],
         "absence": [\(days.map { "{\"date\": \"\($0)\", \"kind\": \"day\"}" }.joined(separator: ", "))],
         "involvements": [{"service": "ppt", "date": "\(ppt)", "initiatedBy": "school"}]}
        """
    }

    static let json: String = {
        let november = ["2023-11-06", "2023-11-07", "2023-11-08"]
        func whole(_ school: String) -> String {
            """
            {"schoolYear": "2023/2024", "school": "\(school)", "grade": 8},
            {"schoolYear": "2024/2025", "school": "\(school)", "grade": 9}
            """
        }
        func split(_ first: String, _ second: String) -> String {
            """
            {"schoolYear": "2023/2024", "school": "\(first)", "grade": 8, "to": "2023-11-14"},
            {"schoolYear": "2023/2024", "school": "\(second)", "grade": 8, "from": "2023-11-15"}
            """
        }
        let students = [
            student("A1", whole("auli"), days: november, ppt: "2023-11-20"),
            student("R1", whole("runni"), days: november, ppt: "2023-11-20"),
            student("M1", split("runni", "auli"), days: november, ppt: "2023-11-20"),
            student("M2", split("auli", "runni"), days: november, ppt: "2023-11-20"),
            student(
                "X1", whole("runni"), days: ["2024-06-13", "2024-06-14", "2024-06-17"],
                ppt: "2024-09-02"),
        ]
        return """
            {"format": "tidlig/2", "asOf": "2025-06-20",
             "schoolYears": [
              {"schoolYear": "2023/2024", "start": "2023-08-21", "end": "2024-06-21",
               "closures": [{"from": "2023-10-02", "to": "2023-10-06"}, {"from": "2023-12-22", "to": "2024-01-01"}],
               "schools": {"runni": {"closures": [{"from": "2023-11-17", "to": "2023-11-17"}]}}},
              {"schoolYear": "2024/2025", "start": "2024-08-19", "end": "2025-06-20",
               "closures": [{"from": "2024-09-30", "to": "2024-10-04"}],
               "schools": {"runni": {"closures": [{"from": "2024-08-30", "to": "2024-08-30"}]}}}],
             "schools": [{"id": "auli", "name": "Auli"}, {"id": "runni", "name": "Runni"}],
             "services": [{"id": "ppt", "name": "PPT", "kind": "ppt"}],
             "students": [\(students.joined(separator: ",\n"))]}
            """
    }()

    @Test func schoolDaysFollowTheSchoolOfEachDay() throws {
        let data = try DataSetLoader.load(bytes: Array(Self.json.utf8), source: "<delays>")
        #expect(data.problems.isEmpty, "\(data.problems)")
        let rows = (0..<data.studentCount).map { Int32($0) }
        let summary = try data.delays(rows: rows, services: [0], threshold: 3, asOf: data.asOf)[0]
        #expect(summary.crossed == 5)
        #expect(summary.calendarDelays == [12, 12, 12, 12, 77])
        #expect(summary.schoolDayDelays == [7, 7, 8, 8, 14])
        let r1 = data.studentIndex(id: "R1")!, a1 = data.studentIndex(id: "A1")!
        let crossing = Day("2023-11-08")!, ppt = Day("2023-11-20")!
        #expect(data.schoolDaysBetween(crossing, ppt, row: r1) == 7)
        #expect(data.schoolDaysBetween(ppt, crossing, row: r1) == -7)
        #expect(data.schoolDaysBetween(crossing, ppt, row: a1) == 8)
        #expect(data.schoolDaysBetween(crossing, ppt) == 8)  // no child: the common calendar
    }
}
