import Testing
@testable import TidligCore

/// The folder audit and involvement delays on `Fixtures/audit.json`, worked out by hand.
///
/// asOf 2025-03-14; default window 2024-01-01 .. 2025-03-14; threshold 15 days.
/// E1: mapping described, plan on template (due Nov 1) evaluated in full on Nov 1: no gaps.
/// E2: only a 2022 mapping (stale -> partial), one measure, no plan, no evaluation, 1 document.
/// E3: mapping on the window's first day (described), plan without template due Dec 2, never
///     evaluated (none, overdue), 2 documents (little).
/// E4: brief mapping (partial); two plans on template, the second without evaluateBy, one full
///     evaluation (partial); 5 documents of which 1 `other`.
/// E5: no documents: missing, not documented, none, little.
/// E6: mapping described, plan on template, partial evaluation (partial).
@Suite struct FolderAuditTests {
    let data: DataSet
    let window: AuditWindow

    init() throws {
        data = try DataSetLoader.load(path: TestPaths.fixtures + "/audit.json")
        window = AuditWindow.standard(calendar: data.calendar, asOf: data.asOf)
    }

    func audit(_ id: String, _ window: AuditWindow? = nil) throws -> FolderAudit {
        data.audit(row: try #require(data.studentIndex(id: id)), window: window ?? self.window)
    }

    @Test func defaultWindowStartsOnFirstJanuaryOfTheSchoolYearsFirstYear() {
        #expect(window.from == Day("2024-01-01"))
        #expect(window.to == Day("2025-03-14"))
    }

    @Test func everyCategory() throws {
        #expect(
            try audit("E1")
                == FolderAudit(
                    causes: .described, measuresDocumented: true, templateUsed: true,
                    evaluation: .full, littleDocumentation: false, evaluationOverdue: false))
        #expect(
            try audit("E2")
                == FolderAudit(
                    causes: .partial, measuresDocumented: true, templateUsed: false,
                    evaluation: .none, littleDocumentation: true, evaluationOverdue: false))
        #expect(
            try audit("E3")
                == FolderAudit(
                    causes: .described, measuresDocumented: true, templateUsed: false,
                    evaluation: .none, littleDocumentation: true, evaluationOverdue: true))
        #expect(
            try audit("E4")
                == FolderAudit(
                    causes: .partial, measuresDocumented: true, templateUsed: true,
                    evaluation: .partial, littleDocumentation: false, evaluationOverdue: false))
        #expect(
            try audit("E5")
                == FolderAudit(
                    causes: .missing, measuresDocumented: false, templateUsed: false,
                    evaluation: .none, littleDocumentation: true, evaluationOverdue: false))
        #expect(try audit("E6").evaluation == .partial)
    }

    @Test func windowEdges() throws {
        // From 2024-08-01 E3's mapping of 2024-01-01 falls outside: some mapping, none in the window.
        let autumn = AuditWindow(from: Day("2024-08-01")!, to: data.asOf)
        #expect(try audit("E3", autumn).causes == .partial)
        // From 2024-01-02 too; on 2024-01-01 itself it is inside (both ends count).
        #expect(
            try audit("E3", AuditWindow(from: Day("2024-01-02")!, to: data.asOf)).causes == .partial
        )
        #expect(
            try audit("E3", AuditWindow(from: Day("2024-01-01")!, to: data.asOf)).causes
                == .described)
        // A limit of 1 document: E3's 2 documents are no longer "little".
        #expect(
            try audit("E3", AuditWindow(from: window.from, to: data.asOf, littleLimit: 1))
                .littleDocumentation == false)
        // Before E3's plan was due (2024-12-02) it is not overdue.
        #expect(
            try audit("E3", AuditWindow(from: window.from, to: Day("2024-12-01")!))
                .evaluationOverdue == false)
    }

    @Test func delaysWithCensoringAndNegativeDelays() throws {
        // Crossings (15th whole day): E1 Fri 2024-09-20, E2 Fri 2024-10-25, E3 Fri 2024-11-22,
        // E5 Fri 2025-01-24; E4 (5 days) and E6 (none) never cross.
        // PPT: E1 Oct 7 = +17 (school days Sep 23-27 and Oct 7: 6, the autumn break between);
        //      E3 Nov 22 = 0; E5 Jan 20 = -4 (school days Jan 21-24: -4); E2 waiting Oct 25 -> Mar 14 = 140.
        let rows = (0..<Int32(data.studentCount)).map { $0 }
        let ppt = try #require(data.serviceIndex(id: "ppt"))
        let mental = try #require(data.serviceIndex(id: "mental"))
        let summaries = try data.delays(
            rows: rows, services: [ppt, mental], threshold: 15, asOf: data.asOf)
        #expect(summaries[0].crossed == 4)
        #expect(summaries[0].calendarDelays == [-4, 0, 17])
        #expect(summaries[0].schoolDayDelays == [-4, 0, 6])
        #expect(summaries[0].waiting == [140])
        #expect(Statistics.median(summaries[0].calendarDelays) == 0)
        #expect(Statistics.percentile(summaries[0].calendarDelays, 75) == 17)
        // Mental health: E3 on Feb 3 = 73 days after Nov 22 (43 school days: 4 weeks in
        // Nov-Dec, Jan 2-3, 4 weeks in Jan, Feb 3), initiated by the family. Waiting: E5 Jan 24 ->
        // Mar 14 = 49, E2 140, E1 Sep 20 -> Mar 14 = 175.
        #expect(summaries[1].calendarDelays == [73])
        #expect(summaries[1].schoolDayDelays == [43])
        #expect(summaries[1].familyInitiated == 1)
        #expect(summaries[1].waiting == [49, 140, 175])
    }
}
