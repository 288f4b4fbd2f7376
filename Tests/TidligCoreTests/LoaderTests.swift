import Foundation
import Testing

@testable import TidligCore

private let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent()
    .appendingPathComponent("Fixtures")

private func day(_ text: String) -> Day { Day(text)! }

private func load(_ text: String) throws(LoadError) -> DataSet {
    try DataSetLoader.load(bytes: Array(text.utf8), source: "<sample>")
}

/// The error loading `text` gives, or nil when it loads.
private func loadError(_ text: String) -> LoadError? {
    do {
        _ = try load(text)
        return nil
    } catch {
        return error
    }
}

@Suite struct LoaderTests {
    @Test func miniFixtureLoadsColumnsSortedAndInterned() throws {
        let data = try DataSetLoader.load(path: fixtures.appendingPathComponent("mini.json").path)
        #expect(data.municipality == "Nes")
        #expect(data.asOf == day("2025-01-31"))
        #expect(data.calendar.hoursPerDay == 6)
        #expect(data.calendar.closures.count == 2)
        #expect(data.calendar.closures[0].name == "Høstferie")
        #expect(data.calendar.schoolYear == "2024/2025")
        #expect(data.schools.map(\.id) == ["nes-bs", "nes-us"])
        #expect(data.schools[0].name == "Årnes barneskole")
        #expect(data.schools[1].stage == .lowerSecondary)
        #expect(data.services.map(\.id) == ["ppt", "school-health", "child-welfare"])
        #expect(data.services[0].visitEveryDays == 28)
        #expect(data.services[2].kind == nil)

        let students = data.students
        #expect(students.ids == ["S1", "S2", "S3", "S4.b-x_1"])
        #expect(students.school == [1, 0, 0, 1])
        #expect(students.grade == [9, 3, 1, 10])
        #expect(students.index["S4.b-x_1"] == 3)
        #expect(students.absenceStart == [0, 7, 9, 9, 10])
        #expect(students.documentStart == [0, 4, 5, 5, 5])
        #expect(students.involvementStart == [0, 2, 3, 3, 3])

        // S1's absence, sorted by date; equal dates keep file order.
        let absence = data.absence
        #expect(
            absence.date[0..<7].map(\.description) == [
                "2024-09-03", "2024-09-03", "2024-09-05", "2024-09-05", "2024-09-07", "2024-10-01",
                "2025-02-03",
            ])
        #expect(Array(absence.hours[0..<7]) == [2.5, 4, 0, 1, 0, 0, 0])
        #expect(Array(absence.flags[0..<7]) == [0, 0, 3, 0, 1, 1, 1])
        #expect(absence.reasons.entries.map(\.0) == [2] && absence.reasons[2] == "sick")
        #expect(Array(absence.flags[7..<10]) == [1, 2, 1])
        #expect(absence.hours[8] == 1.5)

        // S1's folder, sorted: cause-mapping, action-plan, meeting, evaluation; then S2's concern.
        let documents = data.documents
        #expect(documents.kind == [.causeMapping, .actionPlan, .meeting, .evaluation, .concern])
        #expect(documents.quality == [.brief, .described, .described, .described, .described])
        #expect(documents.template == [0, 2, 0, 0, 0])
        #expect(documents.sections[1] == 0b10_0101)
        #expect(documents.evaluateBy == [nil, day("2025-01-15"), nil, nil, nil])
        #expect(documents.coverage == [nil, nil, nil, .partial, nil])
        #expect(documents.bti == [-1, -1, 3, -1, -1])
        #expect(documents.services == [0, 0, 0b011, 0, 0])
        #expect(documents.minutesSentTo == [0, 0, 0b001, 0, 0])
        #expect(documents.texts.entries.map(\.0) == [1] && documents.texts[1] == "plan text")

        // Involvements sorted by date; S2's "bup" is dropped.
        let involvements = data.involvements
        #expect(involvements.service == [0, 1, 2])
        #expect(involvements.date == [day("2024-09-20"), day("2024-10-15"), day("2024-12-01")])
        #expect(involvements.initiatedBy == [.school, .family, .service])
    }

    @Test func miniFixtureProblemsInFileOrder() throws {
        let data = try DataSetLoader.load(path: fixtures.appendingPathComponent("mini.json").path)
        let found = data.problems.map { "\($0.kind.rawValue) \($0.studentID) \($0.path)" }
        #expect(
            found == [
                "hours-above-day S1 $.students[0].absence[2]",
                "weekend-record S1 $.students[0].absence[3]",
                "non-school-day-record S1 $.students[0].absence[4]",
                "duplicate-date S1 $.students[0].absence[5]",
                "after-as-of S1 $.students[0].absence[6]",
                "unknown-service S1 $.students[0].folder[2].services[2]",
                "after-as-of S2 $.students[1].folder[0]",
                "unknown-service S2 $.students[1].involvements[0].service",
            ])
        #expect(data.problems[0].detail == "6.5 hours on 2024-09-03, above a school day of 6 hours")
        #expect(data.problems[1].detail == "2024-09-07 is a Saturday")
        #expect(data.problems[2].detail == "2024-10-01 is in the closure 'Høstferie'")
        #expect(data.problems[5].detail.hasPrefix("unknown service \"bup\", dropped"))
    }

    @Test func defaultsWhenOptionalPartsAreAbsent() throws {
        let data = try load(LoaderSample.text)
        #expect(data.services == Service.nesDefaults)
        #expect(data.calendar.hoursPerDay == 6)
        #expect(data.municipality == nil)
        #expect(data.absence.flags == [AbsenceFlags.day])
        #expect(data.problems.isEmpty)
        #expect(data.source == "<sample>")
    }

    @Test func keysInAnyOrderGiveTheSameData() throws {
        // students before calendar and schools, services after students.
        let text = """
            {"students": [{"id": "S1", "school": "b", "grade": 2, "involvements": [{"service": "x", "date": "2024-09-02"}],
                           "folder": [{"date": "2024-09-02", "kind": "meeting", "services": ["x", "ppt"]}]}],
             "format": "tidlig/1", "asOf": "2025-01-31",
             "schools": [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}],
             "calendar": {"end": "2025-06-20", "start": "2024-08-19"},
             "services": [{"id": "ppt", "name": "PPT"}, {"id": "x", "name": "X"}]}
            """
        let data = try load(text)
        #expect(data.students.school == [1])
        #expect(data.services.map(\.id) == ["ppt", "x"])
        #expect(data.involvements.service == [1])
        #expect(data.documents.services == [0b11])
        #expect(data.problems.isEmpty)
    }

    @Test func escapedAndLiteralUTF8AreTheSame() throws {
        let literal = try load(
            LoaderSample.text.replacingOccurrences(
                of: "\"name\": \"A\"", with: "\"name\": \"Årnes barneskole\""))
        let escaped = try load(
            LoaderSample.text.replacingOccurrences(
                of: "\"name\": \"A\"", with: "\"name\": \"\\u00c5rnes barneskole\""))
        #expect(literal.schools[0].name == "Årnes barneskole")
        #expect(escaped.schools[0].name == literal.schools[0].name)
        let pair = try load(
            LoaderSample.text.replacingOccurrences(
                of: "\"name\": \"A\"", with: "\"name\": \"\\ud83d\\ude00\\t\\\"/\\/\""))
        #expect(pair.schools[0].name == "😀\t\"//")
    }

    @Test func escapedKeysAndAByteOrderMarkAreAccepted() throws {
        let data = try load(
            "\u{FEFF}"
                + LoaderSample.text.replacingOccurrences(
                    of: "\"grade\": 9", with: "\"gr\\u0061de\": 7"))
        #expect(data.students.grade == [7])
    }

    @Test func columnsCountCharactersNotBytes() {
        let text = "{\n  \"municipality\": \"æøå\", \"asOf\": \"2025-13-01\",\n}"
        let error = loadError(text)
        #expect(error?.line == 2)
        #expect(error?.column == 34)
        #expect(error?.path == "$.asOf")
    }

    @Test func ioErrors() {
        do {
            _ = try DataSetLoader.load(path: "/nonexistent/weekly.json")
            Issue.record("loaded a missing file")
        } catch {
            #expect(error.isIOError)
            #expect(error.line == 0)
            #expect(
                error.description
                    == "error: cannot read /nonexistent/weekly.json: No such file or directory")
        }
    }

    @Test func aPipeIsReadInFull() throws {
        let fifo = FileManager.default.temporaryDirectory.appendingPathComponent(
            "tidlig-\(getpid()).fifo"
        ).path
        #expect(mkfifo(fifo, 0o600) == 0)
        defer { unlink(fifo) }
        let writer = Thread {
            let handle = FileHandle(forWritingAtPath: fifo)
            handle?.write(Data(LoaderSample.text.utf8))
            try? handle?.close()
        }
        writer.start()
        let data = try DataSetLoader.load(path: fifo)
        #expect(data.students.ids == ["S1"])
    }

    @Test func descriptionRendersLikeACompiler() {
        let error = LoadError(
            source: "weekly.json", line: 12, column: 34, path: "$.students[3].grade", message: "m")
        #expect(error.description == "weekly.json:12:34: error: m (at $.students[3].grade)")
    }
}

/// A small valid document; the bad-input table edits it. Line 7 is the student, line 8 its record.
enum LoaderSample {
    static let text = """
        {
          "format": "tidlig/1",
          "asOf": "2025-01-31",
          "calendar": {"start": "2024-08-19", "end": "2025-06-20"},
          "schools": [{"id": "nes-us", "name": "A"}],
          "students": [
            {"id": "S1", "school": "nes-us", "grade": 9, "absence": [
              {"date": "2024-09-03", "kind": "day"}
            ]}
          ]
        }
        """
}
