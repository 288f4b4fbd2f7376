import Foundation
import Testing
import TidligTestSupport

/// The built `tidlig` binary as a user runs it: exit codes, piped scripts, flags, and the
/// interactive shell through a real pseudo-terminal.
@Suite struct EndToEndTests {
    static var binary: String? { PseudoTerminal.builtProduct(named: "tidlig") }
    let home = TemporaryDirectory(prefix: "tidlig-e2e")
    let hand = TestPaths.fixtures + "/hand.json"

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:])
        throws -> Run
    {
        let process = Process()
        process.executableURL = URL(
            fileURLWithPath: try #require(Self.binary, "tidlig is not built"))
        process.arguments = arguments
        process.environment = [
            "HOME": home.path, "TIDLIG_HISTORY": home.path + "/history", "LANG": "C.UTF-8",
        ]
        .merging(environment) { $1 }
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    func script(_ name: String, _ text: String) throws -> String {
        let path = home.path + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func oneCommandWithCSV() throws {
        let result = try run([hand, "-c", "schools", "--format", "csv"])
        #expect(result.status == 0)
        #expect(
            result.stdout.hasPrefix(
                "school,name,students,days/student,hours/student,>= 15 days,> 10 %\n"))
        // Machine formats carry data rows only: north and south, no total row.
        #expect(result.stdout.split(separator: "\n").count == 3)
        #expect(!result.stdout.contains("Total"))
        #expect(result.stderr.isEmpty)  // results only on stdout; no load chatter in -c mode
        let json = try run([hand, "-c", "count students by school", "--format", "json"])
        #expect(
            json.stdout == "[\n  {\"school\": \"north\", \"students\": 2},\n"
                + "  {\"school\": \"south\", \"students\": 2}\n]\n")
        // Totals on request: 2 + 2 students, mean days (3 + 16 + 3 + 0) / 4 = 5.5.
        let totals = try run([hand, "-c", "schools", "--format", "csv", "--set", "totals=on"])
        #expect(totals.stdout.hasSuffix("\n,Total,4,5.5,3.6,1,2\n"))
    }

    @Test func queryErrorsExit65WithACaretOnStderr() throws {
        let result = try run([hand, "-c", "students where dayz >= 15"])
        #expect(result.status == 65)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("error: unknown field 'dayz'"))
        #expect(result.stderr.contains("^^^^ did you mean 'days'?"))
        #expect(!result.stderr.contains("\u{1B}["))  // no colour into a pipe
    }

    @Test func unreadableAndBrokenFiles() throws {
        let missing = try run([home.path + "/none.json", "-c", "schools"])
        #expect(missing.status == 74)
        #expect(missing.stderr.contains("cannot read"))
        let broken = try run([TestPaths.fixtures + "/bad-schema.json", "-c", "schools"])
        #expect(broken.status == 65)
        #expect(
            broken.stderr.contains("bad-schema.json:6:46: error: expected an integer from 1 to 10"))
    }

    @Test func usageErrorsExit64() throws {
        #expect(try run(["--no-such-flag"]).status == 64)
        #expect(try run([hand, "-c", "schools", "--set", "threshold"]).status == 64)
        // One line saying what is allowed, not the usage of every subcommand.
        let xml = try run([hand, "-c", "schools", "--format", "xml"])
        #expect(xml.status == 64)
        #expect(
            xml.stderr
                == "error: --format xml: expected one of table, csv, json, markdown (see 'tidlig --help')\n"
        )
        let unknown = try run(["--no-such-flag"])
        #expect(
            unknown.stderr.split(separator: "\n").count == 1
                && unknown.stderr.contains("'--no-such-flag'"))
    }

    @Test func scriptStopsAtTheFirstFailingLineWithItsLocation() throws {
        let path = try script(
            "weekly.tidlig",
            """
            #!/usr/bin/env tidlig run
            # a weekly check
            count students where days >= 15
            students where dayz >= 15
            count students
            """)
        let result = try run(["run", path, "--data", hand])
        #expect(result.status == 65)
        #expect(result.stdout.contains("       1"))  // B2 is the one student at 15 days or more
        #expect(result.stderr.contains("weekly.tidlig:4:16: error: unknown field 'dayz'"))
        #expect(!result.stdout.contains("       4"))  // the last line never ran
        let going = try run(["run", path, "--data", hand, "--keep-going"])
        #expect(going.status == 65)
        #expect(going.stdout.contains("       4"))
    }

    @Test func severalStatementsPerCommandAndPerLine() throws {
        // hand.json: 4 students; one (B2) at 15 days or more; a trailing ';' is fine.
        let both = try run([
            hand, "-c", "count students; count students where days >= 15;", "-c", "show D4",
        ])
        #expect(both.status == 0, "\(both.stderr)")
        #expect(
            both.stdout.hasPrefix(
                "students\n--------\n       4\nstudents\n--------\n       1\nD4  Nord"))
        // Stops at the first error, with the column of the statement on its line ...
        let stop = try run([
            hand, "-c", "count students; students where dayz > 1; show D4", "-c", "show A1",
        ])
        #expect(stop.status == 65)
        #expect(
            stop.stderr.contains(
                "error: unknown field 'dayz'\n1 | count students; students where dayz > 1; show D4")
        )
        let column = "count students; students where ".count  // 31 characters before 'dayz'
        #expect(
            stop.stderr.contains(
                "\n  | " + String(repeating: " ", count: column) + "^^^^ did you mean 'days'?"))
        #expect(!stop.stdout.contains("D4  Nord") && !stop.stdout.contains("A1  Nord"))
        // ... unless --keep-going: then everything else runs, and the status still says it failed.
        let on = try run([
            hand, "--keep-going", "-c", "count students; show nobody; show D4", "-c", "show A1",
        ])
        #expect(on.status == 65)
        #expect(on.stdout.contains("D4  Nord") && on.stdout.contains("A1  Nord"))
        // In a script: two statements on line 2, the second one wrong, located FILE:LINE:COL.
        let path = try script(
            "two.tidlig", "count students\ncount students; show nobody ; # a ; in a comment\n")
        let script = try run(["run", path, "--data", hand])
        #expect(script.status == 65)
        #expect(script.stderr.contains("two.tidlig:2:22: error: no student with id 'nobody'"))
        // A ';' inside a string is not a separator: this is one statement, about no such school.
        let quoted = try run([hand, "-c", "count students where school = \"a;b\""])
        #expect(quoted.stderr.contains("error: no school 'a;b' in the data"))
    }

    @Test func scriptParametersFromTheCommandLine() throws {
        let path = try script("threshold.tidlig", "count students where crossing is not null\n")
        #expect(try run(["run", path, "--data", hand]).stdout.contains("       1"))
        // With threshold 3, A1 (3 days), B2 (16) and C3 (3 counted records) have crossed.
        #expect(
            try run(["run", path, "--data", hand, "--set", "threshold=3"]).stdout.contains(
                "       3"))
    }

    @Test func pipedStandardInputIsAScriptWithoutPrompts() throws {
        let result = try run([hand], stdin: "students where\n  days >= 15\ncount students\n")
        #expect(result.status == 0)
        #expect(result.stdout.contains("B2  south"))
        #expect(!result.stdout.contains("tidlig>"))
        let failing = try run([hand], stdin: "count students\nshow nobody\n")
        #expect(failing.status == 65)
        #expect(failing.stderr.contains("<stdin>:2:6: error: no student with id 'nobody'"))
    }

    @Test func generateWritesAReadableOwnerOnlyFile() throws {
        let path = home.path + "/g.json"
        #expect(
            try run(["generate", "--students", "25", "--seed", "7", "--out", path]).status == 0)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let result = try run([path, "-c", "count students"])
        #expect(result.stdout.contains("      25"))
    }

    @Test func theSampleStartsWithTableOneOfTheAudit() throws {
        let result = try run(["-c", "schools"])
        #expect(result.status == 0)
        // Table 1 of the Nes audit: per school the number of students and mean days and hours.
        for line in [
            "Auli barneskole             276          11.1            3.6",
            "Runni ungdomsskole          389          16.9           20.9",
            "Vormsund ungdomsskole       438          16.5           12.3",
        ] {
            #expect(result.stdout.contains(line), "\(line)")
        }
        #expect(result.stdout.contains("Total                      2815"))
    }
}

/// The interactive shell through a real pseudo-terminal.
@Suite struct ShellTerminalTests {
    static let prompt = "tidlig> "
    let home = TemporaryDirectory(prefix: "tidlig-shell")

    func start() throws -> PseudoTerminal {
        let binary = try #require(EndToEndTests.binary, "tidlig is not built")
        let tty = try PseudoTerminal(
            executable: binary, arguments: [TestPaths.fixtures + "/hand.json"],
            environment: [
                "TERM": "xterm", "LANG": "C.UTF-8", "HOME": home.path,
                "TIDLIG_HISTORY": home.path + "/state/history",
            ])
        try tty.expectPrompt(Self.prompt)
        return tty
    }

    @Test func completionHistoryCtrlCAndCtrlD() throws {
        let tty = try start()
        // Tab completes a command.
        tty.send("sch\t")
        try tty.expect("ools ")
        tty.send("\r")
        try tty.expect("Total")
        try tty.expectPrompt(Self.prompt)
        // A field and a service id complete too.
        tty.send("students where involved(pp\t")
        try tty.expect("t")
        tty.send(")\r")
        try tty.expect("1 student, as of 2024-10-18")
        try tty.expectPrompt(Self.prompt)
        // Ctrl-C clears a half-typed line and the shell stays.
        tty.send("students where da")
        try tty.expect("da")
        tty.sendControl("c")
        try tty.expectPrompt(Self.prompt)
        #expect(tty.isRunning)
        // A statement over two lines gets a continuation prompt and is saved whole.
        tty.send("count students where\r")
        try tty.expectPrompt("   ...> ")
        tty.send("days > 2\r")
        try tty.expect("       3")
        try tty.expectPrompt(Self.prompt)
        tty.sendControl("d")
        #expect(try tty.waitForExit() == 0)

        // After a restart, Up brings the two-line statement back whole.
        let again = try start()
        again.send("\u{1B}[A\r")
        try again.expect("       3")
        try again.expectPrompt(Self.prompt)
        again.sendControl("d")
        let status = try again.waitForExit()
        #expect(status == 0, "\(again.transcript)")
        let attributes = try FileManager.default.attributesOfItem(
            atPath: home.path + "/state/history")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    @Test func ctrlCInIncrementalSearchDoesNotExit() throws {
        let tty = try start()
        tty.send("count students\r")
        try tty.expect("       4")
        try tty.expectPrompt(Self.prompt)
        tty.sendControl("r")
        tty.send("coun")
        try tty.expect("coun")
        tty.sendControl("c")
        try tty.expectPrompt(Self.prompt)
        #expect(tty.isRunning)
        tty.send("schools\r")
        try tty.expect("Total")
        tty.send("quit\r")
        #expect(try tty.waitForExit() == 0)
    }

    @Test func errorsKeepTheShellRunningAndUTF8Works() throws {
        let tty = try start()
        tty.send("show Ærø\r")
        try tty.expect("no student with id 'Ærø'")
        try tty.expectPrompt(Self.prompt)
        tty.send("quit\r")
        #expect(try tty.waitForExit() == 0)
    }
}

/// The command lines on a two-year data set (Tests/Fixtures/two-years.json; the figures
/// are worked out by hand in SchoolYearsTests).
@Suite struct SchoolYearsEndToEndTests {
    let e2e = EndToEndTests()
    let file = TestPaths.fixtures + "/two-years.json"

    @Test func tableOneOfTheEarlierYear() throws {
        let result = try e2e.run([
            file, "-c", "schools as of 2024-06-20", "--format", "csv", "--set", "totals=on",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout == """
                school,name,students,days/student,hours/student,>= 15 days,> 10 %
                auli,Auli barneskole,2,10.0,2.5,1,0
                runni,Runni ungdomsskole,2,16.5,3.0,1,1
                vormsund,Vormsund ungdomsskole,1,12.0,6.0,0,0
                ,Total,5,13.0,3.4,2,1

                """)
    }

    @Test func yearsOverTheThreshold() throws {
        let result = try e2e.run([
            file, "-c", "count students where years_over(15) >= 2", "--format", "csv",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "students\n1\n")
    }

    /// P1 (Auli, then Runni, then Vormsund: 15 days of 210) and P6 (Runni, then Vormsund: 16).
    @Test func studentsWhoMoved() throws {
        let result = try e2e.run([file, "-c", "students where moved", "--format", "csv"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout == """
                id,school,grade,days,hours,percent,crossing(15)
                P1,vormsund,8,15,0.0,7.1,2025-03-07
                P6,vormsund,10,16,0.0,7.6,2024-11-22

                """)
    }

    /// 3 crossed (P1 in 2023/2024, P2 in 2023/2024, P6 in 2024/2025); P1 waited 549 days, P6's
    /// service came 2 days before; P2 still waits (511 days). Kaplan-Meier: 3 at risk, an
    /// involvement at -2 (S = 2/3), P2 censored at 511, the last at risk involved at 549 (S = 0):
    /// the median, p75 and p90 are 549, and 1 of 3 (33.3 %) was involved within 30, 60 and 90 days.
    @Test func delaysAcrossYears() throws {
        let result = try e2e.run([file, "-c", "delays mental-health-family", "--format", "csv"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(
            lines.last
                == "mental-health-family,3,2,1,511.0,273.5,549,549,549,166.0,334,334,334,50.0,549,549,549,33.3,33.3,33.3"
        )
    }

    @Test func aTidlig1FileWithTwoYearsIsRefused() throws {
        let text = try String(contentsOfFile: TestPaths.fixtures + "/hand.json", encoding: .utf8)
            .replacingOccurrences(
                of: "{\"date\": \"2024-08-21\", \"kind\": \"day\"}",
                with: "{\"date\": \"2025-08-21\", \"kind\": \"day\"}")
        let path = try e2e.script("two-years-in-one.json", text)
        let result = try e2e.run([path, "-c", "schools"])
        #expect(result.status == 65)
        #expect(result.stdout.isEmpty)
        #expect(
            result.stderr.contains(
                "error: absence on 2025-08-21 lies outside the school year 2024/2025"))
        #expect(result.stderr.contains("(at $.students[0].absence[1].date)"))
    }
}
