import Foundation
import Testing
@testable import TidligCore
import TidligTestSupport

/// The absence file read in stretches on several threads gives what reading it in one go gives,
/// byte for byte: the file written, the report, refusals with their lines, and the first error.
/// The export is generated here with the hard cases (quoted fields with line breaks, `""`, a
/// stray quote in an unquoted field, blank lines, CRLF, BOM, Windows-1252), and the expected
/// counts and refused lines are tallied while generating it.
@Suite struct ImportParallelTests {
    let folder = TemporaryDirectory(prefix: "tidlig-import-parallel")
    static let one = TestPaths.fixtures + "/import"
    /// The valid students of Fixtures/import/elever.csv.
    static let students = [
        "15031150180", "02071250183", "23091150042", "31121050032", "01011250013",
    ]

    struct Export {
        var bytes: [UInt8]
        var rows = 0
        var refusedCheckDigits: [Int] = []
        var refusedOutside: [Int] = []
        var unknownCodeLine: Int?
    }

    /// `count` data rows; `windows1252` also writes CRLF line ends, else UTF-8 with BOM and LF.
    static func export(_ count: Int, windows1252: Bool, unknownCodeAt: Int? = nil) -> Export {
        let end = windows1252 ? "\r\n" : "\n"
        var text = "Fødselsnummer;Dato;Fraværstype;Minutter;Dokumentert;Merknad" + end
        var line = 2
        var export = Export(bytes: [])
        let types = ["Dag", "Time", "Permisjon", "Forsentkomming", "Ikke på vitnemål"]
        let documented = ["Ja", "Nei", "Meldt"]
        let start = Day(year: 2024, month: 8, day: 19)!
        for i in 0..<count {
            if i % 13 == 5 {
                text += end  // a blank line
                line += 1
            }
            var id = students[i % students.count]
            var date = start.adding(days: i % 300)
            if i % 97 == 3 {
                id = "15031150181"  // fails its check digits
                export.refusedCheckDigits.append(line)
            } else if i % 101 == 7 {
                date = Day(year: 2025, month: 7, day: 1)!  // after the school year
                export.refusedOutside.append(line)
            }
            let (d, m, y) = (date.components.day, date.components.month, date.components.year)
            var type = types[i % types.count]
            if let bad = unknownCodeAt, i == bad {
                type = "Dga"
                export.unknownCodeLine = line
            }
            let minutes =
                type == "Time"
                ? (i % 2 == 0 ? "45" : "22,5") : (type == "Forsentkomming" ? "10" : "")
            var note = ""
            var breaks = 0
            switch i % 7 {
            case 0: note = "\"syk;\(end)mor ringte, \"\"sier\"\" hun\(end)igjen\""; breaks = 2
            case 3: note = "x\"y"  // a quote inside an unquoted field is kept as it is
            case 4: note = "\"\""
            default: break
            }
            text +=
                "\(id);\(String(format: "%02d.%02d.%04d", d, m, y));\(type);\(minutes);\(documented[i % 3]);\(note)\(end)"
            line += 1 + breaks
            export.rows += 1
        }
        if windows1252 {
            export.bytes = text.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
        } else {
            export.bytes = [0xEF, 0xBB, 0xBF] + Array(text.utf8)
        }
        return export
    }

    func importer(_ absence: String, threads: Int, stretch: Int) throws(ImportFailure)
        -> ExportImport
    {
        var importer = try ExportImport(
            files: .init(
                students: Self.one + "/elever.csv", absence: absence,
                calendar: Self.one + "/kalender.csv"),
            keyFile: Self.one + "/nokkel.txt", asOf: Day(year: 2025, month: 6, day: 20))
        importer.threads = threads
        importer.minimumStretch = stretch
        return importer
    }

    /// The report and the bytes the writer gives.
    func outcome(_ absence: String, threads: Int, stretch: Int) throws -> (
        ImportSummary, String, [UInt8]
    ) {
        var importer = try importer(absence, threads: threads, stretch: stretch)
        let result = try importer.run()
        var writer = ImportWriter(data: result.data)
        var bytes: [UInt8] = []
        try writer.write { bytes += $0 }
        return (result.summary, result.summary.render(asOf: result.data.asOf), bytes)
    }

    @Test(arguments: [false, true])
    func severalThreadsWriteTheSameBytesAsOne(windows1252: Bool) throws {
        let export = Self.export(6000, windows1252: windows1252)
        let path = folder.path + "/fravaer.csv"
        try Data(export.bytes).write(to: URL(fileURLWithPath: path))
        let (summary, report, bytes) = try outcome(path, threads: 1, stretch: 1 << 20)
        // Tallied while generating: every data row read, the refused rows by their lines.
        let absence = try #require(summary.files.first { $0.file == path })
        #expect(absence.rows == export.rows)
        #expect(absence.encoding == (windows1252 ? "Windows-1252" : "UTF-8 with BOM"))
        let refused = summary.refused.filter { $0.file == path }
        #expect(
            refused.first { $0.reason == "fødselsnummer fails its check digits" }?.lines
                == export.refusedCheckDigits)
        #expect(
            refused.first { $0.reason == "date outside every school year of the calendar" }?.lines
                == export.refusedOutside)
        #expect(bytes.count > 10_000)
        for (threads, stretch) in [(2, 1 << 20), (2, 4096), (3, 1000), (5, 64), (8, 1)] {
            let (_, otherReport, otherBytes) = try outcome(path, threads: threads, stretch: stretch)
            #expect(otherReport == report, "threads \(threads), stretches of \(stretch) bytes")
            #expect(otherBytes == bytes, "threads \(threads), stretches of \(stretch) bytes")
        }
    }

    @Test func theSameOutputFileForOneAndTwoThreads() throws {
        let export = Self.export(50_000, windows1252: false)
        let path = folder.path + "/fravaer.csv"
        try Data(export.bytes).write(to: URL(fileURLWithPath: path))
        #expect(export.bytes.count > 2 << 20)  // two stretches of the default 1 MiB at least
        var outputs: [Data] = []
        for threads in [1, 2] {
            var request = ImportRequest(
                files: .init(
                    students: Self.one + "/elever.csv", absence: path,
                    calendar: Self.one + "/kalender.csv"),
                keyFile: Self.one + "/nokkel.txt")
            (request.asOf, request.out, request.threads) = (
                "20.06.2025", folder.path + "/out-\(threads).json", threads
            )
            var error = ""
            #expect(request.run(report: { _ in }, error: { error += $0 }) == 0, "\(error)")
            outputs.append(
                try Data(contentsOf: URL(fileURLWithPath: folder.path + "/out-\(threads).json")))
        }
        #expect(outputs[0].count > 100_000)
        #expect(outputs[0] == outputs[1])
    }

    @Test func theFirstErrorInTheFileIsReportedWhicheverStretchMeetsIt() throws {
        // An unknown code late in the file: every thread count names its line.
        let export = Self.export(3000, windows1252: true, unknownCodeAt: 2500)
        let path = folder.path + "/fravaer.csv"
        try Data(export.bytes).write(to: URL(fileURLWithPath: path))
        let line = try #require(export.unknownCodeLine)
        for (threads, stretch) in [(1, 1 << 20), (2, 1000), (4, 100)] {
            var importer = try importer(path, threads: threads, stretch: stretch)
            do {
                _ = try importer.run()
                Issue.record("the unknown code was not found (threads \(threads))")
            } catch {
                #expect(error.line == line, "threads \(threads)")
                #expect(error.message == "unknown code 'Dga' in column Fraværstype")
            }
        }
    }

    @Test func aQuotedFieldNeverClosedIsFoundAtItsLine() throws {
        var bytes = Self.export(2000, windows1252: false).bytes
        let opened = bytes.filter { $0 == 0x0A }.count + 1
        bytes += Array(
            "15031150180;02.09.2024;Dag;;Ja;\"aldri lukket\n\n15031150180;03.09.2024;Dag;;Ja;\n"
                .utf8)
        let path = folder.path + "/fravaer.csv"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        for (threads, stretch) in [(1, 1 << 20), (3, 500)] {
            var importer = try importer(path, threads: threads, stretch: stretch)
            do {
                _ = try importer.run()
                Issue.record("the open quote was not found (threads \(threads))")
            } catch {
                #expect(error.line == opened, "threads \(threads)")
                #expect(error.message == "a quoted field is never closed")
            }
        }
    }

    @Test func cutsFallAfterALineFeedOutsideQuotes() {
        let text = Array("a;\"1\n2\n3\";b\nc;d\ne;\"\"\"x\ny\"\nf;g\n".utf8)
        text.withUnsafeBufferPointer { buffer in
            // Aim at every byte: the cut is always the start of a record.
            let starts = [0, 12, 16, 26]
            for parts in 2...6 {
                let cuts = CSVText.cuts(buffer, from: 0, parts: parts, minimum: 1)
                #expect(cuts.first == 0 && cuts.last == text.count)
                #expect(zip(cuts, cuts.dropFirst()).allSatisfy { $0 < $1 })
                for cut in cuts.dropFirst().dropLast() {
                    #expect(starts.contains(cut), "cut at \(cut)")
                }
            }
            #expect(CSVText.lineBreaks(buffer, from: 0, to: text.count) == 7)
        }
    }
}
