import Glibc
import Testing
import TidligTestSupport
import TidligCore

/// The analyst's habits in the real `tidlig` shell, through a real pseudo-terminal (80x24):
/// one test per habit.
@Suite struct AnalystTerminalTests {
    static let prompt = "tidlig> "
    let home = TemporaryDirectory(prefix: "tidlig-shell")

    /// Starts `tidlig ARGUMENTS` in a pty with a fresh HOME and history, waiting for the prompt.
    func startShell(
        _ arguments: [String] = [TestPaths.fixtures + "/hand.json"],
        pager: String = "cat"
    ) throws -> PseudoTerminal {
        let tidlig = try #require(EndToEndTests.binary, "tidlig is not built")
        let tty = try PseudoTerminal(
            executable: tidlig, arguments: arguments,
            environment: [
                "TERM": "xterm", "LANG": "C.UTF-8", "HOME": home.path, "PAGER": pager,
                "TIDLIG_HISTORY": home.path + "/history",
            ])
        try tty.expectPrompt(Self.prompt)
        return tty
    }

    @Test func severalStatementsOnOneLineRunInOrder() throws {
        let tty = try startShell()
        // hand.json: 4 students, B2 the one at 15 days or more; the trailing ';' is fine.
        tty.send("count students; count students where days >= 15;\r")
        let out = try tty.expect("       1\r\n")
        #expect(out.contains("       4\r\n"))
        try tty.expectPrompt(Self.prompt)
        // The first error stops the line: 'show D4' after it does not run.
        tty.send("show nobody; show D4\r")
        try tty.expect("no student with id 'nobody'")
        let rest = try tty.expectPrompt(Self.prompt)
        #expect(!rest.contains("D4  Nord"))
    }

    @Test func theSampleSaysItIsSyntheticAndSuggestsAQuery() throws {
        let tty = try startShell([])
        let banner = tty.transcript
        #expect(banner.contains("the built-in sample is synthetic"))
        #expect(banner.contains("try: schools"))
    }

    @Test func ctrlCStopsALongOutputAndSaysHowManyRowsWereLeft() throws {
        let tty = try startShell([])  // the sample: 2815 students, far more than the pty holds
        tty.send("set pager off\r")
        try tty.expectPrompt(Self.prompt)
        tty.send("students\r")
        usleep(500_000)  // the shell is now blocked writing: nobody reads the terminal
        tty.sendControl("c")
        let out = try tty.expect(" rows not shown", timeout: 20)
        let count = out.split(separator: "cancelled: ").last.flatMap {
            Int($0.prefix { $0.isNumber })
        }
        #expect((count ?? 0) > 0 && (count ?? 0) < 2815, "\(out.suffix(200))")
        #expect(!out.contains("2815 students, as of"))  // the footer never came
        try tty.expectPrompt(Self.prompt)
        tty.send("count students\r")
        try tty.expect("    2815")
    }

    @Test func ctrlCCancelsALongLoadAndTheOldDataStays() throws {
        // 300,000 tiny students: long enough to load that Ctrl-C lands in the middle.
        let path = home.path + "/big.json"
        var json =
            #"{"format": "tidlig/1", "asOf": "2024-10-18", "calendar": {"start": "2024-08-19", "#
            + #""end": "2025-06-20"}, "schools": [{"id": "s", "name": "S", "stage": "primary"}], "students": ["#
        json += (0..<300_000).map { #"{"id": "X\#($0)", "school": "s", "grade": 1}"# }.joined(
            separator: ",\n")
        json += "]}\n"
        try SecureFile.write(path: path, text: json)
        let tty = try startShell()
        tty.send("load \(path)\r")
        usleep(300_000)
        tty.sendControl("c")
        try tty.expect("cancelled", timeout: 20)
        try tty.expectPrompt(Self.prompt)
        tty.send("count students\r")
        try tty.expect("       4\r\n")  // still hand.json's 4 students
    }

    @Test func longResultsGoThroughThePagerShortOnesDoNot() throws {
        let tty = try startShell([], pager: "sed s/^/PAGED:/")
        tty.send("count students\r")
        let short = try tty.expectPrompt(Self.prompt)
        #expect(short.contains("    2815") && !short.contains("PAGED:"))
        tty.send("students where days >= 15\r")  // 739 rows on a 24-row screen
        try tty.expect("PAGED:739 students, as of 2025-06-20", timeout: 20)
        try tty.expectPrompt(Self.prompt)
        tty.send("set pager off\r")
        try tty.expectPrompt(Self.prompt)
        tty.send("students where days >= 15\r")
        let direct = try tty.expect("739 students, as of 2025-06-20", timeout: 20)
        #expect(!direct.contains("PAGED:"))
    }

    @Test func wideTablesAreCutToTheTerminalPipesGetEveryColumn() throws {
        let statement =
            "students where days >= 15 limit 1 with recent(4), streak, documented, undocumented, equiv"
        let tty = try startShell()
        tty.send(statement + "\r")
        // 12 columns are 105 characters wide, more than the pty's 80: the last ones are left out.
        let out = try tty.expect("left out: ")
        #expect(out.contains("B2  south"))
        let rest = try tty.expectPrompt(Self.prompt)
        #expect(rest.contains("undocumented, equiv"))
        let piped = try EndToEndTests().run([TestPaths.fixtures + "/hand.json", "-c", statement])
        #expect(piped.stdout.contains("undocumented  equiv") && !piped.stdout.contains("left out"))
    }

    @Test func twoShellsAtOnceKeepEachOthersHistory() throws {
        let first = try startShell(), second = try startShell()
        for (tty, statement) in [
            (first, "count students"), (second, "schools"), (first, "show D4"),
        ] {
            tty.send(statement + "\r")
            try tty.expectPrompt(Self.prompt)
        }
        first.sendControl("d")
        second.sendControl("d")
        #expect(try first.waitForExit() == 0 && second.waitForExit() == 0)
        let history = try #require(readText(home.path + "/history"))
        for statement in ["count\\040students", "schools", "show\\040D4"] {
            #expect(history.contains(statement + "\n"), "\(statement) lost: \(history)")
        }
        // A third shell finds the other's line with Up: the last entry is 'show D4'.
        let third = try startShell()
        third.send("\u{1b}[A\r")
        try third.expect("D4  Nord")
    }

    @Test func tabCompletesASchoolIdQuoted() throws {
        let tty = try startShell()
        tty.send("count students where school = no\t")
        try tty.expect("\"north\"")
        tty.send("\r")
        try tty.expect("       2\r\n")  // A1 and D4
    }
}
