#if canImport(Glibc)
import Glibc
#endif
import Testing
import TidligCore
import TidligTestSupport

/// `notify` in a session: the legal-basis rule, what a message may carry, the dry run, and
/// the ledger keeping a rule from telling a service twice.
@Suite struct NotifyTests {
    let home = TemporaryDirectory(prefix: "tidlig-notify")
    var ledgerPath: String { home.path + "/state/ledger.sqlite" }
    var outbox: String { home.path + "/outbox" }

    func session(crossing: Int = 3) throws -> (Session, CapturingSink) {
        let sink = CapturingSink()
        let session = Session(data: try NotifyFixture.data(crossing: crossing), output: sink)
        session.settings.notify.ledger = ledgerPath
        return (session, sink)
    }

    @discardableResult
    func run(_ session: Session, _ sink: CapturingSink, _ statement: String) -> (status: Int32?, output: String) {
        sink.reset()
        let status = session.execute(SourceFile(name: nil, text: statement))
        return (status, sink.text)
    }

    func outboxFiles() -> [String] { listDirectory(outbox).filter { $0.hasSuffix(".json") }.sorted() }

    @Test func childWelfareWithoutABasisIsRefusedAndNothingIsWritten() throws {
        let (session, sink) = try session()
        let result = run(session, sink, "notify cw about students where days >= 15 via outbox \(outbox)")
        #expect(result.status == ExitStatus.dataError)
        #expect(result.output.contains("error: notifying child welfare needs an explicit legal basis"))
        #expect(result.output.contains("add 'basis duty' (a duty to notify)"))
        #expect(access(ledgerPath, F_OK) != 0 && access(outbox, F_OK) != 0)
        // With a basis it goes; other services default to an anonymous case discussion.
        #expect(run(session, sink, "notify cw about students where days >= 15 basis duty via outbox \(outbox)").status == nil)
        #expect(outboxFiles().count == 3)
    }

    @Test func aMessageCarriesOnlyTheDefaultFieldsUnlessAsked() throws {
        let (session, sink) = try session()
        run(session, sink, "set coordinator \"Kari, SLT, 64 00 00 00\"")
        #expect(run(session, sink, "notify ppt about students where days >= 15 basis consent \"ref-1\" via outbox \(outbox)").status == nil)
        let bodies = outboxFiles().map { readText(outbox + "/" + $0) ?? "" }
        #expect(bodies.count == 3)
        for body in bodies {
            #expect(!body.contains("SECRET") && !body.contains("\"documented\"") && !body.contains("\"reasons\""))
            #expect(body.contains("\"consentReference\": \"ref-1\"") && body.contains("\"coordinator\": \"Kari, SLT, 64 00 00 00\""))
            #expect(body.contains("\"bti\": 2") && body.contains("\"days\": 16") && body.contains("\"crossing\": \"2024-09-06\""))
        }
        let entry = try #require(try Ledger(path: ledgerPath).entries().first)
        #expect(entry.fields == "student,school,schoolName,grade,asOf,days,hours,percent,threshold,crossing,bti")
        #expect(entry.body == nil && entry.status == .sent)  // the body is not kept once delivered
        // Asked for, they come; an anonymous basis leaves out the id.
        run(session, sink, "notify ppt about students where days >= 15 basis anonymous via outbox \(outbox) fields reasons, notes, documented rule extra")
        let extra = outboxFiles().map { readText(outbox + "/" + $0) ?? "" }.filter { $0.contains("\"rule\": \"extra\"") }
        #expect(extra.count == 3)
        #expect(extra.allSatisfy { $0.contains("SECRET reason") && $0.contains("SECRET note") && $0.contains("\"undocumented\": 8") })
        #expect(extra.allSatisfy { !$0.contains("\"student\"") && !$0.contains("S1") })
    }

    @Test func dryRunWritesNothingAndLeavesTheLedgerAlone() throws {
        let (session, sink) = try session()
        let result = run(session, sink, "notify ppt about students where days >= 15 via outbox \(outbox) dry run")
        #expect(result.status == nil)
        #expect(result.output.contains("to ppt via outbox \(outbox), about an anonymous student, on anonymous case discussion:"))
        #expect(result.output.contains("dry run: 3 messages to ppt (rule default, 2024/2025), 0 already notified; nothing was sent or recorded"))
        #expect(access(ledgerPath, F_OK) != 0 && access(outbox, F_OK) != 0)
        // With a ledger in place, the dry run reads it and leaves it as it was.
        run(session, sink, "notify ppt about students where days >= 15 limit 1 via outbox \(outbox)")
        let before = try Ledger(path: ledgerPath).entries()
        let preview = run(session, sink, "preview ppt about students where days >= 15 via outbox \(outbox)")
        #expect(preview.output.contains("dry run: 2 messages to ppt (rule default, 2024/2025), 1 already notified"))
        #expect(try Ledger(path: ledgerPath).entries() == before)
        #expect(outboxFiles().count == 1)
    }

    @Test func twoRunsOnTheSameDataNotifyOnce() throws {
        for _ in 0..<2 {
            let (session, sink) = try session()
            #expect(run(session, sink, "notify ppt about students where days >= 15 via outbox \(outbox)").status == nil)
        }
        #expect(outboxFiles().count == 3)
        let entries = try Ledger(path: ledgerPath).entries()
        #expect(entries.count == 3 && entries.allSatisfy { $0.status == .sent && $0.attempts == 1 })
        #expect(Set(entries.map(\.student)) == ["S1", "S2", "S3"])
    }

    @Test func aNewExportWithMoreCrossingsNotifiesOnlyTheNewOnes() throws {
        let (first, firstSink) = try session(crossing: 2)
        #expect(run(first, firstSink, "notify ppt about students where days >= 15 via outbox \(outbox)").output
            .contains("2 sent, 0 pending, 0 failed, 0 already notified"))
        let (second, secondSink) = try session(crossing: 5)
        #expect(run(second, secondSink, "notify ppt about students where days >= 15 via outbox \(outbox)").output
            .contains("3 sent, 0 pending, 0 failed, 2 already notified"))
        let entries = try Ledger(path: ledgerPath).entries()
        #expect(entries.map(\.student).sorted() == ["S1", "S2", "S3", "S4", "S5"])
        #expect(outboxFiles().count == 5)
        // Another rule is another decision: it may tell the same service again.
        #expect(run(second, secondSink, "notify ppt about students where days >= 15 via outbox \(outbox) rule second-look").output
            .contains("5 sent"))
    }

    @Test func templatesFromFilesAndTheirErrors() throws {
        let (session, sink) = try session()
        try SecureFile.write(path: home.path + "/good.txt", text: "Elev {student}: {days} dager. Grunnlag: {basis}.")
        try SecureFile.write(path: home.path + "/bad.txt", text: "Elev {student}\nhar {dayz} dager")
        try SecureFile.write(path: home.path + "/asks.txt", text: "{reasons}")
        run(session, sink, "notify ppt about students where days >= 15 basis consent r1 via outbox \(outbox) template \(home.path)/good.txt")
        #expect(outboxFiles().compactMap { readText(outbox + "/" + $0) }.contains { $0.contains("Elev S1: 16 dager. Grunnlag: consent (r1).") })
        let bad = run(session, sink, "notify ppt about students basis consent r1 via outbox \(outbox) template \(home.path)/bad.txt rule b")
        #expect(bad.output.contains("error: unknown placeholder {dayz} at \(home.path)/bad.txt:2:5"))
        #expect(bad.output.contains("did you mean {days}?"))
        let asks = run(session, sink, "notify ppt about students via outbox \(outbox) template \(home.path)/asks.txt rule c")
        #expect(asks.output.contains("placeholder {reasons} is not in this message") && asks.output.contains("add 'fields reasons'"))
        let anonymous = run(session, sink, "notify ppt about students basis anonymous via outbox \(outbox) template \(home.path)/good.txt rule d")
        #expect(anonymous.output.contains("an anonymous case discussion carries no student id"))
    }

    @Test func notificationsListsAndExports() throws {
        let (session, sink) = try session()
        run(session, sink, "notify ppt about students where days >= 15 basis consent ref-9 via outbox \(outbox)")
        let listing = run(session, sink, "notifications sent service ppt").output
        #expect(listing.contains("3 disclosures: 0 pending, 3 sent, 0 failed"))
        #expect(run(session, sink, "notifications pending").output.contains("0 disclosures"))
        #expect(run(session, sink, "notifications student S2").output.contains("1 disclosure: 0 pending, 1 sent"))
        run(session, sink, "notifications export \(home.path)/dpo.csv")
        let csv = try #require(readText(home.path + "/dpo.csv"))
        #expect(csv.hasPrefix("created,service,student,rule,basis,status,attempts,last error,message,sent,school year,consent reference,fields,channel,destination\n"))
        #expect(csv.split(separator: "\n").count == 4 && csv.contains(",ref-9,") && !csv.contains("SECRET"))
        var info = stat()
        stat(home.path + "/dpo.csv", &info)
        #expect(info.st_mode & 0o777 == 0o600)
        stat(ledgerPath, &info)
        #expect(info.st_mode & 0o777 == 0o600)
        stat(outbox, &info)
        #expect(info.st_mode & 0o777 == 0o700)
    }
}

/// The names in a directory (no `.` and `..`); empty when it does not exist.
func listDirectory(_ path: String) -> [String] {
    guard let dir = opendir(path) else { return [] }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
        if name != "." && name != ".." { names.append(name) }
    }
    return names
}
