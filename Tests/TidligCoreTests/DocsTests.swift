#if canImport(Glibc)
    import Glibc
#endif
import Testing
import TidligCore
import TidligTestSupport

/// Every ```` ```tidlig ```` block in the README and docs/LANGUAGE.md is a transcript on the
/// built-in sample, run as a test, so the docs stay true (like jq's `tests/man.test`).
@Suite struct DocsTests {
    static let documents = ["README.md", "docs/LANGUAGE.md"]

    @Test(arguments: DocsTests.documents)
    func examplesRunAsWritten(_ document: String) throws {
        let text = try #require(
            readText(TestPaths.packageRoot + "/" + document), "\(document) is missing")
        let blocks = fencedBlocks(in: text, info: "tidlig")
        #expect(!blocks.isEmpty, "\(document) has no tidlig examples")
        let sample = try Sample.load()
        var recorded = text
        for block in blocks {
            let transcript = Transcript(text: block.text)
            let actual = transcript.run(baseDirectory: TestPaths.fixtures, data: sample)
            if getenv("TIDLIG_RECORD") != nil {
                let new = String(transcript.recorded(actual).dropLast())
                if new != block.text,
                    let range = recorded.firstRange(of: "```tidlig\n" + block.text + "\n```")
                {
                    recorded.replaceSubrange(range, with: "```tidlig\n" + new + "\n```")
                }
                continue
            }
            for difference in transcript.differences(
                actual, file: "\(document) (block at line \(block.line))")
            {
                Issue.record(Comment(rawValue: difference))
            }
        }
        if recorded != text {
            try SecureFile.write(path: TestPaths.packageRoot + "/" + document, text: recorded)
            Issue.record("re-recorded the examples of \(document); review the diff and run again")
        }
    }
}
