#if canImport(Glibc)
    import Glibc
#endif
import Foundation
import Testing
import TidligCore
import TidligTestSupport

/// Consent recorded per child in the data: who may be told about on `basis consent`, who not
/// and why; the student's own consent from 15; `otherwise anonymous`; typed references.
@Suite struct ConsentTests {
    let home = TemporaryDirectory(prefix: "tidlig-consent")
    var ledgerPath: String { home.path + "/ledger.sqlite" }
    var outbox: String { home.path + "/outbox" }

    /// Ten students, all past 15 days, as of 2024-11-29; the service ids are not the kinds' names.
    /// Each line: id, grade, birthYear (or nil), consents. The outcome each should get is in
    /// `expected`, worked out by hand from DOMAIN.md's rules.
    static let students: [(id: String, grade: Int, born: Int?, consents: String)] = [
        (
            "A1", 5, nil,
            #"{"reference": "ref-A1", "given": "2024-08-20", "givenBy": "guardians", "services": ["ppt"]}"#
        ),
        (
            "A2", 5, nil,
            #"{"reference": "ref-A2", "given": "2024-08-20", "givenBy": "guardians", "services": ["pp-tjenesten"], "expires": "2024-10-01"}"#
        ),
        (
            "A3", 5, nil,
            #"{"reference": "ref-A3", "given": "2024-08-20", "givenBy": "both", "services": ["ppt"], "withdrawn": "2024-11-01"}"#
        ),
        (
            "A4", 5, nil,
            #"{"reference": "ref-A4", "given": "2024-08-20", "givenBy": "guardians", "services": ["school-health"]}"#
        ),
        ("A5", 5, nil, ""),
        (
            "A6", 10, 2009,
            #"{"reference": "ref-A6", "given": "2024-08-20", "givenBy": "guardians", "services": ["ppt"]}"#
        ),
        (
            "A7", 10, 2009,
            #"{"reference": "ref-A7g", "given": "2024-08-20", "givenBy": "guardians", "services": ["ppt"]}, {"reference": "ref-A7s", "given": "2024-09-02", "givenBy": "student", "services": ["pp-tjenesten"]}"#
        ),
        (
            "A8", 9, nil,
            #"{"reference": "ref-A8", "given": "2024-08-20", "givenBy": "guardians", "services": ["ppt"], "expires": "2024-11-29"}"#
        ),
        (
            "A9", 5, nil,
            #"{"reference": "ref-A9", "given": "2024-12-01", "givenBy": "guardians", "services": ["ppt"]}"#
        ),
        (
            "A10", 10, 2010,
            #"{"reference": "ref-A10", "given": "2024-08-20", "givenBy": "guardians", "services": ["ppt"]}"#
        ),
    ]

    /// Sent with these references, or not sent for this reason.
    static let expected: [String: String] = [
        "A1": "ref-A1",
        "A2": "expired",
        "A3": "withdrawn",
        "A4": "other service",
        "A5": "none",
        "A6": "student's own consent missing (15 or older)",  // born 2009: 15 in 2024
        "A7": "ref-A7g+ref-A7s",  // guardians by kind, the student by id
        // grade 9 in 2024/2025, no birthYear: born 2010, 14 in 2024; expires that day
        "A8": "ref-A8",
        "A9": "not yet given",
        "A10": "ref-A10",  // born 2010: 14
    ]

    static func json() -> String {
        let days = NotifyFixture.schoolDays(16).map { "{\"date\": \"\($0)\", \"kind\": \"day\"}" }
            .joined(separator: ", ")
        let students = Self.students.map { s in
            "{\"id\": \"\(s.id)\", \"school\": \"north\", \"grade\": \(s.grade)"
                + (s.born.map { ", \"birthYear\": \($0)" } ?? "")
                + ", \"absence\": [\(days)], \"consents\": [\(s.consents)]}"
        }
        return """
            {"format": "tidlig/1", "asOf": "2024-11-29",
             "calendar": {"schoolYear": "2024/2025", "start": "2024-08-19", "end": "2025-06-20"},
             "schools": [{"id": "north", "name": "Nord skole"}],
             "services": [{"id": "pp-tjenesten", "name": "PPT", "kind": "ppt"},
                          {"id": "bv", "name": "Barneverntjenesten", "kind": "child-welfare"},
                          {"id": "helse", "name": "Skolehelsetjenesten", "kind": "school-health"}],
             "students": [\(students.joined(separator: ",\n"))]}
            """
    }

    func session() throws -> (Session, CapturingSink) {
        let sink = CapturingSink()
        let data = try DataSetLoader.load(bytes: Array(Self.json().utf8), source: "consents")
        let session = Session(data: data, output: sink)
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

    @Test func consentsAreLoadedAsWritten() throws {
        let data = try DataSetLoader.load(bytes: Array(Self.json().utf8), source: "consents")
        let a7 = data.consents(row: try #require(data.studentIndex(id: "A7")))
        #expect(
            a7 == [
                Consent(
                    reference: "ref-A7g", given: Day("2024-08-20")!, givenBy: .guardians,
                    services: ["ppt"]),
                Consent(
                    reference: "ref-A7s", given: Day("2024-09-02")!, givenBy: .student,
                    services: ["pp-tjenesten"]),
            ])
        #expect(data.consents(row: try #require(data.studentIndex(id: "A5"))).isEmpty)
        #expect(data.students.birthYear[Int32(try #require(data.studentIndex(id: "A6")))] == 2009)
        let a2 = data.consents(row: 1)
        #expect(a2.first?.expires == Day("2024-10-01") && a2.first?.withdrawn == nil)
    }

    @Test func tidlig2CarriesConsentsTheSameWay() throws {
        let json = """
            {"format": "tidlig/2", "asOf": "2025-03-03",
             "schoolYears": [{"schoolYear": "2023/2024", "start": "2023-08-21", "end": "2024-06-21"},
                             {"schoolYear": "2024/2025", "start": "2024-08-19", "end": "2025-06-20"}],
             "schools": [{"id": "auli", "name": "Auli skole"}],
             "services": [{"id": "pp-tjenesten", "name": "PPT", "kind": "ppt"}],
             "students": [{"id": "P1", "birthYear": 2009,
                           "enrolments": [{"schoolYear": "2023/2024", "school": "auli", "grade": 9},
                                          {"schoolYear": "2024/2025", "school": "auli", "grade": 10}],
                           "absence": [], "consents": [
                             {"reference": "g-1", "given": "2024-09-01", "givenBy": "guardians", "services": ["ppt"]},
                             {"reference": "s-1", "given": "2024-09-02", "givenBy": "student", "services": ["ppt"],
                              "withdrawn": "2025-02-01"}]}]}
            """
        let data = try DataSetLoader.load(bytes: Array(json.utf8), source: "two-years.json")
        let consents = data.consents(row: 0)
        #expect(
            consents.map(\.reference) == ["g-1", "s-1"]
                && consents[1].withdrawn == Day("2025-02-01"))
        #expect(
            data.students.birthYear[0] == 2009
                && data.ageReached(row: 0, on: Day("2025-03-03")!) == 16)
        // 16 in 2025 and the student's own consent withdrawn: the guardians' alone do not do.
        #expect(
            ConsentCheck.check(
                consents, service: data.services[0], on: Day("2025-03-03")!, ownConsentNeeded: true)
                == .refused(.studentConsentMissing))
        #expect(
            ConsentCheck.check(
                consents, service: data.services[0], on: Day("2025-01-06")!, ownConsentNeeded: true)
                == .valid(references: ["g-1", "s-1"]))
    }

    @Test func aConsentWithoutWhoGaveItIsALocatedError() throws {
        let bad = Self.json().replacingFirst(
            #""givenBy": "guardians", "services": ["ppt"]}"#, with: #""services": ["ppt"]}"#)
        #expect(throws: LoadError.self) {
            try DataSetLoader.load(bytes: Array(bad.utf8), source: "bad.json")
        }
        do {
            _ = try DataSetLoader.load(bytes: Array(bad.utf8), source: "bad.json")
        } catch {
            #expect(error.description.contains("$.students[0].consents[0]"))
            #expect(error.description.contains("missing required field \"givenBy\""))
        }
        let empty = Self.json().replacingFirst(#""services": ["ppt"]}"#, with: #""services": []}"#)
        do {
            _ = try DataSetLoader.load(bytes: Array(empty.utf8), source: "bad.json")
            Issue.record("a consent without services loaded")
        } catch {
            #expect(error.description.contains("$.students[0].consents[0].services"))
        }
    }

    @Test func eachStudentIsSentOnlyOnAConsentValidThatDayForThatService() throws {
        let (session, sink) = try session()
        let result = run(
            session, sink, "notify pp-tjenesten about students basis consent via outbox \(outbox)")
        #expect(result.status == nil, "\(result.output)")
        let sentTo = Self.expected.filter { $0.value.hasPrefix("ref-") }
        #expect(
            result.output.contains(
                "\(sentTo.count) sent, 0 pending, 0 failed, 0 already notified, "
                    + "\(Self.expected.count - sentTo.count) not sent (no valid consent)"))
        for (id, outcome) in Self.expected where !outcome.hasPrefix("ref-") {
            #expect(
                result.output.contains("  not sent to pp-tjenesten: \(id) (\(outcome))\n"), "\(id)")
        }
        let entries = try Ledger(path: ledgerPath).entries()
        #expect(
            Dictionary(
                uniqueKeysWithValues: entries.map { ($0.student, $0.consentReference ?? "") })
                == sentTo)
        #expect(entries.allSatisfy { $0.basis == "consent" })
        for entry in entries {
            let body = try #require(readText(outbox + "/" + entry.messageID + ".json"))
            #expect(
                body.contains("\"student\": \"\(entry.student)\"")
                    && body.contains("\"consentReference\": \"\(sentTo[entry.student]!)\""))
        }
    }

    @Test func otherwiseAnonymousSendsTheRestWithoutAnId() throws {
        let (session, sink) = try session()
        let result = run(
            session, sink,
            "notify pp-tjenesten about students basis consent otherwise anonymous via outbox \(outbox)"
        )
        #expect(result.status == nil, "\(result.output)")
        let entries = try Ledger(path: ledgerPath).entries()
        #expect(entries.count == Self.expected.count)
        for entry in entries {
            let body = try #require(readText(outbox + "/" + entry.messageID + ".json"))
            if Self.expected[entry.student]!.hasPrefix("ref-") {
                #expect(
                    entry.basis == "consent" && body.contains("\"student\": \"\(entry.student)\""))
            } else {
                #expect(entry.basis == "anonymous" && entry.consentReference == nil)
                #expect(
                    !body.contains("\"student\"") && !body.contains("\"\(entry.student)\"")
                        && !body.contains("consentReference"))
            }
        }
    }

    @Test func aTypedReferenceCoversOneStudentOnly() throws {
        let (session, sink) = try session()
        let many = run(
            session, sink,
            "notify pp-tjenesten about students basis consent \"ref-2025-17\" via outbox \(outbox)")
        #expect(many.status == ExitStatus.dataError)
        #expect(
            many.output.contains(
                "a typed reference (ref-2025-17) covers one student, and this selection has 10"))
        #expect(access(ledgerPath, F_OK) != 0)
        let one = run(
            session, sink,
            "notify pp-tjenesten about students where id = \"A5\" basis consent \"ref-2025-17\" via outbox \(outbox)"
        )
        #expect(one.status == nil && one.output.contains("1 sent"), "\(one.output)")
        #expect(try Ledger(path: ledgerPath).entries().map(\.consentReference) == ["ref-2025-17"])
    }

    @Test func aDutyGoesToAChildWelfareServiceByItsKindWhateverItsId() throws {
        let (session, sink) = try session()
        let result = run(
            session, sink,
            "notify bv about students where id = \"A5\" basis duty \"bvl § 13-2\" via outbox \(outbox)"
        )
        #expect(result.status == nil, "\(result.output)")
        let refused = run(
            session, sink,
            "notify helse about students where id = \"A5\" basis duty \"bvl § 13-2\" via outbox \(outbox)"
        )
        #expect(
            refused.status == ExitStatus.dataError
                && refused.output.contains("'helse' is a service of kind school-health"))
    }
}

extension String {
    /// The text with the first `target` replaced (a precondition that it is there).
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else {
            preconditionFailure("\(target) not in the text")
        }
        return replacingCharacters(in: range, with: replacement)
    }
}
