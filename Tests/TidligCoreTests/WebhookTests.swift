#if canImport(Glibc)
    import Glibc
#endif
import Testing
import TidligCore
import TidligTestSupport

/// The webhook against a real HTTP server on 127.0.0.1: accepted, retried after a 500, timed out,
/// dropped mid-request, refused, signed; and what the ledger says after each.
@Suite(.serialized) struct WebhookTests {
    let home = TemporaryDirectory(prefix: "tidlig-webhook")
    /// The secret is $HOME's value: the tests name an existing variable rather than call setenv
    /// while other suites may be reading the environment on other threads.
    static let secret = String(cString: getenv("HOME"))

    func notify(
        _ server: ScriptedHTTPServer, crossing: Int = 1, retries: Int = 3, timeout: Double = 1
    ) throws -> (NotifyCounts, Ledger, String) {
        let sink = CapturingSink()
        let session = Session(data: try NotifyFixture.data(crossing: crossing), output: sink)
        session.settings.notify.ledger = home.path + "/ledger.sqlite"
        session.settings.notify.retries = retries
        session.settings.notify.timeout = timeout
        session.settings.notify.backoff = 0.05
        session.execute(
            SourceFile(
                name: nil,
                text:
                    "notify ppt about students where days >= 15 basis consent r via webhook \(server.url) secret HOME"
            ))
        var counts = NotifyCounts()
        counts.pending = session.notifyRun.pending.count
        counts.failed = session.notifyRun.failed.count
        return (counts, try Ledger(path: home.path + "/ledger.sqlite"), sink.text)
    }

    @Test func acceptedFirstTimeAndSignedOverTheExactBody() throws {
        let server = try ScriptedHTTPServer([.status(200)])
        defer { server.stop() }
        let (_, ledger, output) = try notify(server)
        #expect(output.contains("1 sent, 0 pending, 0 failed"))
        let request = try #require(server.requests.first)
        let entry = try #require(try ledger.entries().first)
        #expect(request.method == "POST" && request.path == "/hook")
        #expect(request.headers["content-type"] == "application/json")
        #expect(request.headers["idempotency-key"] == entry.messageID)
        let expected =
            "sha256=" + HMACSHA256.hex(key: Array(Self.secret.utf8), message: request.body)
        #expect(request.headers["x-tidlig-signature"] == expected)
        #expect(
            HMACSHA256.hex(key: Array("wrong".utf8), message: request.body)
                != String(expected.dropFirst(7)))
        #expect(
            String(decoding: request.body, as: UTF8.self).contains(
                "\"messageId\": \"\(entry.messageID)\""))
        #expect(
            entry.status == .sent && entry.attempts == 1 && entry.lastError == nil
                && entry.sentAt != nil)
        if Self.secret.count >= 4 { #expect(!output.contains(Self.secret)) }
    }

    @Test func serverErrorThenAcceptedOnRetry() throws {
        let server = try ScriptedHTTPServer([.status(500), .status(200)])
        defer { server.stop() }
        let (counts, ledger, _) = try notify(server)
        #expect(counts.pending == 0)
        let entry = try #require(try ledger.entries().first)
        #expect(entry.status == .sent && entry.attempts == 2)
        let keys = server.requests.map { $0.headers["idempotency-key"] }
        #expect(
            keys.count == 2 && keys[0] == keys[1]
                && server.requests[0].body == server.requests[1].body)
    }

    @Test func timeoutLeavesItPendingAndTheNextRunDeliversTheSameMessage() throws {
        let server = try ScriptedHTTPServer([.sleep(seconds: 0.8), .sleep(seconds: 0.8)])
        defer { server.stop() }
        let (counts, ledger, output) = try notify(server, retries: 2, timeout: 0.3)
        #expect(counts.pending == 1)
        #expect(output.contains("stays pending: timeout waiting for the response"))
        let entry = try #require(try ledger.entries().first)
        #expect(
            entry.status == .pending && entry.attempts == 2
                && entry.lastError == "timeout waiting for the response")
        #expect(entry.body != nil)
        // Next run: the pending message goes first, same id and bytes; nothing new is made for the student.
        let (again, after, text) = try notify(server, retries: 2, timeout: 2)
        #expect(again.pending == 0 && text.contains("retried 1 pending from earlier: 1 sent"))
        let done = try after.entries()
        #expect(done.count == 1 && done[0].status == .sent && done[0].attempts == 3)
        #expect(Set(server.requests.map { $0.headers["idempotency-key"] }) == [entry.messageID])
    }

    @Test func connectionDroppedMidRequestIsRetried() throws {
        let server = try ScriptedHTTPServer([.dropMidRequest, .status(200)])
        defer { server.stop() }
        let (counts, ledger, _) = try notify(server)
        #expect(counts.pending == 0)
        #expect(
            server.requests.count == 2 && !server.requests[0].complete
                && server.requests[1].complete)
        let entry = try #require(try ledger.entries().first)
        #expect(entry.status == .sent && entry.attempts == 2)
    }

    @Test func droppedEveryTimeStaysPendingWithTheError() throws {
        let server = try ScriptedHTTPServer([], otherwise: .dropMidRequest)
        defer { server.stop() }
        let (counts, ledger, _) = try notify(server, retries: 2)
        #expect(counts.pending == 1)
        let entry = try #require(try ledger.entries().first)
        #expect(entry.status == .pending && entry.attempts == 2)
        #expect(entry.lastError?.hasPrefix("connection dropped") == true)
    }

    @Test func aRefusalIsFailedAndNotRetried() throws {
        let server = try ScriptedHTTPServer([.status(422)], otherwise: .status(200))
        defer { server.stop() }
        let (counts, ledger, output) = try notify(server)
        #expect(counts.failed == 1 && server.requests.count == 1)
        #expect(output.contains("was refused: HTTP 422"))
        let entry = try #require(try ledger.entries().first)
        #expect(entry.status == .failed && entry.attempts == 1 && entry.lastError == "HTTP 422")
    }

    @Test func noServerAtAllIsAConnectionFailure() throws {
        let server = try ScriptedHTTPServer([])
        server.stop()  // the port is closed now
        let (counts, ledger, _) = try notify(server, retries: 1)
        #expect(counts.pending == 1)
        #expect(try ledger.entries().first?.lastError?.hasPrefix("connection failed") == true)
    }
}
