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
    func run(_ session: Session, _ sink: CapturingSink, _ statement: String) -> (
        status: Int32?, output: String
    ) {
        sink.reset()
        let status = session.execute(SourceFile(name: nil, text: statement))
        return (status, sink.text)
    }

    func outboxFiles() -> [String] {
        listDirectory(outbox).filter { $0.hasSuffix(".json") }.sorted()
    }

    @Test func childWelfareWithoutABasisIsRefusedAndNothingIsWritten() throws {
        let (session, sink) = try session()
        let result = run(
            session, sink, "notify cw about students where days >= 15 via outbox \(outbox)")
        #expect(result.status == ExitStatus.dataError)
        #expect(
            result.output.contains("error: notifying child welfare needs an explicit legal basis"))
        #expect(
            result.output.contains("add 'basis duty GROUND' (the duty to inform, on its ground)"))
        #expect(access(ledgerPath, F_OK) != 0 && access(outbox, F_OK) != 0)
        // A duty needs its ground, and then it goes.
        let bare = run(
            session, sink,
            "notify cw about students where days >= 15 basis duty via outbox \(outbox)")
        #expect(
            bare.status == ExitStatus.dataError
                && bare.output.contains("expected the ground of the duty"))
        let ground = "bvl § 13-2: reason to believe the child is neglected"
        #expect(
            run(
                session, sink,
                "notify cw about students where days >= 15 basis duty \"\(ground)\" via outbox \(outbox)"
            ).status == nil)
        #expect(outboxFiles().count == 3)
        let entries = try Ledger(path: ledgerPath).entries()
        #expect(
            entries.count == 3 && entries.allSatisfy { $0.basis == "duty" && $0.ground == ground })
        let body = readText(outbox + "/" + outboxFiles()[0]) ?? ""
        #expect(body.contains("\"ground\": \"\(ground)\"") && body.contains("\"student\": \"S"))
    }

    @Test func aDutyExistsOnlyTowardsChildWelfareByKindNotById() throws {
        let (session, sink) = try session()
        let statement =
            "notify ppt about students where days >= 15 basis duty \"bvl § 13-2\" via outbox \(outbox)"
        let result = run(session, sink, statement)
        #expect(result.status == ExitStatus.dataError)
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(
            lines.first
                == "error: a duty to inform exists only towards child welfare (barnevernsloven § 13-2); "
                + "'ppt' is a service of kind ppt")
        // The caret sits under `duty "bvl § 13-2"`: found by position in the statement, not pasted.
        let start = try #require(statement.firstRange(of: "duty")).lowerBound
        let column = statement.distance(from: statement.startIndex, to: start)
        let caretLine = try #require(lines.first { $0.contains("^") })
        let caret = try #require(caretLine.firstIndex(of: "^"))
        // after "1 | "
        #expect(caretLine.distance(from: caretLine.startIndex, to: caret) == column + 4)
        #expect(
            caretLine.contains(
                "possible bases here: 'basis consent' (each student's recorded consent) or "
                    + "'basis anonymous'"))
        #expect(access(ledgerPath, F_OK) != 0 && access(outbox, F_OK) != 0)
    }

    @Test func aMessageCarriesOnlyTheDefaultFieldsUnlessAsked() throws {
        let (session, sink) = try session()
        run(session, sink, "set coordinator \"Kari, SLT, 64 00 00 00\"")
        #expect(
            run(
                session, sink,
                "notify ppt about students where days >= 15 basis consent via outbox \(outbox)"
            ).status == nil)
        let bodies = outboxFiles().map { readText(outbox + "/" + $0) ?? "" }
        #expect(bodies.count == 3)
        for body in bodies {
            #expect(
                !body.contains("SECRET") && !body.contains("\"documented\"")
                    && !body.contains("\"reasons\""))
            let student = try #require(
                body.firstRange(of: "\"student\": \"S").map { body[$0.upperBound...].prefix(1) })
            #expect(
                body.contains("\"consentReference\": \"ref-S\(student)\"")
                    && body.contains("\"coordinator\": \"Kari, SLT, 64 00 00 00\""))
            #expect(
                body.contains("\"bti\": 2") && body.contains("\"days\": 16")
                    && body.contains("\"crossing\": \"2024-09-06\""))
        }
        let entry = try #require(try Ledger(path: ledgerPath).entries().first)
        #expect(
            entry.fields
                == "student,school,schoolName,grade,asOf,days,hours,percent,threshold,crossing,bti")
        #expect(entry.body == nil && entry.status == .sent)  // the body is not kept once delivered
        // Asked for, they come on a consent.
        run(
            session, sink,
            "notify ppt about students where days >= 15 basis consent via outbox \(outbox) fields reasons, notes, documented rule extra"
        )
        let extra = outboxFiles().map { readText(outbox + "/" + $0) ?? "" }.filter {
            $0.contains("\"rule\": \"extra\"")
        }
        #expect(extra.count == 3)
        #expect(
            extra.allSatisfy {
                $0.contains("SECRET reason") && $0.contains("SECRET note")
                    && $0.contains("\"undocumented\": 8")
            })
        // An anonymous basis takes no free text or exact figures at all, with a caret under 'fields'.
        let statement =
            "notify ppt about students where days >= 15 basis anonymous via outbox \(outbox) fields notes, reasons rule anon"
        let refused = run(session, sink, statement)
        #expect(refused.status == ExitStatus.dataError)
        #expect(
            refused.output.contains(
                "error: an anonymous case discussion carries no free text and no exact figures"))
        let column = statement.distance(
            from: statement.startIndex, to: statement.firstRange(of: "fields")!.lowerBound)
        #expect(
            refused.output.contains(
                "  | " + String(repeating: " ", count: column) + "^^^^^^^^^^^^^^^^^^^^^ "))
        #expect(try Ledger(path: ledgerPath).entries().allSatisfy { $0.rule != "anon" })
        // Without fields it goes, and says nothing that names anyone: six students, no group of 5.
        #expect(
            run(
                session, sink,
                "notify ppt about students where days >= 15 basis anonymous via outbox \(outbox) rule anon"
            ).status == nil)
        let anonymous = outboxFiles().map { readText(outbox + "/" + $0) ?? "" }.filter {
            $0.contains("\"rule\": \"anon\"")
        }
        #expect(anonymous.count == 3)
        #expect(
            anonymous.allSatisfy {
                !$0.contains("\"student\"") && !$0.contains("S1") && !$0.contains("SECRET")
            })
        // No figure (16 days) and no school: the random message id may hold "16", a value may not.
        #expect(anonymous.allSatisfy { !$0.contains("\"days\"") && !$0.contains("\"school\"") })
        #expect(anonymous.allSatisfy { !$0.contains(": 16") && !$0.contains("16 days") })
        #expect(sink.text.contains("3 anonymous messages leave out everything about the student"))
    }

    @Test func dryRunWritesNothingAndLeavesTheLedgerAlone() throws {
        let (session, sink) = try session()
        let result = run(
            session, sink, "notify ppt about students where days >= 15 via outbox \(outbox) dry run"
        )
        #expect(result.status == nil)
        #expect(
            result.output.contains(
                "to ppt via outbox \(outbox), about an anonymous student, on anonymous case discussion:"
            ))
        #expect(
            result.output.contains(
                "dry run: 3 messages to ppt (rule default, 2024/2025), 0 already notified; nothing was sent or recorded"
            ))
        #expect(access(ledgerPath, F_OK) != 0 && access(outbox, F_OK) != 0)
        // With a ledger in place, the dry run reads it and leaves it as it was.
        run(
            session, sink, "notify ppt about students where days >= 15 limit 1 via outbox \(outbox)"
        )
        let before = try Ledger(path: ledgerPath).entries()
        let preview = run(
            session, sink, "preview ppt about students where days >= 15 via outbox \(outbox)")
        #expect(
            preview.output.contains(
                "dry run: 2 messages to ppt (rule default, 2024/2025), 1 already notified"))
        #expect(try Ledger(path: ledgerPath).entries() == before)
        #expect(outboxFiles().count == 1)
    }

    @Test func twoRunsOnTheSameDataNotifyOnce() throws {
        for _ in 0..<2 {
            let (session, sink) = try session()
            #expect(
                run(
                    session, sink, "notify ppt about students where days >= 15 via outbox \(outbox)"
                ).status == nil)
        }
        #expect(outboxFiles().count == 3)
        let entries = try Ledger(path: ledgerPath).entries()
        #expect(entries.count == 3 && entries.allSatisfy { $0.status == .sent && $0.attempts == 1 })
        #expect(Set(entries.map(\.student)) == ["S1", "S2", "S3"])
    }

    @Test func aNewExportWithMoreCrossingsNotifiesOnlyTheNewOnes() throws {
        let (first, firstSink) = try session(crossing: 2)
        #expect(
            run(first, firstSink, "notify ppt about students where days >= 15 via outbox \(outbox)")
                .output
                .contains("2 sent, 0 pending, 0 failed, 0 already notified"))
        let (second, secondSink) = try session(crossing: 5)
        #expect(
            run(
                second, secondSink,
                "notify ppt about students where days >= 15 via outbox \(outbox)"
            ).output
                .contains("3 sent, 0 pending, 0 failed, 2 already notified"))
        let entries = try Ledger(path: ledgerPath).entries()
        #expect(entries.map(\.student).sorted() == ["S1", "S2", "S3", "S4", "S5"])
        #expect(outboxFiles().count == 5)
        // Another rule is another decision: it may tell the same service again.
        #expect(
            run(
                second, secondSink,
                "notify ppt about students where days >= 15 via outbox \(outbox) rule second-look"
            ).output
                .contains("5 sent"))
    }

    @Test func templatesFromFilesAndTheirErrors() throws {
        let (session, sink) = try session()
        try SecureFile.write(
            path: home.path + "/good.txt", text: "Elev {student}: {days} dager. Grunnlag: {basis}.")
        try SecureFile.write(path: home.path + "/bad.txt", text: "Elev {student}\nhar {dayz} dager")
        try SecureFile.write(path: home.path + "/asks.txt", text: "{reasons}")
        run(
            session, sink,
            "notify ppt about students where days >= 15 basis consent via outbox \(outbox) template \(home.path)/good.txt"
        )
        #expect(
            outboxFiles().compactMap { readText(outbox + "/" + $0) }.contains {
                $0.contains("Elev S1: 16 dager. Grunnlag: consent (ref-S1).")
            })
        let bad = run(
            session, sink,
            "notify ppt about students basis consent via outbox \(outbox) template \(home.path)/bad.txt rule b"
        )
        #expect(
            bad.output.contains("error: unknown placeholder {dayz} at \(home.path)/bad.txt:2:5"))
        #expect(bad.output.contains("did you mean {days}?"))
        let asks = run(
            session, sink,
            "notify ppt about students basis consent via outbox \(outbox) template \(home.path)/asks.txt rule c"
        )
        #expect(
            asks.output.contains("placeholder {reasons} is not in this message")
                && asks.output.contains("add 'fields reasons'"))
        let anonymous = run(
            session, sink,
            "notify ppt about students basis anonymous via outbox \(outbox) template \(home.path)/good.txt rule d"
        )
        #expect(anonymous.output.contains("an anonymous case discussion carries no student id"))
    }

    @Test func notificationsListsAndExports() throws {
        let (session, sink) = try session()
        run(
            session, sink,
            "notify ppt about students where days >= 15 basis consent via outbox \(outbox)")
        let listing = run(session, sink, "notifications sent service ppt").output
        #expect(listing.contains("3 disclosures: 0 pending, 3 sent, 0 failed"))
        #expect(run(session, sink, "notifications pending").output.contains("0 disclosures"))
        #expect(
            run(session, sink, "notifications student S2").output.contains(
                "1 disclosure: 0 pending, 1 sent"))
        run(session, sink, "notifications export \(home.path)/dpo.csv")
        let csv = try #require(readText(home.path + "/dpo.csv"))
        #expect(
            csv.hasPrefix(
                "created,service,student,rule,basis,status,attempts,last error,message,sent,school year,consent reference,ground,fields,channel,destination\n"
            ))
        #expect(csv.split(separator: "\n").count == 4 && !csv.contains("SECRET"))
        for n in 1...3 {  // each row names the basis, its consent and the fields sent
            #expect(
                csv.contains(",S\(n),default,consent,sent,")
                    && csv.contains(",2024/2025,ref-S\(n),,\"student,school,"))
        }
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
        let name = withUnsafeBytes(of: entry.pointee.d_name) {
            String(cString: $0.bindMemory(to: CChar.self).baseAddress!)
        }
        if name != "." && name != ".." { names.append(name) }
    }
    return names
}
