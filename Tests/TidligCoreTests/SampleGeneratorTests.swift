import Foundation
import Testing
@testable import TidligCore

@Suite struct SampleGeneratorTests {
    /// Table 1 of the audit (seeds/000): students, mean days, mean hours per school.
    static let table1: [(id: String, students: Int, days: Double, hours: Double)] = [
        ("auli", 276, 11.1, 3.6), ("fenstad", 194, 10.1, 1.8), ("fjellfoten", 210, 9.3, 2.3),
        ("framtun", 143, 10.4, 1.6), ("neskollen", 518, 9.0, 1.5), ("skogbygda", 198, 8.4, 2.0),
        ("arnes", 305, 10.0, 1.2), ("ostgard", 144, 10.0, 1.2), ("runni", 389, 16.9, 20.9),
        ("vormsund", 438, 16.5, 12.3),
    ]

    /// The built-in sample, parsed once.
    nonisolated(unsafe) static let sample: [String: Any] = {
        let bytes = SampleGenerator(
            students: SampleGenerator.sampleStudents, seed: SampleGenerator.sampleSeed
        ).json()
        return (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] ?? [:]
    }()

    static var students: [[String: Any]] { sample["students"] as? [[String: Any]] ?? [] }

    static func records(_ student: [String: Any]) -> [[String: Any]] {
        student["absence"] as? [[String: Any]] ?? []
    }

    @Test func sameSeedSameBytesAndChunksMatch() {
        let generator = SampleGenerator(students: 3000, seed: 7)
        let whole = generator.json()
        #expect(whole == SampleGenerator(students: 3000, seed: 7).json())
        #expect(whole != SampleGenerator(students: 3000, seed: 8).json())
        var chunks: [UInt8] = []
        var count = 0
        generator.write {
            chunks.append(contentsOf: $0); count += 1
        }
        #expect(chunks == whole)
        #expect(count >= 3)  // about 3 MB in 1 MB chunks
    }

    @Test func oneStudentPerLine() {
        let bytes = SampleGenerator(students: 50, seed: 1).json()
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n")
        #expect(lines.filter { $0.hasPrefix(#"{"id":"S"#) }.count == 50)
        #expect(lines.contains { $0.hasPrefix(#"{"id":"S0000050","#) })
    }

    @Test func sampleMatchesTable1() {
        #expect(Self.sample["format"] as? String == "tidlig/1")
        #expect(Self.sample["asOf"] as? String == "2025-06-20")
        var counts: [String: Int] = [:], days: [String: Int] = [:], hours: [String: Double] = [:]
        for student in Self.students {
            let school = student["school"] as? String ?? "?"
            counts[school, default: 0] += 1
            for record in Self.records(student) {
                if record["kind"] as? String == "day" { days[school, default: 0] += 1 }
                hours[school, default: 0] += (record["hours"] as? Double) ?? 0
            }
        }
        for row in Self.table1 {
            let n = counts[row.id] ?? 0
            #expect(n == row.students, "\(row.id)")
            #expect(
                abs(Double(days[row.id] ?? 0) / Double(max(n, 1)) - row.days) <= 0.3,
                "\(row.id) days")
            #expect(
                abs((hours[row.id] ?? 0) / Double(max(n, 1)) - row.hours) <= 0.3, "\(row.id) hours")
        }
        #expect(Self.students.count == 2815)
    }

    @Test func longTailOfStudentsPast60Days() {
        let past60 = Self.students.filter { student in
            Self.records(student).filter { $0["kind"] as? String == "day" }.count > 60
        }
        #expect((35...43).contains(past60.count))
        let lowerSecondary = past60.filter { ($0["grade"] as? Int ?? 0) >= 8 }.count
        #expect((26...34).contains(lowerSecondary))
    }

    /// The 39 folders under DOMAIN.md's audit rules give the audit's figures (seed 000, 3.3-3.4).
    @Test func foldersPast60DaysMatchTheAudit() {
        var tally: [String: Int] = [:]
        for student in Self.students
        where Self.records(student).filter({ $0["kind"] as? String == "day" }).count > 60 {
            for finding in Self.audit(student["folder"] as? [[String: Any]] ?? []) {
                tally[finding, default: 0] += 1
            }
        }
        #expect(tally["causes described"] == 32 && tally["causes partial"] == 7)
        #expect(tally["measures documented"] == 37 && tally["template used"] == 26)
        #expect(
            tally["evaluation full"] == 10 && tally["evaluation none"] == 16
                && tally["evaluation partial"] == 13)
        #expect(tally["little documentation"] == 18)
    }

    /// DOMAIN.md's folder audit over 2024-01-01 ... 2025-06-20 (ISO dates compare as text).
    static func audit(_ folder: [[String: Any]]) -> [String] {
        let window = folder.filter {
            ("2024-01-01"..."2025-06-20").contains($0["date"] as? String ?? "")
        }
        func kind(_ document: [String: Any]) -> String { document["kind"] as? String ?? "" }
        var findings: [String] = []
        if window.contains(where: {
            kind($0) == "cause-mapping" && ($0["quality"] as? String ?? "described") == "described"
        }) {
            findings.append("causes described")
        } else if folder.contains(where: { kind($0) == "cause-mapping" }) {
            findings.append("causes partial")
        }
        if window.contains(where: { ["action-plan", "measure"].contains(kind($0)) }) {
            findings.append("measures documented")
        }
        let plans = window.filter { kind($0) == "action-plan" }
        if plans.contains(where: { $0["template"] as? Bool == true }) {
            findings.append("template used")
        }
        let evaluations = window.filter { kind($0) == "evaluation" }
        let full =
            !plans.isEmpty
            && plans.allSatisfy { plan in
                plan["evaluateBy"] != nil
                    && evaluations.contains {
                        $0["coverage"] as? String == "full"
                            && ($0["date"] as? String ?? "") >= (plan["date"] as? String ?? "")
                    }
            }
        findings.append(
            evaluations.isEmpty
                ? "evaluation none" : full ? "evaluation full" : "evaluation partial")
        if window.filter({ kind($0) != "other" }).count <= 2 {
            findings.append("little documentation")
        }
        return findings
    }

    @Test func datesValidNothingAfterAsOfFewPlantedProblems() {
        let asOf = Day("2025-06-20")!
        var problems = 0
        var allValid = true
        for student in Self.students {
            for record in Self.records(student) {
                guard let text = record["date"] as? String, let day = Day(text) else {
                    allValid = false; continue
                }
                if day > asOf { allValid = false }
                if record["kind"] as? String == "day", day.isWeekend { problems += 1 }
            }
            for key in ["folder", "involvements"] {
                for item in student[key] as? [[String: Any]] ?? [] {
                    guard let text = item["date"] as? String, let day = Day(text), day <= asOf
                    else { allValid = false; continue }
                }
            }
        }
        #expect(allValid)
        // Saturdays alone here; with the holiday and same-date problems, 3 to 6 in all.
        #expect((1...6).contains(problems))
        #expect((3...6).contains(Self.plantedProblems()))
    }

    /// Whole days off school days plus dates holding a whole day and another record.
    static func plantedProblems() -> Int {
        let calendar = NesProfile.calendar
        var count = 0
        for student in students {
            var wholeDays = Set<String>()
            var hourDates: [String] = []
            for record in records(student) {
                let text = record["date"] as? String ?? ""
                if record["kind"] as? String == "day" {
                    wholeDays.insert(text)
                    if let day = Day(text), !calendar.isSchoolDay(day) { count += 1 }
                } else {
                    hourDates.append(text)
                }
            }
            count += hourDates.filter { wholeDays.contains($0) }.count
        }
        return count
    }

    @Test func scalingDownAndUp() throws {
        let tiny = try Self.parse(SampleGenerator(students: 10, seed: 3).json())
        #expect((tiny["students"] as? [Any])?.count == 10)
        #expect((tiny["schools"] as? [Any])?.count == 10)
        let tinySchools = Set(
            ((tiny["students"] as? [[String: Any]]) ?? []).compactMap { $0["school"] as? String })
        #expect(tinySchools.count == 10)

        let big = try Self.parse(SampleGenerator(students: 6000, seed: 3).json())
        let schools = (big["schools"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        #expect(schools.count == 30)
        #expect(
            schools.contains("auli") && schools.contains("auli-2") && schools.contains("auli-3"))
        #expect((big["students"] as? [Any])?.count == 6000)
    }

    @Test func apportionKeepsTable1AndTotals() {
        #expect(
            SchoolUnit.layout(students: 2815).map(\.students) == [
                276, 194, 210, 143, 518, 198, 305, 144, 389, 438,
            ])
        #expect(SchoolUnit.layout(students: 2815).map(\.severe).reduce(0, +) == 39)
        for n in [0, 1, 9, 10, 11, 999, 2816, 10_000] {
            #expect(SchoolUnit.layout(students: n).map(\.students).reduce(0, +) == n)
        }
        #expect(!SchoolUnit.layout(students: 10).contains { $0.students == 0 })
    }

    static func parse(_ bytes: [UInt8]) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] ?? [:]
    }
}
