import Testing
import TidligTestSupport
@testable import TidligCore

/// One continuation loop for the shell, scripts, `-c` and transcripts; each statement parsed once.
@Suite struct StatementAssemblerTests {
    func statements(_ outcome: StatementAssembler.Outcome) -> [Result<any Command, ParseFailure>]? {
        if case .ready(let chunk) = outcome { return chunk.statements.map(\.parsed) }
        return nil
    }

    @Test func anIncompleteStatementWaitsForTheNextLine() throws {
        var assembler = StatementAssembler(name: "weekly.tidlig")
        guard case .needsMore = assembler.add("students where days > 1 and", number: 3) else {
            Issue.record("a trailing 'and' should ask for more"); return
        }
        #expect(!assembler.isEmpty)
        let outcome = assembler.add("  grade > 3", number: 4)
        guard case .ready(let chunk) = outcome else {
            Issue.record("complete after the second line"); return
        }
        #expect(assembler.isEmpty)
        #expect(chunk.source.text == "students where days > 1 and\n  grade > 3")
        #expect(chunk.source.firstLine == 3 && chunk.source.name == "weekly.tidlig")
        #expect(chunk.statements.count == 1)
        let list = try #require(try chunk.statements[0].parsed.get() as? ListCommand)
        #expect(list.query.filter != nil)
    }

    @Test func blankLinesAndCommentsRunNothing() {
        var assembler = StatementAssembler(name: nil)
        guard case .blank = assembler.add("   # a comment", number: 1) else {
            Issue.record("blank"); return
        }
        guard case .blank = assembler.add("", number: 2) else { Issue.record("blank"); return }
        #expect(assembler.isEmpty)
    }

    @Test func onlyTheLastOfSeveralStatementsContinues() {
        var assembler = StatementAssembler(name: nil)
        guard case .needsMore = assembler.add("count students; students where", number: 1) else {
            Issue.record("the second statement is incomplete"); return
        }
        let parsed = statements(assembler.add("days > 1", number: 2))
        #expect(parsed?.count == 2)
        #expect(
            parsed.map { $0.allSatisfy { if case .success = $0 { true } else { false } } } == true)
    }

    @Test func atTheEndOfInputAnIncompleteStatementComesOutToFail() {
        var assembler = StatementAssembler(name: nil)
        guard let parsed = statements(assembler.add("students where", number: 1, more: false)),
            case .failure(.incomplete(let diagnostic)) = parsed.first
        else { Issue.record("expected an incomplete parse"); return }
        #expect(diagnostic.message.hasPrefix("unexpected end of input"))
    }

    @Test func aScriptsContinuedStatementRunsOnceAndPointsAtItsLine() throws {
        let sink = CapturingSink()
        let session = Session(
            data: try DataSetLoader.load(path: TestPaths.fixtures + "/hand.json"), output: sink)
        let status = session.runScript(
            "# weekly\n\ncount students where\n  dayz > 1\n", name: "w.tidlig")
        #expect(status == ExitStatus.dataError)
        #expect(
            sink.text == """
                w.tidlig:4:3: error: unknown field 'dayz'
                4 |   dayz > 1
                  |   ^^^^ did you mean 'days'?

                """)
    }

    @Test func transcriptsGoThroughTheShellsContinuation() {
        // `count students` is complete on its own line: the shell runs it at once, and then
        // `where days > 1` alone; a transcript that claims otherwise shows the difference.
        let transcript = Transcript(text: "> count students\n... where days > 1\n")
        let data = try? DataSetLoader.load(path: TestPaths.fixtures + "/hand.json")
        let output = transcript.run(baseDirectory: TestPaths.fixtures, data: data)
        #expect(output[0].prefix(3) == ["students", "--------", "       4"])
        #expect(
            output[0].contains {
                $0.hasPrefix("error: expected 'students' or the name of a result")
            })
        // Written as the shell asks for it, the continuation is one statement.
        let right = Transcript(text: "> count students where\n... days > 1\n")
        #expect(
            right.run(baseDirectory: TestPaths.fixtures, data: data)[0] == [
                "students", "--------", "       3",
            ])
    }
}

/// `tidlig run` without `--data` uses the built-in sample, made only when a statement asks.
@Suite struct PendingDataTests {
    final class Counter: @unchecked Sendable { var made = 0 }

    @Test func theSampleIsMadeOnlyWhenAStatementNeedsIt() throws {
        let counter = Counter()
        let hand = try DataSetLoader.load(path: TestPaths.fixtures + "/hand.json")
        let sink = CapturingSink()
        let session = Session(output: sink)
        session.useData {
            counter.made += 1; return hand
        }
        session.execute(SourceFile(name: nil, text: "set threshold 10"))
        #expect(counter.made == 0)
        session.execute(SourceFile(name: nil, text: "count students"))
        #expect(counter.made == 1)
        #expect(sink.text.hasSuffix("       4\n"))
        session.execute(SourceFile(name: nil, text: "count students"))
        #expect(counter.made == 1)
    }

    @Test func aLoadFirstNeverMakesTheSample() throws {
        let counter = Counter()
        let session = Session(output: CapturingSink())
        session.baseDirectory = TestPaths.fixtures
        session.useData {
            counter.made += 1; return try DataSetLoader.load(path: TestPaths.fixtures + "/sim.json")
        }
        session.execute(SourceFile(name: nil, text: "load hand.json"))
        #expect(session.data?.studentCount == 4)
        #expect(counter.made == 0)
    }
}
