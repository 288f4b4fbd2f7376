#if canImport(Glibc)
    import Glibc
#endif
import GRDB
import Testing
import TidligCore
import TidligTestSupport

/// Nothing sent by accident: `--dry-run` and leftover words, `confirm N`, ledgers that are empty,
/// foreign or unwritable, message texts with a time limit, purges and the right of access.
@Suite(.serialized) struct NotifySafetyTests {
    let home = TemporaryDirectory(prefix: "tidlig-safety")
    var ledgerPath: String { home.path + "/state/ledger.sqlite" }
    var outbox: String { home.path + "/outbox" }

    func session(crossing: Int = 3) throws -> (Session, CapturingSink) {
        let sink = CapturingSink()
        let session = Session(data: try NotifyFixture.data(crossing: crossing), output: sink)
        session.settings.notify.ledger = ledgerPath
        return (session, sink)
    }

    func run(_ session: Session, _ sink: CapturingSink, _ statement: String) -> (
        status: Int32?, output: String
    ) {
        sink.reset()
        let status = session.execute(SourceFile(name: nil, text: statement))
        return (status, sink.text)
    }

    @Test func dashDashDryRunAnywhereIsTheDryRunNeverAReference() throws {
        let (session, sink) = try session()
        for statement in [
            "notify ppt about students where days >= 15 basis consent --dry-run via outbox \(outbox)",
            "notify ppt about students where days >= 15 --dry-run basis consent via outbox \(outbox)",
            "notify ppt --dry-run about students where days >= 15 basis consent via outbox \(outbox)",
            "notify ppt about students where days >= 15 basis consent dry run via outbox \(outbox)",
        ] {
            let result = run(session, sink, statement)
            #expect(result.status == nil, "\(statement): \(result.output)")
            #expect(result.output.contains("dry run: 3 messages to ppt"), "\(statement)")
            #expect(
                result.output.contains("on consent (ref-S1)") && !result.output.contains("dry-run)")
            )
        }
        #expect(access(ledgerPath, F_OK) != 0 && access(outbox, F_OK) != 0)
        // A reference that starts with '-' is refused unless quoted.
        let dashed = run(
            session, sink, "notify ppt about students where days >= 15 limit 1 basis consent -x")
        #expect(
            dashed.status == ExitStatus.dataError
                && dashed.output.contains("'-x' is not a consent reference"))
    }

    @Test func wordsLeftOverAfterACompleteStatementAreAnError() throws {
        let (session, sink) = try session()
        let cases = [
            "notify ppt about students where days >= 15 basis consent via outbox \(outbox) please",
            "notify ppt about students where days >= 15 basis anonymous now",
            "notifications export \(home.path)/x.csv twice",
            "notifications retry abc def",
            "disclosures S1 S2",
        ]
        for statement in cases {
            let result = run(session, sink, statement)
            #expect(result.status == ExitStatus.dataError, "\(statement): \(result.output)")
            #expect(result.output.contains("error: expected"), "\(statement): \(result.output)")
        }
        #expect(access(ledgerPath, F_OK) != 0 && access(outbox, F_OK) != 0)
        #expect(access(home.path + "/x.csv", F_OK) != 0)
    }

    @Test func moreThanTheLimitNeedsConfirm() throws {
        let (session, sink) = try session(crossing: 6)
        run(session, sink, "set confirm 4")
        let plain = run(
            session, sink, "notify ppt about students where days >= 15 via outbox \(outbox)")
        #expect(plain.status == ExitStatus.dataError)
        #expect(
            plain.output.contains(
                "this notify would send 6 messages, more than 4 ('set confirm'); nothing was sent or recorded"
            ))
        #expect(plain.output.contains("add 'confirm 6' to send them"))
        let short = run(
            session, sink,
            "notify ppt about students where days >= 15 via outbox \(outbox) confirm 5")
        #expect(
            short.status == ExitStatus.dataError
                && short.output.contains("more than the 5 confirmed"))
        #expect(try Ledger(readingOnly: ledgerPath)?.entries().isEmpty ?? true)
        #expect(listDirectory(outbox).isEmpty)
        let preview = run(
            session, sink, "notify ppt about students where days >= 15 via outbox \(outbox) dry run"
        )
        #expect(preview.output.contains("a real run needs 'confirm 6'"))
        let confirmed = run(
            session, sink,
            "notify ppt about students where days >= 15 via outbox \(outbox) confirm 6")
        #expect(confirmed.status == nil && confirmed.output.contains("6 sent"))
    }

    @Test func theDefaultLimitIs25() {
        #expect(NotifySettings().confirmAbove == 25)
    }

    @Test func anEmptyLedgerFileIsRefusedNotTakenAsANewHistory() throws {
        let (session, sink) = try session()
        #expect(
            run(session, sink, "notify ppt about students where days >= 15 via outbox \(outbox)")
                .status == nil)
        // Truncated to nothing (a full disk, a bad restore): refused, nothing is sent again.
        truncate(ledgerPath, 0)
        let again = run(
            session, sink,
            "notify ppt about students where days >= 15 via outbox \(outbox) rule other")
        #expect(again.status == ExitStatus.ioError)
        #expect(again.output.contains("the ledger \(ledgerPath) is empty"))
        #expect(listDirectory(outbox).filter { $0.hasSuffix(".json") }.count == 3)
        var info = stat()
        stat(ledgerPath, &info)
        #expect(info.st_size == 0)
        #expect(run(session, sink, "notifications").output.contains("is empty"))
    }

    @Test func aForeignFileIsRefused() throws {
        let (session, sink) = try session()
        try Ledger.makeDirectories(home.path + "/state")
        try SecureFile.write(path: ledgerPath, text: "not a database, some notes\n")
        let text = run(
            session, sink, "notify ppt about students where days >= 15 via outbox \(outbox)")
        #expect(
            text.status == ExitStatus.ioError && text.output.contains("is not a tidlig ledger"),
            "\(text.output)")
        unlink(ledgerPath)
        let other = try DatabaseQueue(path: ledgerPath)
        try other.write { try $0.execute(sql: "CREATE TABLE notes (x TEXT)") }
        try other.close()
        let sqlite = run(
            session, sink, "notify ppt about students where days >= 15 via outbox \(outbox)")
        #expect(
            sqlite.status == ExitStatus.ioError
                && sqlite.output.contains("an SQLite file but not a tidlig ledger"))
        #expect(listDirectory(outbox).isEmpty)
    }

    @Test func aReadOnlyLedgerDirectoryExits74() throws {
        // root writes anywhere; the check needs an ordinary user
        guard getuid() != 0 else { return }
        let (session, sink) = try session()
        #expect(
            run(
                session, sink,
                "notify ppt about students where days >= 15 limit 1 via outbox \(outbox)"
            ).status == nil)
        chmod(home.path + "/state", 0o500)
        defer { chmod(home.path + "/state", 0o700) }
        let result = run(
            session, sink, "notify ppt about students where days >= 15 via outbox \(outbox)")
        #expect(result.status == ExitStatus.ioError, "\(result.output)")
        #expect(!result.output.contains("internal error"))
    }

    @Test func undeliveredTextsAreRemovedAfterKeepbodiesDays() throws {
        let (session, sink) = try session()
        let server = try ScriptedHTTPServer([], otherwise: .status(503))
        defer { server.stop() }
        run(session, sink, "set retries 1")
        let first = run(
            session, sink,
            "notify ppt about students where days >= 15 basis consent via webhook \(server.url) secret HOME"
        )
        #expect(first.output.contains("0 sent, 3 pending"))
        #expect(try Ledger(path: ledgerPath).entries().allSatisfy { $0.body != nil })
        // Forty days later (the records are dated back, as if made then), a run removes the texts unsent.
        let queue = try DatabaseQueue(path: ledgerPath)
        try queue.write {
            try $0.execute(sql: "UPDATE disclosure SET createdAt = '2020-01-01T00:00:00Z'")
        }
        try queue.close()
        let later = run(
            session, sink,
            "notify ppt about students where days >= 15 basis consent via webhook \(server.url) secret HOME rule later"
        )
        #expect(later.output.contains("3 messages not delivered within 30 days"))
        let old = try Ledger(path: ledgerPath).entries().filter { $0.rule == "default" }
        #expect(old.count == 3 && old.allSatisfy { $0.body == nil && $0.status == .failed })
        #expect(
            old.allSatisfy {
                $0.lastError?.contains("its text was removed, nothing was sent") == true
            })
        #expect(
            run(session, sink, "notifications retry").output.hasPrefix("0 failed messages put back")
        )
        // three on each run: none of the old ones on the second
        #expect(server.requests.count == 6)
    }

    @Test func purgeIsRecordedAndDisclosuresShowsOneStudent() throws {
        let (session, sink) = try session()
        run(
            session, sink,
            "notify ppt about students where days >= 15 basis consent via outbox \(outbox)")
        run(
            session, sink,
            "notify cw about students where days >= 15 limit 1 basis duty \"bvl § 13-2\" via outbox \(outbox)"
        )
        let s1 = run(session, sink, "disclosures S1").output
        #expect(s1.contains("2 disclosures about S1 recorded, 2 sent"), "\(s1)")
        #expect(
            s1.contains("ref-S1") && s1.contains("bvl § 13-2")
                && s1.contains("student,school,schoolName,grade"))
        #expect(
            run(session, sink, "disclosures S2").output.contains(
                "1 disclosure about S2 recorded, 1 sent"))
        #expect(run(session, sink, "disclosures S6").output.contains("0 disclosures about S6"))
        let purge = run(session, sink, "notifications purge before 2999-01-01")
        #expect(
            purge.output.contains(
                "purged 4 records made before 2999-01-01 (cw sent 1, ppt sent 3)"),
            "\(purge.output)")
        let purges = run(session, sink, "notifications purges").output
        #expect(
            purges.contains("notifications purge before 2999-01-01")
                && purges.contains("1 purge recorded"))
        let after = run(session, sink, "disclosures S1").output
        #expect(
            after.contains("0 disclosures about S1")
                && after.contains("records made before 2999-01-01 were purged"))
        let bad = run(session, sink, "notifications purge before yesterday")
        #expect(
            bad.status == ExitStatus.dataError
                && bad.output.contains("expected a date (YYYY-MM-DD)"))
    }

    @Test func aHungReceiverCostsAtMostTheDeliveryTimeAndTheRestStaysPending() throws {
        let (session, sink) = try session(crossing: 6)
        let server = try ScriptedHTTPServer([], otherwise: .sleep(seconds: 3))
        defer { server.stop() }
        run(session, sink, "set timeout 1")
        run(session, sink, "set deliverytime 2")
        let clock = ContinuousClock()
        let started = clock.now
        let result = run(
            session, sink,
            "notify ppt about students where days >= 15 via webhook \(server.url) secret HOME")
        let elapsed = started.duration(to: clock.now)
        #expect(result.output.contains("0 sent, 6 pending"), "\(result.output)")
        #expect(result.output.contains("this run's delivery time of 2 s was used up"))
        // not 6 x 4 tries x 1 s and backoff; a generous bound for a loaded machine
        #expect(elapsed < .seconds(10))
        #expect(session.notifyRun.exitStatus == ExitStatus.undelivered)
        #expect(try Ledger(path: ledgerPath).entries(status: .pending).count == 6)
    }
}
