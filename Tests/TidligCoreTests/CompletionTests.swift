import Testing
@testable import TidligCore

@Suite struct CompletionTests {
    let session: Session
    let completer: SessionCompleter

    init() throws {
        session = Session(data: try DataSetLoader.load(path: TestPaths.fixtures + "/hand.json"), output: CapturingSink())
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
    ])
    func completes(_ line: String, _ expected: [String]) {
        #expect(completer.complete(line).candidates == expected, "\(line)")
    }

    @Test func pathsAfterLoad() {
        let completion = completer.complete("load " + TestPaths.fixtures + "/han")
        #expect(completion.candidates == [TestPaths.fixtures + "/hand.json"])
        #expect(completer.complete("load " + TestPaths.tests + "/Fix").candidates == [TestPaths.fixtures + "/"])
    }
}
