import Glibc
import Testing
import TidligTestSupport

/// The analyst's habits in the real `tidlig` shell, through a real pseudo-terminal (80x24):
/// one test per habit.
@Suite struct AnalystTerminalTests {
    static let prompt = "tidlig> "
    let home = TemporaryDirectory(prefix: "tidlig-shell")

    /// Starts `tidlig ARGUMENTS` in a pty with a fresh HOME and history, waiting for the prompt.
    func startShell(_ arguments: [String] = [TestPaths.fixtures + "/hand.json"]) throws -> PseudoTerminal {
        let tidlig = try #require(EndToEndTests.binary, "tidlig is not built")
        let tty = try PseudoTerminal(executable: tidlig, arguments: arguments, environment: [
            "TERM": "xterm", "LANG": "C.UTF-8", "HOME": home.path, "PAGER": "cat",
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
}
