import Glibc
import Testing
import TidligTestSupport

/// Drives `tidlig-lineedit-probe` (an `EditLineReader` that echoes "got: <line>") through a real
/// pseudo-terminal: completion, Ctrl-C, UTF-8 editing, Ctrl-D and history across restarts.
@Suite struct PseudoTerminalTests {
    static let prompt = "probe> "
    /// A fresh HOME and history folder per test (each test gets its own suite instance).
    let home = TemporaryDirectory(prefix: "tidlig-pty")
    var historyDirectory: String { home.path }

    /// Starts the probe with a fresh history file (or `history`) and waits for its prompt.
    func startProbe(history: String? = nil) throws -> PseudoTerminal {
        let probe = try #require(
            PseudoTerminal.builtProduct(named: "tidlig-lineedit-probe"),
            "tidlig-lineedit-probe not built next to the tests")
        let tty = try PseudoTerminal(
            executable: probe,
            environment: [
                "TERM": "xterm", "LANG": "C.UTF-8", "HOME": historyDirectory,
                "TIDLIG_HISTORY": history ?? historyDirectory + "/state/history",
            ])
        try tty.expectPrompt(Self.prompt)
        return tty
    }

    @Test func tabCompletesAUniqueWordWithASpace() throws {
        let tty = try startProbe()
        tty.send("sc\t")
        try tty.expect("hools ")  // libedit redraws only what changed
        tty.send("\r")
        try tty.expect("got: schools \r\n")
        try tty.expectPrompt(Self.prompt)
    }

    @Test func tabListsSeveralCandidates() throws {
        let tty = try startProbe()
        tty.send("s\t\t")
        let listing = try tty.expect("students")
        for word in ["schools", "set", "show"] { #expect(listing.contains(word)) }
        try tty.expectPrompt(Self.prompt)  // the prompt and "s" are redrawn below the list
        tty.send("et\r")
        try tty.expect("got: set")
    }

    @Test func ctrlCDropsTheLineAndKeepsRunning() throws {
        let tty = try startProbe()
        tty.send("half typed")
        try tty.expect("half typed")
        tty.sendControl("c")
        try tty.expect("interrupted")
        try tty.expectPrompt(Self.prompt)
        #expect(tty.isRunning)
        tty.send("next\r")
        try tty.expect("got: next")
    }

    @Test func ctrlCCancelsARunningCommandWithoutKillingTheProcess() throws {
        let tty = try startProbe()
        tty.send("wait\r")
        try tty.expect("got: wait")
        usleep(100_000)
        tty.sendControl("c")
        try tty.expect("cancelled", timeout: 3)
        tty.send("after\r")
        try tty.expect("got: after")
    }

    @Test func editsUTF8ByCharacter() throws {
        let tty = try startProbe()
        tty.send("æøå")
        try tty.expect("å")
        tty.send("\u{7f}\r")  // Backspace removes one character, not one byte
        try tty.expect("got: æø\r\n")
    }

    @Test func historySurvivesARestartWithOwnerOnlyMode() throws {
        let history = historyDirectory + "/nested/state/history"
        let first = try startProbe(history: history)
        first.send("show students\r")
        try first.expect("got: show students")
        try first.expectPrompt(Self.prompt)
        first.sendControl("d")
        #expect(try first.waitForExit() == 0)

        var info = stat()
        #expect(stat(history, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
        #expect(stat(historyDirectory + "/nested/state", &info) == 0)
        #expect(info.st_mode & 0o777 == 0o700)

        let second = try startProbe(history: history)
        second.send("\u{1b}[A\r")
        try second.expect("got: show students")
    }

    @Test func aMultiLineStatementComesBackWholeFromHistory() throws {
        let tty = try startProbe()
        tty.send("show \\\r")
        try tty.expect("   ...> ")
        tty.send("schools\r")
        try tty.expect("got: schools")
        try tty.expectPrompt(Self.prompt)
        tty.send("\u{1b}[A\r")
        try tty.expect("got: show \\\r\nschools")  // the terminal shows "\n" as "\r\n"
    }
}
