import Glibc
import Testing
import TidligTestSupport
@testable import TidligCore

@Suite struct CompletionTests {
    let session: Session
    let completer: SessionCompleter

    init() throws {
        session = Session(
            data: try DataSetLoader.load(path: TestPaths.fixtures + "/hand.json"),
            output: CapturingSink())
        completer = SessionCompleter(session: session)
    }

    @Test(arguments: [
        ("sch", ["schools"]),
        ("students where da", ["days"]),
        ("students where involved(p", ["ppt"]),
        ("students where school = \"no", ["north\""]),
        ("show B", ["B2"]),
        ("set form", ["format"]),
        ("set format c", ["csv"]),
        ("problems we", ["weekend-record"]),
        ("help aud", ["audit"]),
        ("simulate ba", ["baerum"]),
        ("compare actual, ne", ["nes"]),
        ("timeline B2 under a", ["actual"]),
        ("notify p", ["ppt"]),
        ("preview he", ["health"]),
        ("students where school = no", ["\"north\""]),
        ("students where stage != p", ["\"primary\""]),
        ("help as", ["as of"]),
        ("set expanded a", ["auto"]),
        ("case B", ["B2"]),
        ("cas", ["case", "cases"]),
        ("effect o", ["of"]),
        ("effect of me", ["measures"]),
        ("cases where grade = 9 by s", ["school", "service"]),
    ])
    func completes(_ line: String, _ expected: [String]) {
        #expect(completer.complete(line).candidates == expected, "\(line)")
    }

    @Test func pathsAfterRunReportIntoAndHome() throws {
        let fixtures = TestPaths.fixtures + "/han"
        for line in ["run ", "source ", "report ", "students where days > 1 into ", "set output "] {
            #expect(
                completer.complete(line + fixtures).candidates == [
                    TestPaths.fixtures + "/hand.json"
                ], "\(line)")
        }
        // ~/ lists the home directory and stays ~/ in the line.
        let home = TemporaryDirectory(prefix: "tidlig-home")
        try SecureFile.write(path: home.path + "/risk-list.csv", text: "")
        let saved = getenv("HOME").map { String(cString: $0) }
        setenv("HOME", home.path, 1)
        defer { if let saved { setenv("HOME", saved, 1) } }
        #expect(completer.complete("count students into ~/ri").candidates == ["~/risk-list.csv"])
    }

    /// Each command answers for its own words; field arguments come from the field catalog.
    @Test(arguments: [
        ("students where recent(4 ", ["days", "weeks"]),
        ("students where crossing(15 ", ["days"]),
        (
            "students where minutes_missing(",
            ["health", "mental", "mental-health-family", "ppt", "school-health"]
        ),
        ("set timing o", ["off", "on"]),
        ("set asof d", ["data"]),
        ("help uni", ["units"]),
        ("help stre", ["streak"]),
        ("timeline B", ["B2"]),
        ("policy ", ["load", "show"]),
    ])
    func commandsAndFieldsAnswerForThemselves(_ line: String, _ expected: [String]) {
        #expect(completer.complete(line).candidates == expected, "\(line)")
    }

    @Test func pathsAfterLoad() {
        let completion = completer.complete("load " + TestPaths.fixtures + "/han")
        #expect(completion.candidates == [TestPaths.fixtures + "/hand.json"])
        #expect(
            completer.complete("load " + TestPaths.tests + "/Fix").candidates == [
                TestPaths.fixtures + "/"
            ])
    }
}
