import Foundation
import Testing
@testable import TidligCore

/// The fast paths (byte-level loader, columns, cached totals, prefix tables) against a plain
/// reference implementation of DOMAIN.md's arithmetic written here from the definitions,
/// over random small data sets, and over a file re-serialised by Python's json module.
@Suite struct ReferenceArithmeticTests {
    /// DOMAIN.md, literally: walk the calendar day by day, count records, no caches.
    struct Reference {
        let start: Date, end: Date, asOf: Date
        let closures: [(Date, Date)]
        let hoursPerDay: Double
        let calendar = Calendar(identifier: .gregorian)

        init(_ json: [String: Any]) {
            let cal = json["calendar"] as! [String: Any]
            start = Reference.date(cal["start"] as! String)
            end = Reference.date(cal["end"] as! String)
            asOf = Reference.date(json["asOf"] as! String)
            hoursPerDay = (cal["hoursPerDay"] as? Double) ?? 6
            closures = ((cal["closures"] as? [[String: Any]]) ?? []).map {
                (Reference.date($0["from"] as! String), Reference.date($0["to"] as! String))
            }
        }

        static func date(_ text: String) -> Date {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withFullDate]
            formatter.timeZone = TimeZone(identifier: "UTC")
            return formatter.date(from: text)!
        }

        func isSchoolDay(_ d: Date) -> Bool {
            var utc = calendar
            utc.timeZone = TimeZone(identifier: "UTC")!
            let weekday = utc.component(.weekday, from: d)  // 1 = Sunday, 7 = Saturday
            return d >= start && d <= end && weekday != 1 && weekday != 7
                && !closures.contains { d >= $0.0 && d <= $0.1 }
        }

        func schoolDays(through d: Date) -> Int {
            var count = 0, day = start
            while day <= d { if isSchoolDay(day) { count += 1 }; day += 86400 }
            return count
        }

        /// (days, hours, percent, crossing of `n` as ISO text) for one student as of `asOf`.
        func figures(_ student: [String: Any], n: Int) -> (Int, Double, Double, String?) {
            let records = (student["absence"] as? [[String: Any]]) ?? []
            let upTo = records.filter { Reference.date($0["date"] as! String) <= asOf }
            let dayRecords = upTo.filter { $0["kind"] as! String == "day" }
            let hours = upTo.filter { $0["kind"] as! String == "hours" }.reduce(0.0) {
                $0 + ($1["hours"] as! Double)
            }
            let equiv = Double(dayRecords.count) + hours / hoursPerDay
            let percent = 100 * equiv / Double(schoolDays(through: asOf))
            let dates = dayRecords.map { $0["date"] as! String }.sorted()
            return (dayRecords.count, hours, percent, dates.count >= n ? dates[n - 1] : nil)
        }
    }

    /// A random but valid tidlig/1 document: unsorted records, weekends, holidays, duplicates;
    /// with `lines`, the same data as JSON Lines (the header, then one student per line).
    static func randomDocument(seed: UInt64, lines: Bool = false) -> String {
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        let start = Day("2024-08-19")!
        var students: [String] = []
        for s in 0..<(5 + next(20)) {
            var records: [String] = []
            for _ in 0..<next(40) {
                let date = start.adding(days: next(300))
                if next(3) == 0 {
                    records.append(
                        #"{"date": "\#(date)", "kind": "hours", "hours": \#(Double(1 + next(16)) / 4)}"#
                    )
                } else {
                    records.append(
                        #"{"date": "\#(date)", "kind": "day", "documented": \#(next(2) == 0)}"#)
                }
            }
            students.append(
                #"{"id": "R\#(s)", "school": "s\#(next(3))", "grade": \#(1 + next(10)), "absence": [\#(records.joined(separator: ", "))]}"#
            )
        }
        let asOf = start.adding(days: 60 + next(240))
        let header = """
            {"format": "tidlig/1", "asOf": "\(asOf)",
             "calendar": {"start": "2024-08-19", "end": "2025-06-20", "hoursPerDay": \(4 + next(4)),
               "closures": [{"from": "2024-09-30", "to": "2024-10-04"}, {"from": "2024-12-23", "to": "2025-01-01"}]},
             "schools": [{"id": "s0", "name": "A"}, {"id": "s1", "name": "B"}, {"id": "s2", "name": "C"}]
            """
        if lines { return header + "}\n" + students.joined(separator: "\n") + "\n" }
        return header + ",\n \"students\": [\(students.joined(separator: ",\n"))]}"
    }

    /// How the document is loaded: one object in one part or in several (the parallel path,
    /// each part on a thread of its own), or JSON Lines in one part or in several.
    enum Path: String, CaseIterable, Sendable { case object, parallelObject, lines, parallelLines }

    @Test(arguments: [1, 2, 3, 5, 8, 13, 21, 34, 55, 89] as [UInt64], Path.allCases)
    func fastPathsAgreeWithTheReference(seed: UInt64, path: Path) throws {
        let text = Self.randomDocument(seed: seed)
        let json = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
        let reference = Reference(json)
        let lines = Array(Self.randomDocument(seed: seed, lines: true).utf8)
        let data =
            switch path {
            case .object:
                try DataSetLoader.load(bytes: Array(text.utf8), source: "random-\(seed)", parts: 1)
            case .parallelObject:
                try DataSetLoader.load(bytes: Array(text.utf8), source: "random-\(seed)", parts: 4)
            case .lines: try DataSetLoader.load(bytes: lines, source: "random-\(seed)", parts: 1)
            case .parallelLines:
                try DataSetLoader.load(bytes: lines, source: "random-\(seed)", parts: 4)
            }
        #expect(data.studentCount == (json["students"] as! [Any]).count)
        let totals = AbsenceTotals(data: data, asOf: data.asOf)
        #expect(
            data.calendar.schoolDaysThrough(data.asOf)
                == reference.schoolDays(through: reference.asOf))
        for (row, student) in (json["students"] as! [[String: Any]]).enumerated() {
            let (days, hours, percent, crossing) = reference.figures(student, n: 5)
            #expect(Int(totals.days[row]) == days, "seed \(seed) row \(row)")
            #expect(abs(totals.hours[row] - hours) < 1e-9)
            let fast = try #require(
                data.percent(days: totals.days[row], hours: totals.hours[row], asOf: data.asOf))
            #expect(abs(fast - percent) < 1e-9)
            #expect(data.crossingDate(row: row, days: 5, asOf: data.asOf)?.description == crossing)
        }
    }

    @Test func pythonReserialisedFileGivesTheSameFigures() throws {
        let directory = NSTemporaryDirectory() + "tidlig-reserialise-\(getpid())"
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let original = directory + "/generated.json", copy = directory + "/python.json"
        try Sample.write(SampleGenerator(students: 400, seed: 11), to: original)
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = [
            "python3", "-c",
            "import json,sys; json.dump(json.load(open(sys.argv[1])), open(sys.argv[2], 'w'), indent=2, ensure_ascii=True)",
            original, copy,
        ]
        try python.run()
        python.waitUntilExit()
        try #require(python.terminationStatus == 0, "python3 is needed for this test")
        let a = try DataSetLoader.load(path: original), b = try DataSetLoader.load(path: copy)
        #expect(a.studentCount == b.studentCount)
        let ta = AbsenceTotals(data: a, asOf: a.asOf), tb = AbsenceTotals(data: b, asOf: b.asOf)
        #expect(ta.days == tb.days)
        #expect(ta.hours == tb.hours)
        #expect(ta.documentedDays == tb.documentedDays)
        #expect(a.absence.date == b.absence.date)
        #expect(a.documents.kind == b.documents.kind)
        #expect(a.involvements.date == b.involvements.date)
        #expect(a.problems == b.problems)
        #expect(a.schools == b.schools)
        #expect(a.absence.reasons == b.absence.reasons)
        for row in stride(from: 0, to: a.studentCount, by: 7) {
            #expect(
                a.crossingDate(row: row, days: 15, asOf: a.asOf)
                    == b.crossingDate(row: row, days: 15, asOf: b.asOf))
        }
    }
}
