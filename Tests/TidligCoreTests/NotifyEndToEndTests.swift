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

    func start(_ arguments: [String], delayMS: Int? = nil) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(PseudoTerminal.builtProduct(named: "tidlig"), "tidlig is not built"))
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: home.path)
        var environment = ["HOME": home.path, "XDG_STATE_HOME": home.path + "/state", "LANG": "C.UTF-8"]
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
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }

    func installWeeklyScript(crossing: Int) throws {
        let script = try #require(readText(TestPaths.packageRoot + "/scripts/weekly-early-warning.tidlig"))
        try SecureFile.write(path: home.path + "/weekly.tidlig", text: script)
        try SecureFile.write(path: home.path + "/this-week.json", text: NotifyFixture.json(crossing: crossing))
    }

    @Test func killedAtAnyPointAndRunAgainDeliversEveryMessageExactlyOnce() throws {
        try installWeeklyScript(crossing: 6)
        var partial: [String] = []  // what each killed run left: pending and sent counts
        for killAfter in [0.35, 0.6, 0.9, 1.3, 1.8, 2.4] {
            let (process, _, _) = try start(["run", "weekly.tidlig"], delayMS: 120)
            usleep(UInt32(killAfter * 1_000_000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            guard process.terminationReason == .uncaughtSignal, access(ledger, F_OK) == 0 else { continue }
            let entries = try Ledger(path: ledger).entries()
            let sent = entries.count { $0.status == .sent }
            if sent < 12 && !entries.isEmpty { partial.append("\(entries.count - sent) pending, \(sent) sent") }
        }
        #expect(!partial.isEmpty, "no run was killed half-way through its deliveries")
        let last = try run(["run", "weekly.tidlig"])
        #expect(last.status == 0, "\(last.stderr)")
        #expect(last.stdout.contains("0 disclosures"))  // `notifications pending` at the end: none left
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
            #expect(body.contains("\"messageId\": \"\(entry.messageID)\"") && body.contains("\"rule\": \"\(entry.rule)\""))
        }
    }

    @Test func aWebhookThatIsDownExits75AndTheMessagesStayPending() throws {
        try SecureFile.write(path: home.path + "/this-week.json", text: NotifyFixture.json(crossing: 2))
        let server = try ScriptedHTTPServer([])
        server.stop()  // nobody listens on this port any more
        try SecureFile.write(path: home.path + "/hook.tidlig", text: """
            load this-week.json
            set retries 1
            notify ppt about students where days >= 15 via webhook \(server.url) secret HOME
            """)
        let result = try run(["run", "hook.tidlig"])
        #expect(result.status == ExitStatus.undelivered)
        #expect(result.stdout.contains("0 sent, 2 pending, 0 failed, 0 already notified"))
        #expect(result.stderr.contains("stays pending: connection failed"))
        #expect(!result.stderr.contains(home.path + "/state"))  // the secret (here $HOME's value) is never printed
        #expect(try Ledger(path: ledger).entries(status: .pending).count == 2)
    }
}
