import Foundation
import Testing

@testable import TidligCore

/// Cases and the effect of measures on `Fixtures/cases.json`, worked out by hand.
///
/// Calendar: school starts Monday 2024-08-19, Høstferie 2024-09-30 to 10-04, asOf 2024-12-20,
/// 6 hours a day. Every week is a full school week except the closure, so school week k
/// (Mondays 08-19, 08-26, 09-02, 09-09, 09-16, 09-23, then 10-07, 10-14 ...) holds school days
/// 5k to 5k+4: 30 school days lie before 10-07, and the 85th (index 84) is 12-20.
///
/// Cases (BTI level after each event; starts, then ends, then meetings on one date):
/// C1: school-health in 09-16 (2), ppt in 10-01 (3), level-3 meeting called by the school 10-18
///     (3), school-health ended 11-15 (1 + ppt = 2): open, owner school.
/// C2: ppt in 10-16 (2), level-2 meeting called by ppt 10-25 (2), ppt ended 12-06 (1): ended 12-06.
/// C3: level-3 meeting called by ppt 10-11 (3): open; its minutes never reached school-health.
/// C4: level-1 meeting 10-28 (1), school-health in 12-02 (2): opened 12-02, no level-2/3 meeting.
/// C5: a ppt involvement that ended before the school year: no case.
/// C6: ppt in since 06-03 (2 from the first school day), level-2 meeting without `calledBy`.
@Suite struct CaseTests {
    let data: DataSet

    init() throws {
        data = try DataSetLoader.load(path: TestPaths.fixtures + "/cases.json")
    }

    func row(_ id: String) throws -> Int { try #require(data.studentIndex(id: id)) }

    /// `minutes_missing(service)`: C3's level-3 meeting (called by ppt) never sent the minutes to
    /// school-health; C2's meeting sent them to nobody, but its only service, ppt, called it and
    /// wrote them. So school-health misses minutes for C3 alone, and ppt for no one.
    @Test func minutesMissingLeavesOutTheServiceThatCalledTheMeeting() throws {
        let ppt = try #require(data.services.firstIndex { $0.id == "ppt" })
        let health = try #require(data.services.firstIndex { $0.id == "school-health" })
        let ids = ["C1", "C2", "C3", "C4", "C5", "C6"]
        func missing(_ service: Int) throws -> [String] {
            try ids.filter {
                data.minutesMissing(row: try row($0), service: service, asOf: data.asOf)
            }
        }
        #expect(try missing(health) == ["C3"])
        #expect(try missing(ppt) == [])
    }

    @Test func loadsCalledByAndEnded() throws {
        // C1's record in the Høstferie and C4's on a Saturday are problems, counted as they are.
        #expect(data.problems.map(\.kind) == [.nonSchoolDayRecord, .weekendRecord])
        let c1 = data.students.involvementRange(try row("C1"))
        #expect(c1.map { data.involvements.ended[$0] } == [Day("2024-11-15"), nil])
        let c2 = data.students.documentRange(try row("C2"))
        #expect(
            c2.map { data.documents.calledBy[$0] } == [0, CaseOwner.notStated, CaseOwner.notStated])
    }

    @Test func unknownCallerIsAProblemAndLeavesTheOwnerNotRecorded() throws {
        let text = LoaderSample.text.replacingOccurrences(
            of: "    ]}\n  ]",
            with:
                "    ], \"folder\": [{\"date\": \"2024-10-04\", \"kind\": \"meeting\", \"bti\": 2, \"calledBy\": \"pp\"}]}\n  ]"
        )
        let loaded = try DataSetLoader.load(bytes: Array(text.utf8), source: "t.json")
        #expect(loaded.problems.map(\.path) == ["$.students[0].folder[0].calledBy"])
        #expect(loaded.problems.first?.detail.hasPrefix("unknown service \"pp\"") == true)
        #expect(loaded.documents.calledBy == [CaseOwner.notStated])
        #expect(CaseIndex(data: loaded, asOf: loaded.asOf).cases.first?.owner == .unrecorded)
    }

    @Test func casesAsOfTheExportDate() throws {
        let index = CaseIndex(data: data, asOf: data.asOf)
        #expect(index.cases.map { data.students.ids[$0.row] } == ["C1", "C2", "C3", "C4", "C6"])
        let c1 = try #require(index.studentCase(row: try row("C1")))
        #expect(
            c1.opened == Day("2024-09-16") && c1.ended == nil && c1.owner == .school
                && c1.level == 2)
        #expect(c1.levels.map(\.level) == [2, 3, 3, 2])
        #expect(
            c1.levels.map(\.date)
                == ["2024-09-16", "2024-10-01", "2024-10-18", "2024-11-15"].map { Day($0)! })
        let c2 = try #require(index.studentCase(row: try row("C2")))
        #expect(
            c2.opened == Day("2024-10-16") && c2.ended == Day("2024-12-06")
                && c2.owner == .service(0))
        #expect(c2.levels.map(\.level) == [2, 2, 1])
        let c3 = try #require(index.studentCase(row: try row("C3")))
        #expect(
            c3.opened == Day("2024-10-11") && c3.isOpen && c3.owner == .service(0) && c3.level == 3)
        let c4 = try #require(index.studentCase(row: try row("C4")))
        #expect(
            c4.opened == Day("2024-12-02") && c4.owner == .noMeeting
                && c4.levels.map(\.level) == [1, 2])
        #expect(index.studentCase(row: try row("C5")) == nil)
        let c6 = try #require(index.studentCase(row: try row("C6")))
        #expect(c6.opened == Day("2024-08-19") && c6.owner == .unrecorded && c6.isOpen)
        #expect(index.openCases.count == 4)
        // C2, C3
        #expect(index.opened(from: Day("2024-10-01")!, through: Day("2024-10-31")!).count == 2)
        let c2row = try row("C2")
        #expect(
            index.ended(from: Day("2024-12-01")!, through: Day("2024-12-20")!).map(\.row) == [c2row]
        )
    }

    /// tidlig/2: a case per school year. Y1's ppt involvement began 2024-02-05 and ended
    /// 2024-10-04; a level-2 meeting called by ppt on 2024-03-01. In 2023/2024 the case opens
    /// 02-05, owned by ppt, still open at the year's end; in 2024/2025 it opens on the first
    /// school day (ppt still in), has no level-2/3 meeting of its own, and ends 10-04.
    @Test func aCasePerSchoolYearOnTidlig2() throws {
        let text = """
            {"format": "tidlig/2", "asOf": "2025-06-20",
             "schoolYears": [{"schoolYear": "2023/2024", "start": "2023-08-21", "end": "2024-06-21"},
                             {"schoolYear": "2024/2025", "start": "2024-08-19", "end": "2025-06-20"}],
             "schools": [{"id": "runni", "name": "Runni"}], "services": [{"id": "ppt", "name": "PPT"}],
             "students": [{"id": "Y1",
               "enrolments": [{"schoolYear": "2023/2024", "school": "runni", "grade": 8},
                              {"schoolYear": "2024/2025", "school": "runni", "grade": 9}],
               "folder": [{"date": "2024-03-01", "kind": "meeting", "bti": 2, "calledBy": "ppt",
                           "services": ["ppt"], "minutesSentTo": ["ppt"]}],
               "involvements": [{"service": "ppt", "date": "2024-02-05", "ended": "2024-10-04"}]}]}
            """
        let loaded = try DataSetLoader.load(bytes: Array(text.utf8), source: "two.json")
        let first = loaded.view(asOf: Day("2024-06-21")!)
        let spring = try #require(CaseIndex(data: first, asOf: Day("2024-06-21")!).cases.first)
        #expect(spring.schoolYear == "2023/2024" && spring.opened == Day("2024-02-05"))
        #expect(spring.isOpen && spring.owner == .service(0))
        let second = loaded.view(asOf: loaded.asOf)
        let next = try #require(CaseIndex(data: second, asOf: loaded.asOf).cases.first)
        #expect(next.schoolYear == "2024/2025" && next.opened == Day("2024-08-19"))
        #expect(next.ended == Day("2024-10-04") && next.owner == .noMeeting)
        #expect(next.levels.map(\.level) == [2, 1])
    }

    @Test func casesEarlierInTheYear() throws {
        // On 2024-11-01 C4 has only its level-1 meeting, and nothing has ended yet.
        let index = CaseIndex(data: data, asOf: Day("2024-11-01")!)
        #expect(index.cases.map { data.students.ids[$0.row] } == ["C1", "C2", "C3", "C6"])
        #expect(index.openCases.count == 4)
        #expect(index.studentCase(row: try row("C1"))?.level == 3)
    }

    @Test func effectOfMeasures() throws {
        let rows = (0..<Int32(data.studentCount)).map { $0 }
        let effects = data.measureEffects(rows: rows, asOf: data.asOf)
        func effect(_ kind: MeasureKind) throws -> MeasureEffect {
            try #require(effects.first { $0.kind == kind })
        }
        func window(_ kind: MeasureKind, _ weeks: Int) throws -> MeasureEffect.Window {
            try #require(try effect(kind).windows.first { $0.weeks == weeks })
        }
        // Action plans: C1 10-07 (before 09-02..09-27: 8 days + 6 h = 9 -> 2.25 a week; from
        // 10-07 to 11-01: 2 days + 3 h = 2.5 -> 0.625), C2 11-04 (10-07..11-01: 4 days -> 1.0;
        // 11-04..11-29: 0), C3 12-02 (its 4 weeks after end after asOf). 8 weeks: C1 has only
        // 30 school days before, C2's 8 weeks after end 12-27: none.
        #expect(try effect(.actionPlan).started == 3)
        #expect(
            try window(.actionPlan, 4) == .init(weeks: 4, students: 2, before: 1.625, after: 0.3125)
        )
        #expect(try window(.actionPlan, 8) == .init(weeks: 8, students: 0, before: nil, after: nil))
        // Meetings (the first of each student): C1 10-18 (09-13..10-17: 6 days, one on a closure
        // day, + 6 h = 7 -> 1.75; 10-18..11-14: 1 day + 3 h -> 0.375), C2 10-25 (09-20..10-24:
        // 4 -> 1.0; 10-25..11-21: 1 -> 0.25), C3 10-11 (1 day -> 0.25; 3 h -> 0.125), C4 10-28
        // (09-23..10-25: 3 days, one on a Saturday, + 3 h -> 0.875; 10-28..11-22: 1 -> 0.25);
        // C6 09-06 has 14 school days before it.
        #expect(try effect(.meeting).started == 5)
        let meeting4 = try window(.meeting, 4)
        #expect(meeting4 == .init(weeks: 4, students: 4, before: 3.875 / 4, after: 0.25))
        #expect(meeting4.change == 0.25 - 3.875 / 4)
        // 8 weeks: C2 (08-23..10-24: 7 days + 12 h = 9 -> 1.125; 10-25..12-19: 1 -> 0.125),
        // C4 (08-26..10-25: 4 days + 3 h = 4.5 -> 0.5625; 10-28..12-20: 3 -> 0.375).
        #expect(
            try window(.meeting, 8) == .init(weeks: 8, students: 2, before: 0.84375, after: 0.25))
        // ppt: C1 on 10-01, a closure day, so its window after starts 10-07 (as its plan: 2.25,
        // 0.625); C2 on Wednesday 10-16 (09-11..10-15: 3 days + 6 h -> 1.0; 10-16..11-12: 3 -> 0.75).
        #expect(try effect(.involvement(0)).started == 2)
        #expect(
            try window(.involvement(0), 4)
                == .init(weeks: 4, students: 2, before: 1.625, after: 0.6875))
        // school-health: C1 on 09-16 (08-19..09-13: 5 days -> 1.25; 09-16..10-18: 6 days + 6 h -> 1.75);
        // C4's on 12-02 has no 4 weeks after by asOf.
        #expect(try effect(.involvement(1)).started == 2)
        let health = try window(.involvement(1), 4)
        #expect(health == .init(weeks: 4, students: 1, before: 1.25, after: 1.75))
        #expect(health.change == 0.5)
    }
}
