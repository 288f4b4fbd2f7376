import Foundation
import Testing
@testable import TidligCore
import TidligTestSupport

/// `import ... --onto last-week.json`: this week's export added to last week's data set, and
/// the changes reported. Figures worked out by hand from the rows below.
@Suite struct ImportWeeklyTests {
    let folder = TemporaryDirectory(prefix: "tidlig-weekly")
    let base = ImportTests()
    static let kari = "15031150180", ola = "02071250183"

    func write(_ name: String, _ text: String) throws -> String {
        let path = folder.path + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Kari away the 14 school days 19.08 to 05.09.2024 (weeks of 19.08 and 26.08, and
    /// Monday to Thursday of 02.09); Ola a day on 02.09 and 45 minutes on 03.09.
    func weekOne() -> [String] {
        var rows: [String] = []
        var day = Day(year: 2024, month: 8, day: 19)!
        while rows.count < 14 {
            if !day.isWeekend {
                let (y, m, d) = day.components
                rows.append(
                    "\(Self.kari);\(d < 10 ? "0" : "")\(d).\(m < 10 ? "0" : "")\(m).\(y);Dag;;Nei")
            }
            day = day.adding(days: 1)
        }
        return rows + ["\(Self.ola);02.09.2024;Dag;;Nei", "\(Self.ola);03.09.2024;Time;45;Nei"]
    }

    func files(_ absence: String) throws -> ExportImport.Files {
        .init(
            students: try write(
                "elever.csv", "Fødselsnummer;Skole;Trinn\n\(Self.kari);Auli;7\n\(Self.ola);Auli;6\n"
            ),
            absence: absence,
            calendar: try write("kalender.csv", "Fra;Til;Type\n19.08.2024;20.06.2025;Skoleår\n"))
    }

    func importWeekOne() throws -> String {
        let header = "Fødselsnummer;Dato;Fraværstype;Minutter;Dokumentert\n"
        let out = folder.path + "/week1.json"
        let result = base.run(
            try files(try write("week1.csv", header + weekOne().joined(separator: "\n"))), out: out
        ) {
            $0.asOf = "06.09.2024"
        }
        #expect(result.status == 0, "\(result.error)")
        return out
    }

    @Test func aCumulativeExportShowsNewRowsCrossingsAndCorrections() throws {
        let last = try importWeekOne()
        // This week: Kari two more days (16: crossed 15 on 10.09); Ola's 02.09 became 60 minutes,
        // 03.09 was deleted, 04.09 added (corrections), and a new day on 12.09.
        var rows = weekOne().filter { !$0.hasPrefix(Self.ola) }
        rows += [
            "\(Self.kari);09.09.2024;Dag;;Nei", "\(Self.kari);10.09.2024;Dag;;Nei",
            "\(Self.ola);02.09.2024;Time;60;Nei", "\(Self.ola);04.09.2024;Dag;;Ja",
            "\(Self.ola);12.09.2024;Dag;;Nei",
        ]
        let absence = try write(
            "week2.csv",
            "Fødselsnummer;Dato;Fraværstype;Minutter;Dokumentert\n" + rows.joined(separator: "\n"))
        let out = folder.path + "/week2.json"
        let result = base.run(try files(absence), out: out) {
            $0.asOf = "13.09.2024"
            $0.onto = last
        }
        #expect(result.status == 0, "\(result.error)")
        let kari = ImportTests.pseudonym(Self.kari), ola = ImportTests.pseudonym(Self.ola)
        #expect(result.report.contains("changes since \(last) (as of 2024-09-06):"))
        #expect(
            result.report.contains("  new registrations after 2024-09-06: 3 dates for 2 students\n")
        )
        #expect(result.report.contains("  crossed 15 days since: 1 students: \(kari)\n"))
        #expect(
            result.report.contains(
                "  corrections of dates up to 2024-09-06: 1 added, 1 removed, 1 changed, for 1 students: \(ola)\n"
            ))
        #expect(
            result.report.contains(
                "  carried over from last week (before this export's first date): 0 records"))
        let data = try DataSetLoader.load(path: out)
        let totals = AbsenceTotals(data: data, asOf: data.asOf)
        #expect(totals.days[try #require(data.studentIndex(id: kari))] == 16)
        let olaRow = try #require(data.studentIndex(id: ola))
        #expect(totals.days[olaRow] == 2 && totals.hours[olaRow] == 1.0)
    }

    @Test func aWeekOnlyExportKeepsLastWeeksEarlierRecords() throws {
        let last = try importWeekOne()
        let absence = try write(
            "week2.csv",
            """
            Fødselsnummer;Dato;Fraværstype;Minutter;Dokumentert
            \(Self.kari);09.09.2024;Dag;;Nei
            \(Self.ola);11.09.2024;Time;30;Ja
            """)
        let out = folder.path + "/week2.json"
        let result = base.run(try files(absence), out: out) {
            $0.asOf = "13.09.2024"
            $0.onto = last
        }
        #expect(result.status == 0, "\(result.error)")
        // Everything of last week lies before this export's first date (09.09): 14 + 2 records.
        #expect(
            result.report.contains(
                "carried over from last week (before this export's first date): 16 records"))
        #expect(
            result.report.contains(
                "corrections of dates up to 2024-09-06: 0 added, 0 removed, 0 changed\n"))
        #expect(result.report.contains("crossed 15 days since: 1 students"))  // Kari: 14 + 1
        let data = try DataSetLoader.load(path: out)
        let totals = AbsenceTotals(data: data, asOf: data.asOf)
        let olaRow = try #require(data.studentIndex(id: ImportTests.pseudonym(Self.ola)))
        #expect(
            totals.days[try #require(data.studentIndex(id: ImportTests.pseudonym(Self.kari)))] == 15
        )
        #expect(totals.days[olaRow] == 1 && totals.hours[olaRow] == 1.25)  // 45 + 30 minutes
    }

    @Test func lastWeekMustLoad() throws {
        let broken = try write("broken.json", "{\"format\":")
        let result = base.run(
            try files(try write("w.csv", "Fødselsnummer;Dato;Fraværstype\n")),
            out: folder.path + "/x.json"
        ) {
            $0.onto = broken
        }
        #expect(result.status == 65)
        #expect(result.error.contains("broken.json: error: cannot load last week's data set"))
    }
}
