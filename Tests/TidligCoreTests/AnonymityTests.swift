#if canImport(Glibc)
    import Glibc
#endif
import Foundation
import Testing
@testable import TidligCore
import TidligTestSupport

/// Every anonymous message the sample gives, checked for k-anonymity (k = 5): the students of the
/// whole data set that share every student field a message carries are at least five. The bands
/// and the grouping are worked out here, from the figures, not taken from the messages' code.
@Suite struct AnonymityTests {
    let home = TemporaryDirectory(prefix: "tidlig-anonymity")

    /// The day and percent bands as the issue gives them, written out again.
    static func dayBand(_ days: Int) -> String {
        switch days {
        case ..<10: "0-9"
        case 10..<15: "10-14"
        case 15..<30: "15-29"
        case 30..<60: "30-59"
        default: "60+"
        }
    }

    static func percentBand(_ percent: Double) -> String {
        percent < 10 ? "under 10" : percent < 20 ? "10-19" : "20 or more"
    }

    @Test(arguments: ["2024-11-04"])
    func everyAnonymousMessageOfTheSampleDescribesAtLeastFiveStudents(_ date: String) throws {
        let sink = CapturingSink()
        let data = try Sample.load()
        let session = Session(data: data, output: sink)
        session.settings.notify.ledger = home.path + "/\(date).sqlite"
        let outbox = home.path + "/outbox-\(date)"
        session.execute(SourceFile(name: nil, text: "set asof \(date)"))
        let statements = [
            "notify ppt about students where days >= 15 basis anonymous via outbox \(outbox) confirm 100000",
            "notify school-health about students where percent > 10 basis anonymous via outbox \(outbox) confirm 100000",
            "notify slt about students where days >= 1 and days < 15 basis anonymous via outbox \(outbox) confirm 100000",
        ]
        for statement in statements {
            #expect(session.execute(SourceFile(name: nil, text: statement)) == nil, "\(sink.text)")
        }
        // Each student's figures, with the fields an anonymous message may carry.
        let context = try session.context(asOf: (Day(date)!, SourceSpan(start: 0, end: 0)))
        struct Row: Hashable { var school, grade, days, percent: String; var month: String? }
        let rows: [Row] = (0..<data.studentCount).map { row in
            let crossing = data.crossingDate(row: row, days: context.threshold, asOf: context.asOf)
            return Row(
                school: data.schools[Int(data.students.school[row])].id,
                grade: String(data.students.grade[row]),
                days: Self.dayBand(Int(context.totals.days[row])),
                percent: Self.percentBand(context.percent(row)),
                month: crossing.map { String($0.description.prefix(7)) })
        }
        let files = listDirectory(outbox).filter { $0.hasSuffix(".json") }
        var levels: [String: Int] = [:]
        for file in files {
            let body = try #require(readText(outbox + "/" + file))
            let message = try #require(
                try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
            #expect(message["basis"] as? String == "anonymous")
            for key in [
                "student", "days", "hours", "percent", "crossing", "bti", "reasons", "notes",
                "documented",
            ] {
                #expect(message[key] == nil, "\(file) carries \(key)")
            }
            #expect(!body.contains("\"S0"), "\(file) names a student id")
            let school = message["school"] as? String,
                grade = (message["grade"] as? Int).map(String.init)
            let days = message["daysBand"] as? String, percent = message["percentBand"] as? String
            let hasMonth = message.keys.contains("crossingMonth")
            let month = message["crossingMonth"] as? String
            #expect(grade == nil || school != nil)  // never a grade without its school
            let group = rows.count { row in
                (school == nil || row.school == school) && (grade == nil || row.grade == grade)
                    && (days == nil || row.days == days)
                    && (percent == nil || row.percent == percent)
                    && (!hasMonth || row.month == month)
            }
            #expect(group >= 5, "\(file): only \(group) students share what it says")
            levels[
                [
                    school == nil ? "" : "school", grade == nil ? "" : "grade",
                    days == nil ? "" : "days",
                    percent == nil ? "" : "percent", hasMonth ? "month" : "",
                ].joined(separator: " "), default: 0] += 1
        }
        // Not vacuous: messages were made, and some of them say school and grade.
        #expect(files.count > 100)
        #expect(levels.contains { $0.key.hasPrefix("school grade") && $0.value > 10 }, "\(levels)")
        #expect(try Ledger(path: home.path + "/\(date).sqlite").entries().count == files.count)
    }

    @Test func theBandsAreTheIssues() {
        for days in [0, 9, 10, 14, 15, 29, 30, 59, 60, 200] {
            #expect(Anonymity.dayBands[Anonymity.dayBand(days)].name == Self.dayBand(days))
        }
        for percent in [0, 9.99, 10, 19.9, 20, 100] {
            #expect(
                Anonymity.percentBands[Anonymity.percentBand(percent)].name
                    == Self.percentBand(percent))
        }
    }
}
