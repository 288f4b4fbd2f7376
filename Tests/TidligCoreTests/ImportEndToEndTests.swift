import Foundation
import Testing
@testable import TidligCore
import TidligTestSupport

/// `tidlig import` as a user runs it, and what it leaves behind: no name, national identity
/// number, free text or key anywhere tidlig wrote or printed.
@Suite struct ImportEndToEndTests {
    let home = TemporaryDirectory(prefix: "tidlig-import-e2e")
    let one = ImportTests.one

    func tidlig(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(
            fileURLWithPath: try #require(EndToEndTests.binary, "tidlig is not built"))
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: home.path)
        process.environment = [
            "HOME": home.path, "XDG_STATE_HOME": home.path + "/state",
            "XDG_CACHE_HOME": home.path + "/cache",
            "TIDLIG_HISTORY": home.path + "/history", "LANG": "C.UTF-8",
        ]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (
            process.terminationStatus, String(decoding: stdout, as: UTF8.self),
            String(decoding: stderr, as: UTF8.self)
        )
    }

    /// Every name, number (as written and without the leading zero) and free-text word of the
    /// fixture's input files, read from the files themselves, and the key.
    func secrets() throws -> [String] {
        var found: Set<String> = [ImportTests.key]
        for name in ["elever.csv", "samtykker.csv"] {
            let text = try String(contentsOfFile: one + "/" + name, encoding: .utf8)
            for line in text.split(separator: "\n").dropFirst() {
                let fields = line.split(separator: ";", omittingEmptySubsequences: false).map(
                    String.init)
                found.insert(fields[0])
                if name == "elever.csv" { found.insert(fields[1]); found.insert(fields[2]) }
            }
        }
        let data = try Data(contentsOf: URL(fileURLWithPath: one + "/fravaer.csv"))
        let absence = String(data: data, encoding: .windowsCP1252)!
        for line in absence.split(whereSeparator: \.isNewline).dropFirst() {
            let fields = line.split(separator: ";", omittingEmptySubsequences: false).map(
                String.init)
            found.insert(fields[0])
            // Merknad: every word of four letters or more.
            for word in fields[5].split(whereSeparator: { !$0.isLetter }) where word.count >= 4 {
                found.insert(String(word))
            }
        }
        for number in found where number.count == 11 && number.hasPrefix("0") {
            found.insert(String(number.dropFirst()))
        }
        found.remove("")
        return found.sorted()
    }

    /// Every regular file below `path`, as text.
    func everythingWritten() throws -> [(String, String)] {
        let enumerator = FileManager.default.enumerator(atPath: home.path)!
        var files: [(String, String)] = []
        while let name = enumerator.nextObject() as? String {
            let path = home.path + "/" + name
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
                !isDirectory.boolValue
            else { continue }
            files.append(
                (
                    name,
                    String(
                        decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
                ))
        }
        return files
    }

    @Test func nothingTidligWritesOrPrintsHoldsANameANumberFreeTextOrTheKey() throws {
        let key = one + "/nokkel.txt"
        let inputs = [
            "--students", one + "/elever.csv", "--absence", one + "/fravaer.csv", "--calendar",
            one + "/kalender.csv",
            "--consents", one + "/samtykker.csv", "--key-file", key,
        ]
        var printed: [String] = []
        func record(_ result: (status: Int32, stdout: String, stderr: String), _ expected: Int32) {
            #expect(result.status == expected, "\(result.stderr)")
            printed += [result.stdout, result.stderr]
        }
        record(try tidlig(["import"] + inputs + ["--as-of", "20.06.2025", "--out", "nes.json"]), 0)
        record(try tidlig(["import"] + inputs + ["--dry-run"]), 0)
        record(
            try tidlig(
                ["import"] + inputs + [
                    "--as-of", "20.06.2025", "--onto", "nes.json", "--out", "week2.json",
                ]), 0)
        // A failing import: a mapping that renames the date column to one the file lacks.
        try "[absence]\ndate = \"Datum\"\n".write(
            toFile: home.path + "/bad.mapping", atomically: true, encoding: .utf8)
        record(
            try tidlig(["import"] + inputs + ["--mapping", "bad.mapping", "--out", "bad.json"]), 65)
        record(try tidlig(["nes.json", "-c", "schools"]), 0)
        record(try tidlig(["nes.json", "-c", "students"]), 0)
        record(try tidlig(["nes.json", "-c", "problems"]), 0)
        record(try tidlig(["nes.json", "-c", "show \(ImportTests.pseudonym("15031150180"))"]), 0)
        #expect(printed[0].contains("wrote nes.json (tidlig/1, 5 students)"))
        #expect(printed[8].contains("Auli barneskole"))
        let written = try everythingWritten()
        #expect(
            written.contains { $0.0 == "nes.json" } && written.contains { $0.0 == "week2.json" })
        let secrets = try secrets()
        #expect(
            secrets.contains("Nordmann") && secrets.contains("15031150181")
                && secrets.contains("1011250013"))
        #expect(secrets.contains("skulket") && secrets.contains("Spania"))
        for secret in secrets {
            for (name, text) in written {
                #expect(!text.contains(secret), "\(name) holds an input secret")
            }
            for (index, text) in printed.enumerated() {
                #expect(!text.contains(secret), "output \(index) holds an input secret")
            }
        }
    }

    @Test func severalYearsLoadAndAnswerAcrossYears() throws {
        let dir = ImportTests.years
        let imported = try tidlig([
            "import", "--students", dir + "/elever.csv", "--absence", dir + "/fravaer.csv",
            "--calendar", dir + "/kalender.csv", "--key-file", dir + "/nokkel.txt",
            "--as-of", "20.06.2025", "--out", "two.json",
        ])
        #expect(imported.status == 0, "\(imported.stderr)")
        let moved = try tidlig(["two.json", "-c", "students where moved", "--format", "csv"])
        #expect(moved.status == 0, "\(moved.stderr)")
        // Kari moved Auli -> Runni (between years) -> Vormsund (within 2024/2025); no one else did.
        let lines = moved.stdout.split(separator: "\n").dropFirst()
        #expect(
            lines.map { $0.split(separator: ",").first.map(String.init) } == [
                ImportTests.pseudonym("15031150180")
            ])
        let earlier = try tidlig(["two.json", "-c", "schools as of 2024-06-20", "--format", "csv"])
        // Kari 1 day, Ola 0
        #expect(earlier.stdout.contains("auli-barneskole,Auli barneskole,2,0.5,"))
    }

    @Test func usageWithoutOutAndBadAsOf() throws {
        let inputs = [
            "--students", one + "/elever.csv", "--absence", one + "/fravaer.csv", "--calendar",
            one + "/kalender.csv",
            "--key-file", one + "/nokkel.txt",
        ]
        let noOut = try tidlig(["import"] + inputs)
        #expect(noOut.status == 64)
        #expect(noOut.stderr.contains("--out FILE is needed"))
        let badDate = try tidlig(
            ["import"] + inputs + ["--as-of", "31.02.2025", "--out", "x.json"])
        #expect(badDate.status == 64)
        #expect(try everythingWritten().isEmpty)
    }
}
