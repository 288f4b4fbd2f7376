import Foundation
import Testing

@testable import TidligCore

/// One bad input: `LoaderSample.text` with `replace` swapped for `with` (or `text` as is), and where it fails.
struct BadInput: Sendable, CustomTestStringConvertible {
    var name: String
    var text: String
    var line: Int
    var column: Int
    var path: String
    var message: String

    init(
        _ name: String, replace: String, with replacement: String, _ line: Int, _ column: Int,
        _ path: String, _ message: String
    ) {
        precondition(LoaderSample.text.contains(replace), "\(name): \(replace) not in the sample")
        self.init(
            name, text: LoaderSample.text.replacingOccurrences(of: replace, with: replacement),
            line, column, path, message)
    }

    init(
        _ name: String, text: String, _ line: Int, _ column: Int, _ path: String, _ message: String
    ) {
        self.name = name
        self.text = text
        self.line = line
        self.column = column
        self.path = path
        self.message = message
    }

    var testDescription: String { name }
}

// Lines and columns worked out by hand on LoaderSample.text (see LoaderTests.swift): line 7 is
// `    {"id": "S1", "school": "nes-us", "grade": 9, "absence": [` (S1 at 12, school value at 28, grade at 47),
// line 8 is `      {"date": "2024-09-03", "kind": "day"}` ({ at 7, date value at 16, kind value at 38).
private let badInputs: [BadInput] = [
    BadInput(
        "truncated",
        text: LoaderSample.text.split(separator: "\n").prefix(8).joined(separator: "\n") + "\n",
        9, 1, "$.students[0].absence", "unexpected end of file; expected ']' or ','"),
    BadInput("not JSON", text: "hello", 1, 1, "$", "expected an object, found 'h'"),
    BadInput(
        "trailing garbage", text: LoaderSample.text + "x", 11, 2, "$",
        "expected only whitespace after the data, found 'x'"),
    BadInput(
        "missing comma", replace: "9, \"absence\"", with: "9 \"absence\"", 7, 49, "$.students[0]",
        "expected '}' or ',', found \"absence\""),
    BadInput(
        "grade as a string", replace: "\"grade\": 9", with: "\"grade\": \"7\"", 7, 47,
        "$.students[0].grade",
        "expected an integer from 1 to 10, found \"7\""),
    BadInput(
        "grade 11", replace: "\"grade\": 9", with: "\"grade\": 11", 7, 47, "$.students[0].grade",
        "expected an integer from 1 to 10, found 11"),
    BadInput(
        "grade 3.5", replace: "\"grade\": 9", with: "\"grade\": 3.5", 7, 47, "$.students[0].grade",
        "expected an integer from 1 to 10, found 3.5"),
    BadInput(
        "no such day", replace: "2024-09-03", with: "2025-02-30", 8, 16,
        "$.students[0].absence[0].date",
        "expected a date \"YYYY-MM-DD\", found \"2025-02-30\" (no such day)"),
    BadInput(
        "unknown enum", replace: "\"kind\": \"day\"", with: "\"kind\": \"week\"", 8, 38,
        "$.students[0].absence[0].kind",
        "expected one of \"day\", \"hours\", found \"week\""),
    BadInput(
        "missing grade", replace: "\"grade\": 9, ", with: "", 7, 5, "$.students[0]",
        "missing required field \"grade\""),
    BadInput(
        "missing asOf", replace: "  \"asOf\": \"2025-01-31\",\n", with: "", 1, 1, "$",
        "missing required field \"asOf\""),
    BadInput(
        "wrong format", replace: "tidlig/1", with: "tidlig/3", 2, 13, "$.format",
        "expected \"tidlig/1\" or \"tidlig/2\" (the formats this version reads), found \"tidlig/3\""
    ),
    BadInput(
        "unknown school", replace: "\"school\": \"nes-us\"", with: "\"school\": \"nes-ux\"", 7, 28,
        "$.students[0].school",
        "unknown school \"nes-ux\"; the schools are \"nes-us\" (did you mean 'nes-us'?)"),
    BadInput(
        "duplicate student id", replace: "    ]}\n  ]",
        with: "    ]},\n    {\"id\": \"S1\", \"school\": \"nes-us\", \"grade\": 2}\n  ]", 10, 12,
        "$.students[1].id",
        "duplicate student id \"S1\" (first at $.students[0])"),
    BadInput(
        "duplicate school id", replace: "\"name\": \"A\"}",
        with: "\"name\": \"A\"}, {\"id\": \"nes-us\", \"name\": \"B\"}",
        5, 53, "$.schools[1].id", "duplicate school id \"nes-us\" (first at $.schools[0])"),
    BadInput(
        "hours without hours", replace: "\"kind\": \"day\"", with: "\"kind\": \"hours\"", 8, 7,
        "$.students[0].absence[0]",
        "missing required field \"hours\" (required when kind is \"hours\")"),
    BadInput(
        "raw control character", replace: "\"name\": \"A\"", with: "\"name\": \"A\tB\"", 5, 42,
        "$.schools[0].name",
        "control character U+0009 in a string"),
    BadInput(
        "bad escape", replace: "\"name\": \"A\"", with: "\"name\": \"A\\qB\"", 5, 42,
        "$.schools[0].name",
        "invalid escape '\\q'"),
    BadInput(
        "lone surrogate", replace: "\"name\": \"A\"", with: "\"name\": \"A\\ud800\"", 5, 42,
        "$.schools[0].name",
        "unpaired surrogate '\\uD800'"),
    BadInput(
        "calendar ends before it starts", replace: "\"end\": \"2025-06-20\"",
        with: "\"end\": \"2024-06-20\"", 4, 46,
        "$.calendar.end", "the calendar ends (2024-06-20) before it starts (2024-08-19)"),
    BadInput(
        "id with a space", replace: "\"id\": \"S1\"", with: "\"id\": \"S 1\"", 7, 12,
        "$.students[0].id",
        "expected an id (1 to 64 of A-Z a-z 0-9 . _ -, starting with a letter or digit), found a text of 3 characters (not shown)"
    ),
    BadInput(
        "id with a slash", replace: "\"id\": \"S1\"", with: "\"id\": \"S/1\"", 7, 12,
        "$.students[0].id",
        "found \"S/1\""),
    BadInput(
        "free text is not echoed", replace: "\"kind\": \"day\"",
        with: "\"kind\": \"day\", \"documented\": \"doctor called, fever\"", 8, 59,
        "$.students[0].absence[0].documented",
        "expected true or false, found a text of 20 characters (not shown)"),
    BadInput("empty file", text: "", 1, 1, "$", "unexpected end of file; expected an object"),
    BadInput(
        "closure ends before it starts", replace: "\"end\": \"2025-06-20\"}",
        with:
            "\"end\": \"2025-06-20\", \"closures\": [{\"from\": \"2024-10-04\", \"to\": \"2024-09-30\"}]}",
        4, 102,
        "$.calendar.closures[0].to", "the closure ends (2024-09-30) before it starts (2024-10-04)"),
    // 65 services of 26 characters and ", " each, after `  "services": [` (15 characters): the 65th at 16 + 64 * 28.
    BadInput(
        "more than 64 services", replace: "  \"students\": [",
        with: "  \"services\": ["
            + (0..<65).map { "{\"id\": \"v\($0 < 10 ? "0" : "")\($0)\", \"name\": \"x\"}" }
            .joined(separator: ", ") + "],\n  \"students\": [",
        6, 1808, "$.services[64]", "more than 64 services"),
    // tidlig/1 holds one school year: a record before its start or after its end is another year's.
    BadInput(
        "record before the school year", replace: "2024-09-03", with: "2024-08-16", 8, 16,
        "$.students[0].absence[0].date",
        "absence on 2024-08-16 lies outside the school year (2024-08-19 to 2025-06-20) of the calendar"
    ),
    BadInput(
        "record of the next school year", replace: "2024-09-03", with: "2025-08-20", 8, 16,
        "$.students[0].absence[0].date",
        "absence on 2025-08-20 lies outside the school year (2024-08-19 to 2025-06-20) of the calendar; a file of several school years is \"format\": \"tidlig/2\""
    ),
    // Line 9 becomes `    ], "involvements": [{"service": "ppt", "date": "2024-10-01", "ended": "2024-09-30"}]}`.
    BadInput(
        "involvement ended before it began", replace: "    ]}\n  ]",
        with:
            "    ], \"involvements\": [{\"service\": \"ppt\", \"date\": \"2024-10-01\", \"ended\": \"2024-09-30\"}]}\n  ]",
        9, 75, "$.students[0].involvements[0].ended",
        "\"ended\" 2024-09-30 is before the involvement's \"date\" 2024-10-01"),
    BadInput(
        "leading zero", replace: "\"grade\": 9", with: "\"grade\": 09", 7, 47,
        "$.students[0].grade",
        "a number cannot start with 0 followed by digits"),
    BadInput(
        "duplicate key", replace: "\"grade\": 9", with: "\"grade\": 9, \"grade\": 8", 7, 50,
        "$.students[0].grade",
        "duplicate key \"grade\"; each key at most once per object"),
    // Typed values given as null, false or a bare word (each used to recurse until the stack was gone).
    BadInput("null document", text: "null", 1, 1, "$", "expected an object, found null"),
    BadInput("false document", text: " false", 1, 2, "$", "expected an object, found false"),
    BadInput("bare word", text: "nope", 1, 1, "$", "expected an object, found 'n'"),
    BadInput(
        "null municipality", replace: "\"asOf\": \"2025-01-31\"",
        with: "\"municipality\": null, \"asOf\": \"2025-01-31\"",
        3, 19, "$.municipality", "expected a string, found null"),
    BadInput(
        "null grade", replace: "\"grade\": 9", with: "\"grade\": null", 7, 47,
        "$.students[0].grade",
        "expected an integer from 1 to 10, found null"),
    BadInput(
        "false school", replace: "\"school\": \"nes-us\"", with: "\"school\": false", 7, 28,
        "$.students[0].school",
        "found false"),
    BadInput(
        "bare word for a boolean", replace: "\"kind\": \"day\"",
        with: "\"kind\": \"day\", \"documented\": nul", 8, 59,
        "$.students[0].absence[0].documented", "expected true or false, found 'n'"),
    BadInput(
        "null in a skipped value", replace: "\"grade\": 9", with: "\"grade\": 9, \"extra\": [nul]",
        7, 60,
        "$.students[0].extra[0]", "expected a value, found 'n'"),
    // Numbers: every one the model keeps is bounded (hours above Float's range used to trap later).
    BadInput(
        "hours above Float", replace: "\"kind\": \"day\"",
        with: "\"kind\": \"hours\", \"hours\": 1e39", 8, 56,
        "$.students[0].absence[0].hours", "expected a number above 0 and at most 24, found 1e39"),
    BadInput(
        "hours above Int", replace: "\"kind\": \"day\"",
        with: "\"kind\": \"hours\", \"hours\": 1e19", 8, 56,
        "$.students[0].absence[0].hours", "found 1e19"),
    BadInput(
        "tiny hoursPerDay", replace: "\"end\": \"2025-06-20\"}",
        with: "\"end\": \"2025-06-20\", \"hoursPerDay\": 1e-300}",
        4, 75, "$.calendar.hoursPerDay", "expected a number from 1 to 24, found 1e-300"),
    // Duplicate keys anywhere: known keys, keys the schema does not name, nested in skipped values.
    BadInput(
        "duplicate reason", replace: "\"kind\": \"day\"",
        with: "\"kind\": \"day\", \"reason\": \"a\", \"reason\": \"b\"",
        8, 60, "$.students[0].absence[0].reason", "duplicate key \"reason\""),
    BadInput(
        "duplicate key in a skipped object", replace: "\"grade\": 9",
        with: "\"grade\": 9, \"extra\": {\"a\": 1, \"a\": 2}",
        7, 68, "$.students[0].extra.a", "duplicate key \"a\""),
    BadInput(
        "duplicate key in a skipped array", replace: "\"grade\": 9",
        with: "\"grade\": 9, \"extra\": [{\"b\": 1, \"b\": 1}]",
        7, 69, "$.students[0].extra[0].b", "duplicate key \"b\""),
    BadInput(
        "duplicate unknown key", replace: "\"grade\": 9",
        with: "\"grade\": 9, \"x-y\": 1, \"x-y\": 2", 7, 60,
        "$.students[0][\"x-y\"]", "duplicate key \"x-y\""),
    BadInput(
        "duplicate key written with an escape", replace: "\"grade\": 9",
        with: "\"grade\": 9, \"gr\\u0061de\": 8", 7, 50,
        "$.students[0].grade", "duplicate key \"grade\""),
    BadInput(
        "duplicate top-level key", replace: "\"format\": \"tidlig/1\",",
        with: "\"format\": \"tidlig/1\", \"format\": \"tidlig/1\",",
        2, 25, "$.format", "duplicate key \"format\""),
    BadInput(
        "duplicate calendar key", replace: "\"end\": \"2025-06-20\"}",
        with: "\"end\": \"2025-06-20\", \"start\": \"2024-08-19\"}",
        4, 60, "$.calendar.start", "duplicate key \"start\""),
    // Nesting: values the schema does not name are skipped by a bounded recursion.
    BadInput(
        "nesting deeper than 512", replace: "\"grade\": 9",
        with: "\"grade\": 9, \"deep\": " + String(repeating: "[", count: 600)
            + String(repeating: "]", count: 600),
        7, 58 + 512, "$.students[0].deep" + String(repeating: "[0]", count: 512),
        "values nested deeper than 512 levels"),
]

@Suite struct LoaderErrorTests {
    @Test(arguments: badInputs)
    func badInputIsRefusedWithItsPosition(_ input: BadInput) {
        do {
            _ = try DataSetLoader.load(bytes: Array(input.text.utf8), source: "bad.json")
            Issue.record("\(input.name): loaded")
        } catch {
            #expect(error.line == input.line, "\(input.name): \(error)")
            #expect(error.column == input.column, "\(input.name): \(error)")
            #expect(error.path == input.path, "\(input.name): \(error)")
            #expect(error.message.contains(input.message), "\(input.name): \(error)")
            #expect(!error.isIOError)
        }
    }

    @Test(arguments: [
        (
            "weekend", "{\"date\": \"2024-09-07\", \"kind\": \"day\"}", "weekend-record",
            "$.students[0].absence[0]"
        ),
        // The calendar's last day, after asOf: inside the school year, so kept and reported.
        (
            "last day, after asOf", "{\"date\": \"2025-06-20\", \"kind\": \"day\"}", "after-as-of",
            "$.students[0].absence[0]"
        ),
        (
            "day and hours",
            "{\"date\": \"2024-09-03\", \"kind\": \"day\"}, {\"date\": \"2024-09-03\", \"kind\": \"hours\", \"hours\": 1}",
            "duplicate-date", "$.students[0].absence[1]"
        ),
        (
            "hours above a day",
            "{\"date\": \"2024-09-03\", \"kind\": \"hours\", \"hours\": 3}, {\"date\": \"2024-09-03\", \"kind\": \"hours\", \"hours\": 3.5}",
            "hours-above-day", "$.students[0].absence[1]"
        ),
        (
            "after asOf", "{\"date\": \"2025-02-03\", \"kind\": \"day\"}", "after-as-of",
            "$.students[0].absence[0]"
        ),
        (
            "unknown service",
            "{\"date\": \"2024-09-03\", \"kind\": \"day\"}], \"involvements\": [{\"service\": \"nav\", \"date\": \"2024-09-03\"}",
            "unknown-service", "$.students[0].involvements[0].service"
        ),
    ])
    func dataQualityProblemIsKeptAndReported(
        _ name: String, _ records: String, _ kind: String, _ path: String
    ) throws {
        let text = LoaderSample.text.replacingOccurrences(
            of: "{\"date\": \"2024-09-03\", \"kind\": \"day\"}", with: records)
        let data = try DataSetLoader.load(bytes: Array(text.utf8), source: "<sample>")
        #expect(data.problems.map(\.kind.rawValue) == [kind], "\(name)")
        #expect(data.problems.first?.path == path, "\(name)")
        #expect(data.problems.first?.studentID == "S1", "\(name)")
    }
}
