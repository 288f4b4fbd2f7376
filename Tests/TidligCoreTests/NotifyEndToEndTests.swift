#if canImport(Glibc)
    import Glibc
#endif
import Foundation
import Testing
import TidligCore
import TidligTestSupport

/// The weekly script run by the built binary: killed with SIGKILL mid-run and run again, every
/// message arrives exactly once by id; a webhook that is down gives the scheduler exit 75.
@Suite(.serialized) struct NotifyEndToEndTests {
    let home = TemporaryDirectory(prefix: "tidlig-weekly")
    var ledger: String { home.path + "/state/tidlig/ledger.sqlite" }
    var outbox: String { home.path + "/state/tidlig/outbox" }

    /// A secret only these tests know, in a variable of its own, to look for in what tidlig prints.
    static let secret = "tidlig-test-secret-" + String(UInt64.random(in: 1...UInt64.max), radix: 36)

    func start(_ arguments: [String], delayMS: Int? = nil) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = URL(
            fileURLWithPath: try #require(
                PseudoTerminal.builtProduct(named: "tidlig"), "tidlig is not built"))
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: home.path)
        var environment = [
            "HOME": home.path, "XDG_STATE_HOME": home.path + "/state", "LANG": "C.UTF-8",
            "TIDLIG_TEST_SECRET": Self.secret,
        ]
        if let delayMS { environment["TIDLIG_TEST_DELIVERY_DELAY_MS"] = String(delayMS) }
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return (process, out, err)
    }

    func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let (process, out, err) = try start(arguments)
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (
            process.terminationStatus, String(decoding: stdout, as: UTF8.self),
            String(decoding: stderr, as: UTF8.self)
        )
    }

    func installWeeklyScript(crossing: Int) throws {
        let script = try #require(
            readText(TestPaths.packageRoot + "/scripts/weekly-early-warning.tidlig"))
        try SecureFile.write(path: home.path + "/weekly.tidlig", text: script)
        try SecureFile.write(
            path: home.path + "/this-week.json", text: NotifyFixture.json(crossing: crossing))
    }

    @Test func killedAtAnyPointAndRunAgainDeliversEveryMessageExactlyOnce() throws {
        try installWeeklyScript(crossing: 6)
        var partial: [String] = []  // what each killed run left: pending and sent counts
        // Each run is killed once it has delivered `step` more messages (or after 0.2 s, or 20 s):
        // by what it has done rather than by the clock, so a loaded machine does not move the kill.
        for step in [0, 1, 2, 3, 4, 5] {
            let before = listDirectory(outbox).count { $0.hasSuffix(".json") }
            let (process, _, _) = try start(["run", "weekly.tidlig"], delayMS: 120)
            var waited = 0
            while waited < 1000 {
                let delivered = listDirectory(outbox).count { $0.hasSuffix(".json") } - before
                if (step == 0 && waited >= 10) || (step > 0 && delivered >= step)
                    || before + delivered >= 12
                {
                    break
                }
                usleep(20_000)
                waited += 1
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            guard process.terminationReason == .uncaughtSignal, access(ledger, F_OK) == 0 else {
                continue
            }
            let entries = try Ledger(path: ledger).entries()
            let sent = entries.count { $0.status == .sent }
            if sent < 12 && !entries.isEmpty {
                partial.append("\(entries.count - sent) pending, \(sent) sent")
            }
        }
        #expect(!partial.isEmpty, "no run was killed half-way through its deliveries")
        let last = try run(["run", "weekly.tidlig"])
        #expect(last.status == 0, "\(last.stderr)")
        // `notifications pending` at the end: none left
        #expect(last.stdout.contains("0 disclosures"))
        let files = listDirectory(outbox)
        #expect(files.allSatisfy { $0.hasSuffix(".json") }, "temporary files left behind: \(files)")
        let entries = try Ledger(path: ledger).entries()
        #expect(entries.allSatisfy { $0.status == .sent })
        #expect(Set(files.map { String($0.dropLast(5)) }) == Set(entries.map(\.messageID)))
        // One message per (rule, service, student): six students for PPT, six for the health service.
        let keys = entries.map { "\($0.rule) \($0.service) \($0.student)" }
        #expect(keys.count == 12 && Set(keys).count == 12)
        for entry in entries {
            let body = try #require(readText(outbox + "/" + entry.messageID + ".json"))
            #expect(
                body.contains("\"messageId\": \"\(entry.messageID)\"")
                    && body.contains("\"rule\": \"\(entry.rule)\""))
        }
    }

    @Test func aWebhookThatIsDownExits75AndTheMessagesStayPending() throws {
        try SecureFile.write(
            path: home.path + "/this-week.json", text: NotifyFixture.json(crossing: 2))
        let server = try ScriptedHTTPServer([])
        server.stop()  // nobody listens on this port any more
        try SecureFile.write(
            path: home.path + "/hook.tidlig",
            text: """
                load this-week.json
                set retries 1
                set secretenv TIDLIG_TEST_SECRET
                set
                notify ppt about students where days >= 15 via webhook \(server.url) dry run
                notify ppt about students where days >= 15 via webhook \(server.url)
                """)
        let result = try run(["run", "hook.tidlig"])
        #expect(result.status == ExitStatus.undelivered)
        #expect(result.stdout.contains("0 sent, 2 pending, 0 failed, 0 already notified"))
        #expect(result.stderr.contains("stays pending: connection failed"))
        // the dry run names the variable
        #expect(result.stdout.contains("signed with $TIDLIG_TEST_SECRET"))
        #expect(try Ledger(path: ledger).entries(status: .pending).count == 2)
        // The secret is in tidlig's environment and signs (next test); it is never printed or kept.
        let ledgerBytes = try #require(readText(ledger))
        for text in [result.stdout, result.stderr, ledgerBytes] {
            #expect(!text.contains(Self.secret) && !text.contains(String(Self.secret.suffix(8))))
        }
    }

    @Test func theSecretInTheEnvironmentSignsWhatIsSentAsPythonSigns() throws {
        try SecureFile.write(
            path: home.path + "/this-week.json", text: NotifyFixture.json(crossing: 1))
        let server = try ScriptedHTTPServer([.status(200)])
        defer { server.stop() }
        try SecureFile.write(
            path: home.path + "/hook.tidlig",
            text: """
                load this-week.json
                notify ppt about students where days >= 15 via webhook \(server.url) secret TIDLIG_TEST_SECRET
                """)
        let result = try run(["run", "hook.tidlig"])
        #expect(result.status == 0, "\(result.stderr)")
        let request = try #require(server.requests.first)
        let python = try TLSTestServer.pythonHMAC(key: Self.secret, body: request.body)
        #expect(request.headers["x-tidlig-signature"] == "sha256=" + python)
        // Python's MAC under another key differs, so the equality above is a check of the key.
        let otherKey = try TLSTestServer.pythonHMAC(key: Self.secret + "-other", body: request.body)
        #expect(otherKey != python && request.headers["x-tidlig-signature"] != "sha256=" + otherKey)
        #expect(!result.stdout.contains(Self.secret) && !result.stderr.contains(Self.secret))
    }

    @Test func aSecondNotifyWaitsForTheFirstAndSendsNothingTwice() throws {
        try SecureFile.write(
            path: home.path + "/this-week.json", text: NotifyFixture.json(crossing: 6))
        let server = try ScriptedHTTPServer([], otherwise: .status(200))
        defer { server.stop() }
        try SecureFile.write(
            path: home.path + "/hook.tidlig",
            text: """
                load this-week.json
                set lockwait 120
                notify ppt about students where days >= 15 via webhook \(server.url) secret TIDLIG_TEST_SECRET
                """)
        // The first delivers slowly (300 ms a message); the second starts while it is at it.
        let (first, firstOut, firstErr) = try start(["run", "hook.tidlig"], delayMS: 1500)
        var waited = 0
        while server.requests.isEmpty && waited < 200 { usleep(50_000); waited += 1 }
        #expect(!server.requests.isEmpty, "the first run never began delivering")
        let second = try run(["run", "hook.tidlig"])
        let firstStdout = String(
            decoding: firstOut.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        _ = firstErr.fileHandleForReading.readDataToEndOfFile()
        first.waitUntilExit()
        #expect(first.terminationStatus == 0 && second.status == 0, "\(second.stderr)")
        #expect(firstStdout.contains("6 sent, 0 pending"))
        #expect(
            second.stderr.contains(
                "ledger busy: another notify (pid \(first.processIdentifier)) is delivering"))
        #expect(second.stdout.contains("0 sent, 0 pending, 0 failed, 6 already notified"))
        let keys = server.requests.compactMap { $0.headers["idempotency-key"] }
        #expect(keys.count == 6 && Set(keys).count == 6, "\(keys)")
        #expect(try Ledger(path: ledger).entries().allSatisfy { $0.status == .sent })
    }

    @Test func aSecondNotifyThatMayNotWaitSaysLedgerBusyAndExits75() throws {
        try SecureFile.write(
            path: home.path + "/this-week.json", text: NotifyFixture.json(crossing: 6))
        try SecureFile.write(
            path: home.path + "/slow.tidlig",
            text: """
                load this-week.json
                notify ppt about students where days >= 15
                """)
        try SecureFile.write(
            path: home.path + "/impatient.tidlig",
            text: """
                load this-week.json
                set lockwait 0
                notify ppt about students where days >= 15
                """)
        let (first, _, _) = try start(["run", "slow.tidlig"], delayMS: 1500)
        var waited = 0
        while listDirectory(outbox).isEmpty && waited < 200 { usleep(50_000); waited += 1 }
        let second = try run(["run", "impatient.tidlig"])
        first.waitUntilExit()
        #expect(second.status == ExitStatus.undelivered)
        #expect(
            second.stderr.contains(
                "error: ledger busy: another notify (pid \(first.processIdentifier)) is "
                    + "delivering from \(ledger); nothing was sent or recorded by this one"))
        #expect(first.terminationStatus == 0)
        #expect(try Ledger(path: ledger).entries().count == 6)
        #expect(listDirectory(outbox).filter { $0.hasSuffix(".json") }.count == 6)
    }
}
