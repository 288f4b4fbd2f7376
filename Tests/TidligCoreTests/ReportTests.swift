#if canImport(Glibc)
    import Glibc
#endif
import Testing
import TidligTestSupport
@testable import TidligCore

/// `report` writes one Markdown file, readable by the user only, with the three tables.
@Suite struct ReportTests {
    @Test func reportHoldsTableOneAuditAndDelays() throws {
        let directory = TemporaryDirectory(prefix: "tidlig-report")
        let sink = CapturingSink()
        let session = Session(output: sink)
        session.baseDirectory = TestPaths.fixtures
        session.execute(SourceFile(name: nil, text: "load audit.json"))
        let path = directory.path + "/crossed.md"
        session.execute(SourceFile(name: nil, text: "report \(path) students where days >= 15"))
        #expect(sink.text.hasSuffix("wrote \(path): 4 students\n"))
        let text = try #require(readText(path))
        // Four students crossed 15 days (E1, E2, E3, E5), all at school x.
        #expect(
            text.contains(
                "Selection: `students where days >= 15`, 4 students, as of 2025-03-14, action threshold 15 days."
            ))
        #expect(text.contains("| x | X ungdomsskole | 4 |"))
        #expect(text.contains("| causes described | 2 | 50.0 |"))
        #expect(text.contains("| ppt | 4 | 3 | 1 | 140.0 | 0.0 | 17 | 17 | 17 |"))
        var info = stat()
        #expect(stat(path, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
    }
}
