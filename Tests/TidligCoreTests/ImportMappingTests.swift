import Foundation
import Testing
@testable import TidligCore
import TidligTestSupport

/// Mapping files for other layouts, their errors, data errors that stop an import, and
/// `--dry-run`.
@Suite struct ImportMappingTests {
    let folder = TemporaryDirectory(prefix: "tidlig-mapping")
    let base = ImportTests()

    func write(_ name: String, _ text: String) throws -> String {
        let path = folder.path + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static let englishMapping = """
        # An English export: commas, ISO dates, one-letter codes
        separator = ","
        date-format = yyyy-mm-dd
        encoding = utf-8

        [students]
        id = "SSN"
        school-year = "Year"
        school = "School", "Unit"
        grade = "Grade"

        [absence]
        id = "SSN"
        date = "Date"
        type = "Type"
        minutes = "Minutes"
        documented = "Excused"

        [absence.type]
        "D" = day
        "H" = hours
        "L" = leave
        "T" = late
        "X" = day-not-on-diploma
        "P" = not-absence

        [absence.documented]
        "Y" = yes
        "N" = no
        "R" = reported

        [calendar]
        from = "First"
        to = "Last"
        type = "Kind"
        school = "School"

        [calendar.type]
        "year" = school-year
        "off" = closure
        """

    /// The fixture of ImportTests in English, row for row (one extra row that is not absence).
    func englishFiles() throws -> ExportImport.Files {
        let students = try write(
            "students.csv",
            """
            SSN,First name,Last name,Year,Unit,Grade
            15031150180,Kari,Nordmann,2024-2025,Auli barneskole,7
            02071250183,Ola,Hansen,2024-2025,Auli barneskole,6
            23091150042,Jonas,Olsen,2024-2025,Runni ungdomsskole,8
            31121050032,Lise,Berg,2024-2025,Runni ungdomsskole,9
            15031150181,Feil,Person,2024-2025,Runni ungdomsskole,9
            01011250013,Nils,Vik,2024-2025,Auli barneskole,6

            """)
        let absence = try write(
            "absence.csv",
            """
            SSN,Date,Type,Minutes,Excused,Comment
            15031150180,2024-09-02,D,,Y,"sick, mother called"
            15031150180,2024-09-03,D,,N,
            15031150180,2024-09-04,H,45,N,
            15031150180,2024-09-04,H,45,N,
            15031150180,2024-09-05,L,,Y,
            15031150180,2024-09-06,T,10,N,
            02071250183,2024-09-10,X,,N,
            02071250183,2024-09-11,D,,R,
            23091150042,2024-09-12,H,"22,5",Y,
            99999999999,2024-09-12,D,,Y,
            15031150181,2024-09-13,D,,Y,
            01011250013,2024-09-16,D,,N,
            01011250013,2024-09-17,P,,N,

            """)
        let calendar = try write(
            "calendar.csv",
            """
            First,Last,Kind,School
            2024-08-19,2025-06-20,year,
            2024-09-30,2024-10-04,off,

            """)
        return .init(students: students, absence: absence, calendar: calendar)
    }

    @Test func aMappingFileReadsAnotherLayoutToTheSameData() throws {
        let mapping = try write("english.mapping", Self.englishMapping)
        let english = folder.path + "/english.json", norwegian = folder.path + "/norwegian.json"
        let result = base.run(try englishFiles(), out: english) { $0.mapping = mapping }
        #expect(result.status == 0, "\(result.error)")
        #expect(result.report.contains("1 rows not absence, skipped"))
        #expect(base.run(base.files(), out: norwegian).status == 0)
        #expect(
            try Data(contentsOf: URL(fileURLWithPath: english))
                == Data(contentsOf: URL(fileURLWithPath: norwegian)))
    }

    /// Mapping-file mistakes: the line, a caret under the token, and a did-you-mean.
    @Test(arguments: [
        (
            "[absense]\n", "english.mapping:1:2: error: unknown section 'absense'",
            "^^^^^^^ did you mean 'absence'?"
        ),
        (
            "date-formt = dd.mm.yyyy\n", "english.mapping:1:1: error: unknown setting 'date-formt'",
            "did you mean 'date-format'?"
        ),
        (
            "[absence]\ndat = \"Datum\"\n",
            "english.mapping:2:1: error: unknown column 'dat' in [absence]",
            "^^^ did you mean 'date'?"
        ),
        (
            "[absence.type]\n\"Dag\" = dya\n",
            "english.mapping:2:9: error: unknown meaning 'dya' in [absence.type]",
            "did you mean 'day'?"
        ),
        (
            "encoding = latin1\n", "english.mapping:1:12: error: unknown encoding 'latin1'",
            "one of: auto, utf-8, windows-1252"
        ),
        (
            "date-format = dd.yyyy\n",
            "english.mapping:1:15: error: a date format has dd, mm and yyyy", "e.g. dd.mm.yyyy"
        ),
        ("[students]\nid \"Fnr\"\n", "english.mapping:2:1: error: expected KEY = VALUE", "^^"),
        (
            "[students]\nid = \"Fnr\n", "english.mapping:2:6: error: a quoted text is never closed",
            "^"
        ),
    ])
    func mappingErrors(text: String, message: String, caret: String) throws {
        let mapping = try write("english.mapping", text)
        let result = base.run(base.files(), out: folder.path + "/x.json") { $0.mapping = mapping }
        #expect(result.status == 65)
        #expect(result.error.contains(folder.path + "/" + message), "\(result.error)")
        #expect(result.error.contains(caret), "\(result.error)")
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/x.json"))
    }

    /// The example in docs/IMPORT.md is a valid mapping file and means what the page says.
    @Test func theDocumentedMappingFileLoads() throws {
        let page = try String(
            contentsOfFile: TestPaths.packageRoot + "/docs/IMPORT.md", encoding: .utf8)
        let start = try #require(page.range(of: "```ini\n")),
            end = try #require(page.range(of: "\n```", range: start.upperBound..<page.endIndex))
        let layout = try ImportLayout.load(
            mappingFile: try write("visma.mapping", String(page[start.upperBound..<end.lowerBound]))
        )
        #expect(layout.column(.students, "id").headers == ["Fnr", "Fødselsnr"])
        #expect(layout.column(.absence, "hours").headers == ["Timer"])
        #expect(layout.absenceTypes.map(\.code).contains("Dagsfravær, ikke på vitnemål"))
        #expect(
            layout.absenceTypes.first { $0.code == "Organisert studiearbeid" }?.meaning
                == .notAbsence)
        // an empty section keeps the built-in codes
        #expect(layout.documentation.count == 4 && layout.calendarTypes.count == 2)
        #expect(layout.separator == 0x3B && layout.hoursPerDay == 6)
    }

    @Test func aColumnTheExportLacksIsAnErrorWithDidYouMean() throws {
        let mapping = try write("m.mapping", "[absence]\ndate = \"Datum\"\n")
        let result = base.run(base.files(), out: folder.path + "/x.json") { $0.mapping = mapping }
        #expect(result.status == 65)
        #expect(
            result.error.contains("fravaer.csv:1: error: no column 'Datum' (the date)"),
            "\(result.error)")
        #expect(result.error.contains("did you mean 'Dato'?; the column is named at \(mapping):2"))
    }

    /// Values that show the layout is not understood stop the import, at their line; values of
    /// identity, date and number columns are never quoted.
    @Test(arguments: [
        (
            "Fødselsnummer;Dato;Fraværstype\n15031150180;02.09.2024;Dga\n",
            "fravaer.csv:2: error: unknown code 'Dga' in column Fraværstype", "did you mean 'Dag'?"
        ),
        (
            "Fødselsnummer;Dato;Fraværstype;Dokumentert\n15031150180;02.09.2024;Dag;Kanskje\n",
            "fravaer.csv:2: error: unknown code 'Kanskje' in column Dokumentert",
            "the codes are 'Ja', 'Nei', 'Meldt'"
        ),
        (
            "Fødselsnummer;Dato;Fraværstype\n15031150180;2.september;Dag\n",
            "fravaer.csv:2: error: column Dato does not hold a date", "dates are written dd.mm.yyyy"
        ),
        (
            "Fødselsnummer;Dato;Fraværstype;Minutter\n\n15031150180;02.09.2024;Time;\n",
            "fravaer.csv:3: error: column Minutter does not hold a length above 0", "e.g. 45"
        ),
        (
            "Fødselsnummer;Dato;Fraværstype\n15031150180;02.09.2024;\"Dag\n",
            "fravaer.csv:2: error: a quoted field is never closed", "write \"\" for a quote inside"
        ),
        (
            "Fodselsnr;Dato;Fraværstype\n", "fravaer.csv:1: error: no column 'Fødselsnummer'",
            "did you mean 'Fodselsnr'?"
        ),
        (
            "Fødselsnummer;Dato;Fraværstype\n15031150180;02.09.2024;15031150180\n",
            "fravaer.csv:2: error: unknown code a value in column Fraværstype", "the codes are"
        ),
    ])
    func dataErrorsStopTheImport(absence: String, message: String, note: String) throws {
        let path = try write("fravaer.csv", absence)
        var files = base.files()
        files.absence = path
        let result = base.run(files, out: folder.path + "/x.json")
        #expect(result.status == 65)
        #expect(result.error.contains(message), "\(result.error)")
        #expect(result.error.contains(note), "\(result.error)")
        #expect(!result.error.contains("15031150180"))
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/x.json"))
    }

    @Test func dryRunReportsAndWritesNothing() throws {
        let out = folder.path + "/nes.json"
        let result = base.run(base.files(consents: true), out: out) { $0.dryRun = true }
        #expect(result.status == 0)
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(result.report.hasPrefix("dry run: nothing written\n"))
        #expect(result.report.contains("students: 5 in 2 schools; school years: 2024/2025"))
        // Kari 2, Ola 2 (one not on the diploma), Nils 1; the two refused rows are not counted.
        #expect(result.report.contains("absence: 5 whole days, 3 hour registrations"))
        #expect(result.report.contains("codes in Dokumentert: Ja 5, Nei 6, Meldt 1"))
        #expect(result.report.contains("codes in Tjenester: PPT 1, Skolehelsetjenesten 1"))
        #expect(result.report.contains("refused: 3 rows"))
        #expect(
            result.report.contains(
                "fravaer.csv: fødselsnummer fails its check digits: lines 11, 12"))
        #expect(result.report.contains("format tidlig/1"))
        #expect(!result.report.contains("wrote"))
    }

    @Test func outMustBeARegularFileAndNotAnInput() throws {
        let result = base.run(base.files(), out: folder.path)
        #expect(result.status == 74)
        #expect(result.error.contains("not a regular file"))
        let copy = folder.path + "/kalender.csv"
        try FileManager.default.copyItem(atPath: ImportTests.one + "/kalender.csv", toPath: copy)
        var files = base.files()
        files.calendar = copy
        let clash = base.run(files, out: copy)
        #expect(clash.status == 65)
        #expect(clash.error.contains("--out names an input file"))
        #expect(try String(contentsOfFile: copy, encoding: .utf8).hasPrefix("Fra;Til;Type"))
    }
}
