import Foundation
import Testing
@testable import TidligCore
import TidligTestSupport

/// `tidlig import` on real CSV and XLSX files: the arithmetic of DOMAIN.md, encodings, the
/// pseudonyms, refused rows, mapping files, several school years and weekly imports.
/// Expected figures are worked out by hand from the fixture files in Fixtures/import*.
@Suite struct ImportTests {
    let folder = TemporaryDirectory(prefix: "tidlig-import")
    static let one = TestPaths.fixtures + "/import"
    static let years = TestPaths.fixtures + "/import-years"
    static let key = "hemmelig-nokkel-for-nes-kommune-2025"

    struct Outcome {
        var status: Int32
        var report: String
        var error: String
    }

    func files(_ dir: String = ImportTests.one, consents: Bool = false) -> ExportImport.Files {
        .init(
            students: dir + "/elever.csv", absence: dir + "/fravaer.csv",
            calendar: dir + "/kalender.csv",
            consents: consents ? dir + "/samtykker.csv" : nil)
    }

    func run(
        _ files: ExportImport.Files, out: String?, key: String = ImportTests.one + "/nokkel.txt",
        configure: (inout ImportRequest) -> Void = { _ in }
    ) -> Outcome {
        var request = ImportRequest(files: files, keyFile: key)
        request.out = out
        request.asOf = "20.06.2025"
        configure(&request)
        var report = "", error = ""
        let status = request.run(report: { report += $0 }, error: { error += $0 })
        return Outcome(status: status, report: report, error: error)
    }

    /// The pseudonym worked out independently of tidlig's SHA-256: "P" + the first 16 hex
    /// digits of HMAC-SHA-256(key, number), from Python's `hmac`.
    static func pseudonym(_ number: String, key: String = ImportTests.key) -> String {
        lock.lock()
        defer { lock.unlock() }
        if let known = pseudonyms[key + "/" + number] { return known }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "-c",
            "import hmac, hashlib, sys; "
                + "print(hmac.new(sys.argv[1].encode(), sys.argv[2].encode(), hashlib.sha256).hexdigest()[:16])",
            key, number,
        ]
        let out = Pipe()
        process.standardOutput = out
        try? process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let id = "P" + text.trimmingCharacters(in: .whitespacesAndNewlines)
        pseudonyms[key + "/" + number] = id
        return id
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var pseudonyms: [String: String] = [:]

    @Test func pseudonymsMatchPythonsHMAC() throws {
        for key in ["hemmelig-nokkel-for-nes-kommune-2025", String(repeating: "k", count: 100)] {
            let pseudonyms = Pseudonymizer(key: Array(key.utf8), prefix: "P")
            for number in ["15031150180", "01011250013"] {
                #expect(
                    pseudonyms.id(for: UInt64(number)!).text == Self.pseudonym(number, key: key))
            }
        }
    }

    @Test func nationalIdentityNumbers() {
        #expect(NationalID.parse(ArraySlice("15031150180".utf8)) == 15031150180)
        #expect(NationalID.parse(ArraySlice("150311 50180".utf8)) == 15031150180)
        // Excel dropped the 0
        #expect(NationalID.parse(ArraySlice("1011250013".utf8)) == 1011250013)
        #expect(NationalID.parse(ArraySlice("15031150181".utf8)) == nil)  // second check digit
        #expect(NationalID.parse(ArraySlice("15031150190".utf8)) == nil)  // first check digit
        #expect(NationalID.parse(ArraySlice("1503115018".utf8)) == nil)
        #expect(NationalID.parse(ArraySlice("150311501800".utf8)) == nil)
        #expect(NationalID.parse(ArraySlice("1503115018x".utf8)) == nil)
        #expect(NationalID.birthYear(15031150180) == 2011)  // individual number 501: born 2000-2039
        #expect(NationalID.birthYear(15031140180) == 1911)  // individual number 401
    }

    func json(_ path: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    func student(_ document: [String: Any], _ number: String) throws -> [String: Any] {
        let students = try #require(document["students"] as? [[String: Any]])
        return try #require(
            students.first { $0["id"] as? String == Self.pseudonym(number) }, "no student \(number)"
        )
    }

    @Test func csvImportFollowsTheArithmetic() throws {
        let out = folder.path + "/nes.json"
        let result = run(files(consents: true), out: out)
        #expect(result.status == 0, "\(result.error)")
        let data = try DataSetLoader.load(path: out)
        #expect(data.studentCount == 5)  // the sixth row's number fails its check digits
        let totals = AbsenceTotals(data: data, asOf: data.asOf)
        func figures(_ number: String) throws -> (Int32, Double, Int32) {
            let row = try #require(data.studentIndex(id: Self.pseudonym(number)))
            return (totals.days[row], totals.hours[row], totals.documentedDays[row])
        }
        // Kari: Dag (Ja) + Dag (Nei); Time 45 + 45 minutes = 1.5 hours; Permisjon and
        // Forsentkomming are not absence.
        #expect(try figures("15031150180") == (2, 1.5, 1))
        // Ola: "Ikke på vitnemål" is a documented day; "Meldt" (reported) is not documented.
        #expect(try figures("02071250183") == (2, 0, 1))
        // Jonas: 22,5 minutes = 0.375 hours.
        #expect(try figures("23091150042") == (0, 0.375, 0))
        #expect(try figures("31121050032") == (0, 0, 0))
        #expect(try figures("01011250013") == (1, 0, 0))
        let kari = try student(try json(out), "15031150180")
        let others = try #require(kari["otherRecords"] as? [[String: Any]])
        #expect(others.map { $0["kind"] as? String } == ["leave", "late"])
        #expect(others[1]["minutes"] as? Int == 10)
        #expect(kari["birthYear"] as? Int == 2011)
        let consents = try #require(kari["consents"] as? [[String: Any]])
        #expect(consents.count == 1)
        #expect(consents.first?["reference"] as? String == "2024/1234-5")
        #expect(consents.first?["givenBy"] as? String == "guardians")
        #expect(consents.first?["services"] as? [String] == ["ppt", "school-health"])
        #expect(consents.first?["given"] as? String == "2024-10-01")
        #expect(consents.first?["expires"] as? String == "2025-10-01")
        #expect(consents.first?["withdrawn"] == nil)
        #expect(data.schools.map(\.id) == ["auli-barneskole", "runni-ungdomsskole"])
        #expect(data.schools.map(\.stage) == [.primary, .lowerSecondary])
        #expect(data.calendar.closures.count == 1)
        #expect(data.asOf == Day("2025-06-20"))
    }

    @Test func refusedRowsAreReportedByLineWithTheEncodingFound() {
        let result = run(files(), out: folder.path + "/nes.json")
        #expect(result.status == 0)
        #expect(result.report.contains("absence: \(Self.one)/fravaer.csv: 12 rows (Windows-1252)"))
        #expect(result.report.contains("students: \(Self.one)/elever.csv: 6 rows (UTF-8 with BOM)"))
        #expect(
            result.report.contains("elever.csv: fødselsnummer fails its check digits: line 6\n"))
        #expect(
            result.report.contains(
                "fravaer.csv: fødselsnummer fails its check digits: lines 11, 12\n"))
        #expect(
            result.report.contains(
                "codes in Fraværstype: Dag 6, Time 3, Permisjon 1, Forsentkomming 1, Ikke på vitnemål 1"
            ))
    }

    @Test func theSameKeyGivesTheSameIDsAndAnotherKeyOthers() throws {
        let first = folder.path + "/a.json", second = folder.path + "/b.json",
            third = folder.path + "/c.json"
        #expect(run(files(), out: first).status == 0)
        #expect(run(files(), out: second).status == 0)
        let otherKey = folder.path + "/other-key.txt"
        try "another-municipality-secret-key".write(
            toFile: otherKey, atomically: true, encoding: .utf8)
        #expect(run(files(), out: third, key: otherKey).status == 0)
        let ids = { (path: String) throws -> Set<String> in
            Set(try DataSetLoader.load(path: path).students.ids)
        }
        #expect(try ids(first) == ids(second))
        #expect(try ids(first).isDisjoint(with: ids(third)))
        #expect(try ids(first).contains(Self.pseudonym("15031150180")))
        let mode =
            try FileManager.default.attributesOfItem(atPath: first)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func shortKeyAndMissingKeyAreRefusedWithoutEchoingTheKey() throws {
        let short = folder.path + "/short.txt"
        try "kort-nokkel\n".write(toFile: short, atomically: true, encoding: .utf8)
        let result = run(files(), out: folder.path + "/x.json", key: short)
        #expect(result.status == 65)
        #expect(result.error.contains("the key is too short: 11 bytes"))
        #expect(!result.error.contains("kort-nokkel"))
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/x.json"))
        #expect(run(files(), out: folder.path + "/x.json", key: folder.path + "/none").status == 74)
    }

    @Test func xlsxImportEqualsTheCSVImport() throws {
        let students = folder.path + "/elever.xlsx", absence = folder.path + "/fravaer.xlsx"
        try python([TestPaths.fixtures + "/xlsx.py", Self.one + "/elever.csv", students])
        try python([TestPaths.fixtures + "/xlsx.py", Self.one + "/fravaer.csv", absence, "cp1252"])
        let csv = folder.path + "/csv.json", xlsx = folder.path + "/xlsx.json"
        #expect(run(files(), out: csv).status == 0)
        let result = run(
            .init(students: students, absence: absence, calendar: Self.one + "/kalender.csv"),
            out: xlsx)
        #expect(result.status == 0, "\(result.error)")
        #expect(result.report.contains("fravaer.xlsx: 12 rows (XLSX)"))
        // Dates came as serials (two styles), the fødselsnummer 01011250013 as the number 1011250013.
        #expect(
            try Data(contentsOf: URL(fileURLWithPath: csv))
                == Data(contentsOf: URL(fileURLWithPath: xlsx)))
    }

    @Test func brokenXLSXIsALocatedError() throws {
        let path = folder.path + "/broken.xlsx"
        try Data([0x50, 0x4B, 0x03, 0x04] + [UInt8](repeating: 7, count: 40)).write(
            to: URL(fileURLWithPath: path))
        let result = run(
            .init(
                students: path, absence: Self.one + "/fravaer.csv",
                calendar: Self.one + "/kalender.csv"),
            out: folder.path + "/x.json")
        #expect(result.status == 65)
        #expect(result.error.contains("broken.xlsx: error: not a readable .xlsx file"))
    }

    func python(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "python3 \(arguments)")
    }

    @Test func severalSchoolYearsGiveTidlig2() throws {
        let out = folder.path + "/two.json"
        let result = run(files(Self.years), out: out)
        #expect(result.status == 0, "\(result.error)")
        #expect(
            result.report.contains(
                "fravaer.csv: date outside every school year of the calendar: line 5"))
        let document = try json(out)
        #expect(document["format"] as? String == "tidlig/2")
        let years = try #require(document["schoolYears"] as? [[String: Any]])
        #expect(years.map { $0["schoolYear"] as? String } == ["2023/2024", "2024/2025"])
        #expect(years.map { $0["start"] as? String } == ["2023-08-21", "2024-08-19"])
        let perSchool = try #require(years[0]["schools"] as? [String: [String: Any]])
        let runni = try #require(perSchool["runni-ungdomsskole"]?["closures"] as? [[String: Any]])
        #expect(runni.map { $0["from"] as? String } == ["2023-11-17"])
        #expect(years[1]["schools"] == nil)
        let kari = try student(document, "15031150180")
        let enrolments = try #require(kari["enrolments"] as? [[String: Any]])
        #expect(
            enrolments.map { $0["schoolYear"] as? String } == [
                "2023/2024", "2024/2025", "2024/2025",
            ])
        #expect(
            enrolments.map { $0["school"] as? String } == [
                "auli-barneskole", "runni-ungdomsskole", "vormsund-ungdomsskole",
            ])
        #expect(enrolments.map { $0["grade"] as? Int } == [7, 8, 8])
        #expect(enrolments[1]["to"] as? String == "2025-01-31" && enrolments[1]["from"] == nil)
        #expect(enrolments[2]["from"] as? String == "2025-02-03" && enrolments[2]["to"] == nil)
        let absence = try #require(kari["absence"] as? [[String: Any]])
        #expect(
            absence.map { $0["date"] as? String } == ["2023-11-02", "2024-09-10", "2025-02-10"])
        // Jonas's Innmeldt (01.08.2024) is before the school year: enrolled the whole year.
        let per = try #require(
            try student(document, "23091150042")["enrolments"] as? [[String: Any]])
        #expect(per.count == 1 && per[0]["from"] == nil)
        // The tidlig/2 loader (issue 16) takes it without a data-quality problem.
        let data = try DataSetLoader.load(path: out)
        #expect(data.schoolYears.count == 2 && data.studentCount == 3 && data.problems.isEmpty)
    }

    @Test func oneYearWithADateIsStillTidlig1OnlyWhenWholeYear() throws {
        let dir = folder.path
        try copyFixture(to: dir)
        try "Fødselsnummer;Skole;Trinn;Innmeldt\n15031150180;Auli barneskole;7;07.01.2025\n"
            .write(toFile: dir + "/elever.csv", atomically: true, encoding: .utf8)
        try "Fødselsnummer;Dato;Fraværstype\n".write(
            toFile: dir + "/fravaer.csv", atomically: true, encoding: .utf8)
        let result = run(files(dir), out: dir + "/out.json")
        #expect(result.status == 0, "\(result.error)")
        #expect(result.report.contains("format tidlig/2"))  // a part-year enrolment needs tidlig/2
    }

    func copyFixture(to dir: String) throws {
        for name in ["elever.csv", "fravaer.csv", "kalender.csv", "samtykker.csv"] {
            let target = dir + "/" + name
            if FileManager.default.fileExists(atPath: target) {
                try FileManager.default.removeItem(atPath: target)
            }
            try FileManager.default.copyItem(atPath: Self.one + "/" + name, toPath: target)
        }
    }
}
