import Testing
import TidligCore
import TidligTestSupport

/// `run FILE` and `source FILE` inside the shell, on the built binary.
@Suite struct RunCommandTests {
    let shell = EndToEndTests()
    var home: String { shell.home.path }

    @Test func aScriptRunsInTheSessionWithItsErrorsLocatedInIt() throws {
        try SecureFile.write(path: home + "/hand.json", text: try #require(readText(shell.hand)))
        try SecureFile.write(
            path: home + "/inner.tidlig",
            text: """
                # paths resolve against the script's folder
                load hand.json
                let high = students where days >= 15
                count students where dayz > 1
                count students
                """)
        let result = try shell.run(["-c", "run ~/inner.tidlig", "-c", "count high"])
        #expect(result.status == 65)
        #expect(
            result.stderr.contains("inner.tidlig:4:22: error: unknown field 'dayz'"),
            "\(result.stderr)")
        #expect(!result.stdout.contains("students\n--------\n       4"))  // line 5 never ran
        // The same with --keep-going on: the script stops, the -c after it runs in the session
        // the script left (hand.json loaded, 'high' made: B2).
        let on = try shell.run(["--keep-going", "-c", "source ~/inner.tidlig", "-c", "count high"])
        #expect(on.status == 65)
        #expect(on.stdout.hasSuffix("students\n--------\n       1\n"), "\(on.stdout)")
    }

    @Test func aScriptThatRunsItselfStops() throws {
        try SecureFile.write(path: home + "/loop.tidlig", text: "run loop.tidlig\n")
        let result = try shell.run(["-c", "run ~/loop.tidlig"])
        #expect(result.status == 65)
        #expect(result.stderr.contains("scripts run each other more than 16 deep"))
        let missing = try shell.run(["-c", "run ~/nowhere.tidlig"])
        #expect(missing.status == 74)
        #expect(missing.stderr.contains("cannot read ~/nowhere.tidlig"))
    }
}
