import Glibc
import Testing
import TidligCore
import TidligTestSupport

/// Every example in `help` runs on the built-in sample without an error, so help stays true.
@Suite struct HelpExamplesTests {
    let folder = TemporaryDirectory(prefix: "tidlig-help")

    /// A session on the sample with its files (ledger, outbox, reports) in a fresh folder, and
    /// the files the examples name: an export to load, a policy file, a script.
    func session(_ sink: CapturingSink) throws -> Session {
        let session = Session(data: try Sample.load(), output: sink)
        session.baseDirectory = folder.path
        _ = session.settings.apply(["ledger=\(folder.path)/ledger.sqlite"])
        #expect(
            mkdir(folder.path + "/exports", 0o700) == 0
                && mkdir(folder.path + "/policies", 0o700) == 0)
        try SecureFile.write(
            path: folder.path + "/exports/week-47.json",
            text: try #require(readText(TestPaths.fixtures + "/hand.json")))
        try SecureFile.write(
            path: folder.path + "/policies/2025.tidlig",
            text: try #require(readText(TestPaths.fixtures + "/policies.tidlig")))
        try SecureFile.write(path: folder.path + "/weekly.tidlig", text: "count students\n")
        return session
    }

    @Test func everyExampleRunsOnTheSample() throws {
        let examples = HelpCommand.allExamples
        setenv("TIDLIG_WEBHOOK_SECRET", "example", 1)  // the webhook example assumes it exported
        #expect(examples.count > 60)
        let sink = CapturingSink()
        let session = try session(sink)
        for example in examples {
            sink.reset()
            // Examples that load another file come last in their command's list; start afresh.
            if session.data?.source != "<sample>" { session.replaceData(try Sample.load()) }
            let status = session.execute(SourceFile(name: nil, text: example))
            if example.split(separator: "\n").last?.hasPrefix("open") == true,
                getenv("DISPLAY") == nil,
                getenv("WAYLAND_DISPLAY") == nil
            {
                // No desktop in a test run: `open` must find the file, then say there is no desktop.
                #expect(
                    status == ExitStatus.ioError && sink.text.contains("no desktop to open"),
                    "help example failed: \(example)\n\(sink.text)")
                continue
            }
            #expect(status == nil, "help example failed: \(example)\n\(sink.text)")
            session.settings.format = .table
            session.settings.asOf = nil
        }
    }

    @Test func topicsAnswerForFieldsOperatorsDatesAndUnits() throws {
        let sink = CapturingSink()
        let session = try session(sink)
        for (topic, words) in [
            ("help days", "whole days of absence"), ("help where", "loosest first"),
            ("help as of", "export date"), ("help units", "school weeks"),
            ("help preview", "dry run"),
        ] {
            sink.reset()
            #expect(session.execute(SourceFile(name: nil, text: topic)) == nil)
            #expect(sink.text.contains(words), "\(topic): \(sink.text)")
        }
        sink.reset()
        #expect(session.execute(SourceFile(name: nil, text: "help dayz")) != nil)
        #expect(sink.text.contains("did you mean 'days'?"))
    }
}
