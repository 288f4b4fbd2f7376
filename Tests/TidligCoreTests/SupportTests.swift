#if canImport(Glibc)
    import Glibc
#endif
import Testing
@testable import TidligCore

/// The `Support` room: reading files and pipes, paths against a script's folder, "did you mean",
/// line and column.
@Suite struct SupportTests {
    /// A pipe holding `text` (written whole, then closed), as `<(...)` gives a command.
    func pipe(holding text: String) -> Int32 {
        var ends: [Int32] = [0, 0]
        #expect(Glibc.pipe(&ends) == 0)
        var text = text
        text.withUTF8 { bytes in _ = Glibc.write(ends[1], bytes.baseAddress, bytes.count) }
        close(ends[1])
        return ends[0]
    }

    @Test func readTextReadsAPipeInFull() throws {
        let fd = pipe(holding: "line one\nline two\n")
        defer { close(fd) }
        #expect(try readText(path: "/dev/fd/\(fd)") == "line one\nline two\n")
    }

    @Test func readTextSaysWhyAMissingFileCannotBeRead() {
        #expect(throws: FileFailure.self) { try readText(path: "/nonexistent/x.tidlig") }
        do { _ = try readText(path: "/nonexistent/x.tidlig") } catch {
            #expect(
                error.description == "cannot read /nonexistent/x.tidlig: No such file or directory")
        }
    }

    @Test func policyLoadReadsAProcessSubstitution() {
        let fd = pipe(
            holding: """
                policy piped "from a pipe"
                  step mapping when days >= 3 by school within 2 school days
                end
                """)
        defer { close(fd) }
        let sink = CapturingSink()
        let session = Session(output: sink)
        session.execute(SourceFile(name: nil, text: "policy load /dev/fd/\(fd)"))
        #expect(sink.text == "loaded 1 policy from /dev/fd/\(fd): piped\n")
        #expect(session.policies.names.contains("piped"))
    }

    @Test func pathsResolveAgainstTheScriptsFolder() {
        #expect(FilePaths.resolve("week.json", against: "/srv/weekly") == "/srv/weekly/week.json")
        #expect(FilePaths.resolve("week.json", against: "/srv/weekly/") == "/srv/weekly/week.json")
        #expect(FilePaths.resolve("/data/week.json", against: "/srv/weekly") == "/data/week.json")
        #expect(FilePaths.resolve("week.json", against: nil) == "week.json")
    }

    @Test func directoryListingMarksDirectories() throws {
        let entries = FilePaths.list(TestPaths.tests)
        #expect(entries.contains(FilePaths.Entry(name: "Fixtures", isDirectory: true)))
        #expect(entries.contains(FilePaths.Entry(name: "TidligCoreTests", isDirectory: true)))
        #expect(!entries.contains { $0.name == "." || $0.name == ".." })
        #expect(FilePaths.list("/nonexistent").isEmpty)
    }

    @Test func oneEditDistanceForEverySuggestion() {
        #expect(editDistance("days", "dayz") == 1)
        #expect(editDistance("kitten", "sitting") == 3)
        #expect(editDistance("", "abc") == 3)
        #expect(editDistance("Days", "dAYS") == 0)  // case does not count
        #expect(editDistance("skøle", "skole") == 1)  // characters, not bytes
        // Up to 3 characters: 1 edit; longer: 2.
        #expect(closestMatch(to: "dys", in: ["days"]) == "days")
        #expect(closestMatch(to: "ds", in: ["days"]) == nil)
        #expect(closestMatch(to: "strek", in: ["streak", "stage"]) == "streak")
        #expect(closestMatch(to: "percnt", in: ["hours", "percent"]) == "percent")
        #expect(closestMatch(to: "zzzzzz", in: ["days", "hours"]) == nil)
    }

    @Test func lineAndColumnCountCharacters() {
        let text = "første\nlinje to\r\nøæå x"
        let bytes = Array(text.utf8)
        #expect(TextLocation(offset: 0, in: bytes) == TextLocation(line: 1, column: 1))
        // "ø" is two bytes: the "r" after it is byte 3 and column 3.
        #expect(TextLocation(offset: 3, in: bytes) == TextLocation(line: 1, column: 3))
        let x = bytes.count - 1
        #expect(TextLocation(offset: x, in: bytes) == TextLocation(line: 3, column: 5))
        #expect(TextLocation(offset: 10_000, in: bytes) == TextLocation(line: 3, column: 6))
        let source = SourceFile(name: nil, text: text, firstLine: 10)
        #expect(source.location(of: x) == (12, 5))
        #expect(source.lineText(containing: 9) == "linje to")
    }
}
