import Foundation
import Testing

@testable import TidligCore

/// A small tidlig/2 text; line 7 is the student
/// `    {"id": "S1", "enrolments": [{"schoolYear": "2024/2025", "school": "a", "grade": 8, "to": "2024-12-20"}], "absence": [`
/// (`{` of the student at 5, `"id"` at 6, `[` of the enrolments at 32, `{` of the enrolment at 33,
/// its schoolYear value at 48, the value of "to" at 94).
enum YearsSample {
    static let text = """
        {
          "format": "tidlig/2",
          "asOf": "2025-01-31",
          "schoolYears": [{"schoolYear": "2024/2025", "start": "2024-08-19", "end": "2025-06-20"}],
          "schools": [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}],
          "students": [
            {"id": "S1", "enrolments": [{"schoolYear": "2024/2025", "school": "a", "grade": 8, "to": "2024-12-20"}], "absence": [
              {"date": "2024-09-03", "kind": "day"}
            ]}
          ]
        }
        """

    static func replacing(_ old: String, _ new: String) -> String {
        precondition(text.contains(old), "\(old) not in the sample")
        return text.replacingOccurrences(of: old, with: new)
    }
}

private let yearsBadInputs: [BadInput] = [
    BadInput(
        "unknown school year",
        text: YearsSample.replacing(
            "\"schoolYear\": \"2024/2025\", \"school\"", "\"schoolYear\": \"2023/2024\", \"school\""
        ),
        7, 48, "$.students[0].enrolments[0].schoolYear",
        "unknown school year \"2023/2024\"; the file's school years are \"2024/2025\""),
    BadInput(
        "enrolment outside its year",
        text: YearsSample.replacing("\"to\": \"2024-12-20\"", "\"to\": \"2025-08-01\""),
        7, 94, "$.students[0].enrolments[0].to",
        "2025-08-01 is outside the school year 2024/2025 (2024-08-19 to 2025-06-20)"),
    // The second enrolment's `{` follows `"2024-12-20"}, `: column 109.
    BadInput(
        "overlapping enrolments",
        text: YearsSample.replacing(
            "\"to\": \"2024-12-20\"}]",
            "\"to\": \"2024-12-20\"}, {\"schoolYear\": \"2024/2025\", \"school\": \"b\", \"grade\": 8, \"from\": \"2024-12-20\"}]"
        ),
        7, 109, "$.students[0].enrolments[1]",
        "the enrolment from 2024-12-20 overlaps $.students[0].enrolments[0] (2024-08-19 to 2024-12-20)"
    ),
    BadInput(
        "a school of its own",
        text: YearsSample.replacing("{\"id\": \"S1\", ", "{\"id\": \"S1\", \"school\": \"a\", "),
        7, 18, "$.students[0]", "a tidlig/2 student has no \"school\" of its own"),
    BadInput(
        "no enrolments",
        text: YearsSample.replacing(
            "\"enrolments\": [{\"schoolYear\": \"2024/2025\", \"school\": \"a\", \"grade\": 8, \"to\": \"2024-12-20\"}], ",
            ""),
        7, 5, "$.students[0]", "missing required field \"enrolments\""),
    BadInput(
        "empty enrolments",
        text: YearsSample.replacing(
            "[{\"schoolYear\": \"2024/2025\", \"school\": \"a\", \"grade\": 8, \"to\": \"2024-12-20\"}]",
            "[]"),
        7, 32, "$.students[0].enrolments", "expected at least one enrolment"),
    // `  "schoolYears": [{` : the year's `{` at 19; the key "c" of its schools at 103.
    BadInput(
        "unknown school in a year's closures",
        text: YearsSample.replacing(
            "\"end\": \"2025-06-20\"}]",
            "\"end\": \"2025-06-20\", \"schools\": {\"c\": {\"closures\": []}}}]"),
        4, 103, "$.schoolYears[0].schools.c", "unknown school \"c\"; the schools are \"a\", \"b\""),
    BadInput(
        "overlapping years",
        text: YearsSample.replacing(
            "\"end\": \"2025-06-20\"}]",
            "\"end\": \"2025-06-20\"}, {\"schoolYear\": \"2025/2026\", \"start\": \"2025-06-02\", \"end\": \"2026-06-19\"}]"
        ),
        4, 129, "$.schoolYears[1].start", "before the one before it ends (2024/2025, 2025-06-20)"),
    BadInput(
        "a year without its name",
        text: YearsSample.replacing("{\"schoolYear\": \"2024/2025\", \"start\"", "{\"start\""),
        4, 19, "$.schoolYears[0]", "missing required field \"schoolYear\""),
    BadInput(
        "a calendar instead of school years",
        text: YearsSample.replacing(
            "\"schoolYears\": [{\"schoolYear\": \"2024/2025\", \"start\": \"2024-08-19\", \"end\": \"2025-06-20\"}]",
            "\"calendar\": {\"start\": \"2024-08-19\", \"end\": \"2025-06-20\"}"),
        4, 3, "$",
        "missing required field \"schoolYears\" (tidlig/2 gives each year's calendar in \"schoolYears\")"
    ),
    BadInput(
        "school years in a tidlig/1 file",
        text: YearsSample.replacing("tidlig/2", "tidlig/1"),
        4, 3, "$",
        "missing required field \"calendar\" (\"schoolYears\" is tidlig/2: write \"format\": \"tidlig/2\")"
    ),
]

@Suite struct SchoolYearsLoaderTests {
    @Test func theSampleLoads() throws {
        let data = try DataSetLoader.load(bytes: Array(YearsSample.text.utf8), source: "<sample>")
        #expect(data.isMultiYear)
        #expect(data.enrolments.to == [Day("2024-12-20")!])
        #expect(data.enrolments.from == [Day("2024-08-19")!])  // the year's start when not given
        // asOf 2025-01-31 is after the enrolment ended: still a student of the year, at school "a".
        #expect(data.memberRows() == [0])
        #expect(data.students.school == [0])
    }

    @Test(arguments: yearsBadInputs)
    func badInputIsRefusedWithItsPosition(_ input: BadInput) {
        do {
            _ = try DataSetLoader.load(bytes: Array(input.text.utf8), source: "bad.json")
            Issue.record("\(input.name): loaded")
        } catch {
            #expect(error.line == input.line, "\(input.name): \(error)")
            #expect(error.column == input.column, "\(input.name): \(error)")
            #expect(error.path == input.path, "\(input.name): \(error)")
            #expect(error.message.contains(input.message), "\(input.name): \(error)")
        }
    }

    /// The students array before the header it depends on is read again at the end, with the same result.
    @Test func keysInAnyOrder() throws {
        let path = TestPaths.fixtures + "/two-years.json"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let studentsAt = try #require(text.range(of: "  \"students\": ["))
        let body = text[studentsAt.lowerBound...].dropLast(2)  // up to the closing "}\n"
        let reordered =
            "{\n" + body + ",\n"
            + text[text.index(text.startIndex, offsetBy: 2)..<studentsAt.lowerBound]
            .dropLast(2) + "\n}\n"
        let original = try DataSetLoader.load(path: path)
        let data = try DataSetLoader.load(bytes: Array(reordered.utf8), source: "<reordered>")
        #expect(data.enrolments.school == original.enrolments.school)
        #expect(data.enrolments.from == original.enrolments.from)
        #expect(data.absence.date == original.absence.date)
        #expect(data.problems == original.problems)
        #expect(data.students.enrolledSchoolDays == original.students.enrolledSchoolDays)
    }
}
