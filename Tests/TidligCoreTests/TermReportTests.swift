#if canImport(Glibc)
    import Glibc
#endif
import Foundation
import Testing
import TidligTestSupport
@testable import TidligCore

/// `report term` on `Fixtures/term.json`, every figure worked out by hand.
///
/// Calendar 2024-08-19 .. 2025-06-20, closed 2024-09-30 .. 10-04 (Høstferie) and 2024-11-15
/// (Planleggingsdag). School days through 2024-09-27: 30 (six weeks); through 2024-12-20: 30 +
/// 55 - 1 = 84. The report: as of 2024-12-20, since 2024-09-27, threshold 5 days; the term is
/// 2024-09-28 .. 12-20, whose school days are 2024-10-07 .. 12-20 less 11-15: 54.
///
///   student  school grade  whole days                                   as of 09-27  12-20
///   a1       a      4      Mondays 10-07, 14, 21, 28, 11-04, 11-11               0      6
///   a2       a      6      08-20, 21, 22, 09-10, 11, 10-08; 4 hours 09-12       5      6
///   a3       a      7      none                                                 0      0
///   u1       u      10     10-08, 09, 10, 11, 11-18, 19                         0      6
///   u2       u      10     every school day 08-19 .. 11-19 (61)                30     61
///   u3       u      9      12-02, 03; 2.5 hours 12-04                           0      2
///
/// Table 1 as of 12-20: a: 3 students, 12 days -> 4.0, 4 hours -> 1.3, >= 5: a1, a2 = 2,
/// > 10 %: none (a2: (6 + 4/6) / 84 = 7.9 %). u: 69 days -> 23.0, 2.5 hours -> 0.8, >= 5: 2,
/// > 10 %: u2 (61/84 = 72.6 %) = 1. Total: 81 / 6 = 13.5, 6.5 / 6 = 1.1, 4, 1.
/// As of 09-27: a: 5 days, 4 hours, >= 5: a2, > 10 %: a2 ((5 + 4/6) / 30 = 18.9 %); u: 30
/// days, 0 hours, u2 in both. Δ a: 7/3 = 2.3, 0.0, +1, -1; u: 39/3 = 13.0, 2.5/3 = 0.8, +1,
/// 0; total: 46/6 = 7.7, 2.5/6 = 0.4, +2, -1.
///
/// Spread: a [0, 6, 6]: median 6.0, mean 4.0, bands 33.3 / 66.7 / 0 / 0 / 0; u [2, 6, 61]:
/// median 6.0, mean 23.0, bands 33.3 / 33.3 / 0 / 0 / 33.3, 10th grade [6, 61]: median 33.5;
/// total [0, 2, 6, 6, 6, 61]: median 6.0, mean 13.5, bands 33.3 / 50.0 / 0 / 0 / 16.7.
///
/// Crossed 5 days from 09-28 to 12-20: a1 (5th day 11-04), u1 (11-18); a2 crossed 09-11 and
/// u2 08-23, before. So a 1, u 1, total 2; primary 1, lower-secondary 1.
///
/// Cases (BTI level 2 or 3; an involvement that begins sets 1 + the services involved, one that
/// ends 1 + those left, a meeting its `bti`), term 09-28 .. 12-20:
///   a2  pp-tjenesten 09-25 -> level 2, opened 09-25 (before the term); it ended 11-29 -> level
///       1: ended 11-29. No meeting: owner "no meeting". Service: pp-tjenesten.
///   a3  meeting 09-05 bti 3 called by the school: opened 09-05 (before), open; owner school; no
///       service involved.
///   u1  helse 11-25: opened 11-25, open, no meeting; helse.
///   u2  pp-tjenesten 10-21: opened 10-21, open, no meeting (its documents are no meetings).
///   u3  helse 10-10 and a meeting 10-10 bti 2 called by helse: opened 10-10, owner helse; the
///       meeting of 12-13 sets bti 1: ended 12-13; helse.
/// Opened in the term: u1, u2, u3 = 3; ended: a2, u3 = 2; open on 12-20: a3, u1, u2 = 3.
/// By owner (opened, ended, open): school 0, 0, 1; helse 1, 1, 0; no meeting 2 (u1, u2), 1 (a2),
/// 2; pp-tjenesten, phf and not recorded 0, 0, 0. By service taking part: pp-tjenesten opened
/// u2, ended a2, open u2: 1, 1, 1; helse opened u1, u3, ended u3, open u1: 2, 1, 1; phf 0, 0, 0.
/// (u3 never has 5 days and a3 none: the delays and crossings below do not change.)
///
/// Delays (4 crossed: a1 11-04, a2 09-11, u1 11-18, u2 08-23):
///   pp-tjenesten: a2 09-25 (14 days), u2 10-21 (59); waiting a1 46, u1 32.
///     KM: t=14 n=4 d=1 S=3/4; 32 and 46 censored; t=59 n=1 d=1 S=0. Median, p75, p90 59;
///     within 30: 25.0 %; within 60 and 90: 100.0 % (the curve reached 0 at 59).
///     Plain: median (14 + 59) / 2 = 36.5, p75 and p90 59, max 59; waiting median 39.0.
///   helse: u1 11-25 (7); waiting a1 46, a2 100, u2 119. KM: t=7 n=4 S=3/4; median, p75,
///     p90 not reached; within 30, 60, 90: 25.0 % (follow-up to 119).
///   phf: nobody involved; KM 0.0 % within 30, 60 and 90 (follow-up to 119).
///
/// Folder audit above 60 days: u2 alone: described, measures documented, template used,
/// evaluation none, little documentation (2 documents), evaluation overdue (due 10-15).
///
/// Weekdays over the 54 term school days: Mondays 11, Tuesdays 11, Wednesdays 11, Thursdays
/// 11, Fridays 10 (11-15 closed). Whole days in the term: a1 6 Mondays; a2 1 Tuesday; u1 Mon
/// 1, Tue 2, Wed 1, Thu 1, Fri 1; u2 31 (10-07 .. 11-19): Mon 7, Tue 7, Wed 6, Thu 6, Fri 5;
/// u3 Mon 1, Tue 1. Mon 15 -> 100 × 15 / (6 × 11) = 22.73; Tue 11 -> 16.67; Wed 7 -> 10.61;
/// Thu 7 -> 10.61; Fri 6 -> 100 × 6 / 60 = 10.00.
///
/// After the closures: Høstferie -> 10-07 .. 11 (5 days): a1 1, a2 1, u1 4, u2 5 = 11 ->
/// 1100 / 30 = 36.67; Planleggingsdag -> 11-18 .. 22 (5 days): u1 2, u2 2 = 4 -> 13.33; the
/// other 44 school days hold 46 - 15 = 31 -> 3100 / 264 = 11.74.
@Suite(.serialized) struct TermReportTests {
    let directory = TemporaryDirectory(prefix: "tidlig-term")

    func write(_ name: String) throws -> (text: String, messages: String) {
        let sink = CapturingSink()
        let session = Session(output: sink)
        session.baseDirectory = TestPaths.fixtures
        session.execute(SourceFile(name: nil, text: "load term.json"))
        session.execute(SourceFile(name: nil, text: "set threshold 5"))
        let path = directory.path + "/" + name
        session.execute(
            SourceFile(name: nil, text: "report term as of 2024-12-20 since 2024-09-27 \(path)"))
        let text = try #require(readText(path), "no report: \(sink.text)")
        var info = stat()
        #expect(stat(path, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
        return (text, sink.text)
    }

    static let expectedRows = [
        // Table 1 and its change
        "| a | A barneskole | 3 | 4.0 | 1.3 | 2 | 0 | 2.3 | 0.0 | 1 | -1 |",
        "| u | U ungdomsskole | 3 | 23.0 | 0.8 | 2 | 1 | 13.0 | 0.8 | 1 | 0 |",
        "|  | **Total** | **6** | **13.5** | **1.1** | **4** | **1** | **7.7** | **0.4** | **2** | **-1** |",
        // spread
        "| a | 3 | 6.0 | 4.0 | 33.3 | 66.7 | 0.0 | 0.0 | 0.0 | 0 |  | 9.0 |",
        "| u | 3 | 6.0 | 23.0 | 33.3 | 33.3 | 0.0 | 0.0 | 33.3 | 2 | 33.5 | 9.0 |",
        "| **total** | **6** | **6.0** | **13.5** | **33.3** | **50.0** | **0.0** | **0.0** | **16.7** | **2** | **33.5** | **9.0** |",
        // crossed since
        "| a | primary | 1 |", "| u | lower-secondary | 1 |", "| **total** |  | **2** |",
        "| lower-secondary | 1 |", "| primary | 1 |",
        // cases opened and ended, per owner and per service
        "| school | 0 | 0 | 1 |", "| pp-tjenesten | 0 | 0 | 0 |", "| helse | 1 | 1 | 0 |",
        "| phf | 0 | 0 | 0 |",
        "| not recorded | 0 | 0 | 0 |", "| no meeting | 2 | 1 | 2 |",
        "| **total** | **3** | **2** | **3** |",
        "| pp-tjenesten | PP-tjenesten | 1 | 1 | 1 |",
        "| helse | Helsetjenester barn og unge | 2 | 1 | 1 |",
        "| phf | Psykisk helse og familie | 0 | 0 | 0 |",
        // Kaplan-Meier, then plain
        "| pp-tjenesten | 4 | 2 | 2 | 59 | 59 | 59 | 25.0 | 100.0 | 100.0 |",
        "| helse | 4 | 1 | 3 | not reached | not reached | not reached | 25.0 | 25.0 | 25.0 |",
        "| phf | 4 | 0 | 4 | not reached | not reached | not reached | 0.0 | 0.0 | 0.0 |",
        // school days: a2 09-11 -> 09-25 is 10, u2 08-23 -> 10-21 is 25 + 5 + 5 + 1 = 36
        "| pp-tjenesten | 4 | 2 | 2 | 39.0 | 36.5 | 59 | 59 | 59 | 23.0 | 36 | 36 | 36 | 0.0 |",
        // folder audit of u2
        "| causes described | 1 | 100.0 |", "| evaluation none | 1 | 100.0 |",
        "| little documentation | 1 | 100.0 |", "| evaluation overdue | 1 | 100.0 |",
        // weekdays
        "| Monday | 11 | 15 | 22.73 |", "| Tuesday | 11 | 11 | 16.67 |",
        "| Wednesday | 11 | 7 | 10.61 |",
        "| Thursday | 11 | 7 | 10.61 |", "| Friday | 10 | 6 | 10.00 |",
        // after the closures
        "| Høstferie | 2024-09-30 | 2024-10-04 | 5 | 11 | 36.67 |",
        "| Planleggingsdag | 2024-11-15 | 2024-11-15 | 5 | 4 | 13.33 |",
        "| **other school days** |  |  | **44** | **31** | **11.74** |",
    ]

    @Test func markdownHoldsTheHandWorkedFigures() throws {
        let (text, messages) = try write("term.md")
        #expect(messages.contains("wrote "), "\(messages)")
        for row in TermReportTests.expectedRows {
            #expect(text.contains(row + "\n"), "missing: \(row)")
        }
        #expect(text.contains("School year 2024/2025, as of 2024-12-20; action threshold 5 days."))
        #expect(text.contains("1 student has more than 60 whole days as of 2024-12-20."))
        #expect(text.contains("## Cases opened and ended\n"))
        #expect(
            text.contains(
                "Opened and ended: from 2024-09-28 to 2024-12-20; 3 opened, 2 ended, 3 open at 2024-12-20."
            ))
        #expect(text.contains("national: 9.0 days, Udir"))
    }

    /// Every table cell of the HTML, as Chromium renders the page, equals the Markdown's.
    @Test func htmlInARealBrowserMatchesTheMarkdown() throws {
        let markdown = try write("term.md").text
        let (html, _) = try write("term.html")
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.contains("<script"), "self-contained and static")
        #expect(
            !html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").contains("http"),
            "nothing from outside the file")
        #expect(html.contains("<svg"))
        #expect(html.contains("@media print"))
        let browser = try #require(
            Chromium.path, "headless Chromium is not installed (scripts/setup installs it)")
        let page = directory.path + "/term.html"
        let png = directory.path + "/term.png"
        let shot = try Chromium.run(
            browser, ["--screenshot=\(png)", "--window-size=1240,1754", "file://\(page)"],
            in: directory.path)
        #expect(shot.status == 0, "chromium failed: \(shot.stderr)")
        let image = try #require(FileManager.default.contents(atPath: png))
        #expect(image.count > 10_000)
        #expect(Array(image.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        let dom = try Chromium.run(browser, ["--dump-dom", "file://\(page)"], in: directory.path)
        #expect(dom.status == 0, "chromium failed: \(dom.stderr)")
        let fromBrowser = ReportText.cells(html: dom.stdout)
        let fromMarkdown = ReportText.cells(markdown: markdown)
        #expect(fromMarkdown.count > 100)
        #expect(fromBrowser == fromMarkdown)
        #expect(ReportText.headings(html: dom.stdout) == ReportText.headings(markdown: markdown))
        let paragraphs = ReportText.paragraphs(markdown: markdown)
        #expect(paragraphs.count > 10)
        #expect(ReportText.paragraphs(html: dom.stdout) == paragraphs)
    }

    @Test func refusesWhatItMustNotWrite() throws {
        let sink = CapturingSink()
        let session = Session(output: sink)
        session.baseDirectory = TestPaths.fixtures
        session.execute(SourceFile(name: nil, text: "load term.json"))
        let fifo = directory.path + "/pipe.md"
        #expect(mkfifo(fifo, 0o600) == 0)
        session.execute(SourceFile(name: nil, text: "report term as of 2024-12-20 \(fifo)"))
        #expect(sink.text.contains("it is a named pipe, not a regular file"), "\(sink.text)")
        session.execute(
            SourceFile(name: nil, text: "report term as of 2024-12-20 \(directory.path)/x.txt"))
        #expect(sink.text.contains("ends in .md (Markdown) or .html"))
        session.execute(
            SourceFile(
                name: nil,
                text: "report term as of 2024-12-20 since 2024-12-20 \(directory.path)/x.md"))
        #expect(sink.text.contains("must come before the term's date"))
        #expect(readText(directory.path + "/x.md") == nil)
    }
}

/// The text a reader sees in a report's tables and headings, from Markdown or from HTML.
enum ReportText {
    static func unescape(_ s: String) -> String {
        s.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(
                of: "&#39;", with: "'"
            )
            .replacingOccurrences(of: "&nbsp;", with: " ").replacingOccurrences(
                of: "&amp;", with: "&")
    }

    /// The cells of every Markdown table, in order, without the bold of the footer.
    static func cells(markdown: String) -> [String] {
        var cells: [String] = []
        for line in markdown.split(separator: "\n")
        where line.hasPrefix("|") && !line.hasPrefix("|---") {
            let inner = line.dropFirst(2).dropLast(2).replacingOccurrences(of: "\\|", with: "\u{1}")
            for cell in inner.components(separatedBy: " | ") {
                var text = cell.replacingOccurrences(of: "\u{1}", with: "|")
                if text.hasPrefix("**"), text.hasSuffix("**"), text.count >= 4 {
                    text = String(text.dropFirst(2).dropLast(2))
                }
                cells.append(text)
            }
        }
        return cells
    }

    /// The text of every `th` and `td`, in document order.
    static func cells(html: String) -> [String] {
        matches(#"<t[hd](?:\s[^>]*)?>(.*?)</t[hd]>"#, in: html)
    }

    static func headings(markdown: String) -> [String] {
        markdown.split(separator: "\n").filter { $0.hasPrefix("#") && !$0.hasPrefix("#!") }
            .map { String($0.drop { $0 == "#" || $0 == " " }) }
    }

    /// The lines of text outside tables, headings and code blocks (the lead, paragraphs, notes).
    static func paragraphs(markdown: String) -> [String] {
        var lines: [String] = [], code = false
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("```") { code.toggle(); continue }
            if code || line.hasPrefix("|") || line.hasPrefix("#") { continue }
            lines.append(String(line))
        }
        return lines
    }

    static func paragraphs(html: String) -> [String] {
        matches(#"<p(?:\s[^>]*)?>(.*?)</p>"#, in: html)
    }

    static func headings(html: String) -> [String] {
        matches(#"<h[12](?:\s[^>]*)?>(.*?)</h[12]>"#, in: html)
    }

    static func matches(_ pattern: String, in text: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
        let range = NSRange(text.startIndex..., in: text)
        return regex.matches(in: text, range: range).map { match in
            unescape(String(text[Range(match.range(at: 1), in: text)!]))
        }
    }
}

/// Headless Chromium from Debian, run as a test runs it: as root, without the sandbox.
enum Chromium {
    static var path: String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { access($0, X_OK) == 0 }
    }

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ browser: String, _ arguments: [String], in directory: String) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: browser)
        process.arguments =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--user-data-dir=\(directory)/chromium-profile",
            ] + arguments
        process.environment = ["HOME": directory, "LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"]
        let out = directory + "/chromium.out", err = directory + "/chromium.err"
        FileManager.default.createFile(atPath: out, contents: nil)
        FileManager.default.createFile(atPath: err, contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: out)
        process.standardError = FileHandle(forWritingAtPath: err)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, stdout: readText(out) ?? "",
            stderr: readText(err) ?? "")
    }
}
