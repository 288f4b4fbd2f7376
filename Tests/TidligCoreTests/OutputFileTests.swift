#if canImport(Glibc)
    import Glibc
#endif
import Testing
import TidligCore
import TidligTestSupport

/// Results into files from inside the shell: `... into FILE` and `set output FILE`, on the
/// built binary with hand.json (north: A1, D4; south: B2, C3; B2 alone at 16 days).
@Suite struct OutputFileTests {
    let shell = EndToEndTests()
    var home: String { shell.home.path }

    func mode(_ path: String) -> mode_t? {
        var info = stat()
        return stat(path, &info) == 0 ? info.st_mode & 0o777 : nil
    }

    @Test func intoAFileInTheFormatOfItsExtension() throws {
        let result = try shell.run([
            shell.hand, "-c",
            "count students by school into ~/counts.csv; "
                + "students where days > 2 order by days desc into ~/over.json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.isEmpty)  // the results went to the files
        #expect(result.stderr.contains("wrote ~/counts.csv: "))
        #expect(readText(home + "/counts.csv") == "school,students\nnorth,2\nsouth,2\n")
        #expect(mode(home + "/counts.csv") == 0o600)
        // '>' stays a comparison: days > 2 is B2 (16), then A1 and C3 (3 each), in file order.
        let json = try #require(readText(home + "/over.json"))
        #expect(json.hasPrefix("[\n  {\"id\": \"B2\""))
        #expect(json.components(separatedBy: "\"id\"").count == 4)
    }

    @Test func openHandsTheLastWrittenFileToTheDesktopOrSaysThereIsNone() throws {
        // A desktop: DISPLAY set and an xdg-open on the PATH (here a script that notes its argument).
        let bin = home + "/bin"
        #expect(mkdir(bin, 0o700) == 0)
        try SecureFile.write(
            path: bin + "/xdg-open", text: "#!/bin/sh\nprintf '%s' \"$1\" > \"$HOME/opened\"\n")
        #expect(chmod(bin + "/xdg-open", 0o700) == 0)
        let desktop = ["DISPLAY": ":0", "PATH": bin]
        let opened = try shell.run(
            [shell.hand, "-c", "count students by school into ~/c.csv; open"],
            environment: desktop)
        #expect(opened.status == 0, "\(opened.stderr)")
        #expect(readText(home + "/opened") == home + "/c.csv")
        #expect(opened.stderr.contains("opened \(home)/c.csv"))
        // No desktop (cron, ssh): a clear message with the file's place, and nothing opened.
        let cron = try shell.run(
            [shell.hand, "-c", "count students into ~/d.csv; open"], environment: ["PATH": bin])
        #expect(cron.status == ExitStatus.ioError)
        #expect(cron.stderr.contains("no desktop to open \(home)/d.csv on"))
        #expect(readText(home + "/opened") == home + "/c.csv")
        // Nothing written yet, or a file that is not there.
        let nothing = try shell.run([shell.hand, "-c", "open"], environment: desktop)
        #expect(nothing.stderr.contains("nothing to open"))
        let missing = try shell.run([shell.hand, "-c", "open ~/none.csv"], environment: desktop)
        #expect(missing.stderr.contains("no such file") && missing.status != 0)
    }

    @Test func setOutputUntilStdout() throws {
        let result = try shell.run([
            shell.hand, "-c",
            "set output ~/all.txt; count students; "
                + "show D4; set output stdout; count students where days >= 15",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        // only the last one on the screen
        #expect(result.stdout == "students\n--------\n       1\n")
        let file = try #require(readText(home + "/all.txt"))
        #expect(file.hasPrefix("students\n--------\n       4\nD4  Nord barneskole"))
        #expect(mode(home + "/all.txt") == 0o600)
    }

    @Test func neverOverAnythingButARegularFile() throws {
        #expect(mkdir(home + "/folder", 0o700) == 0)
        #expect(symlink(home + "/target.csv", home + "/link.csv") == 0)
        for target in ["~/folder", "~/link.csv"] {
            let into = try shell.run([shell.hand, "-c", "schools into \(target)"])
            // SecureFile's refusal: an I/O error (74), "it is a directory, not a regular file" or
            // "it is a symbolic link to nothing".
            #expect(into.status == 74)
            #expect(into.stderr.contains("cannot write"), "\(into.stderr)")
            let set = try shell.run([shell.hand, "-c", "set output \(target)"])
            #expect(set.status == 74)
            #expect(set.stderr.contains("cannot write"), "\(set.stderr)")
        }
        #expect(access(home + "/target.csv", F_OK) != 0)  // nothing written through the link
        // A statement that fails writes no file at all.
        let failed = try shell.run([shell.hand, "-c", "students where dayz > 1 into ~/never.csv"])
        #expect(failed.status == 65)
        #expect(access(home + "/never.csv", F_OK) != 0)
    }
}
