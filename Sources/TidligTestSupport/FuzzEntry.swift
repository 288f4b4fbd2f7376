#if canImport(Glibc)
    import Glibc
#endif
import TidligCore

/// The fuzz targets' bodies: bytes in, nothing out; a trap, stack overflow or sanitizer report
/// is the finding. The libFuzzer drivers (`Tests/Fuzz/Drivers`, built by `scripts/fuzz`) call
/// these, and `FuzzCrashTests` replays every file under `Tests/Fuzz/crashes/` through them in
/// the normal build, so a crash found once stays fixed.
public enum FuzzEntry {
    /// Target names, as `scripts/fuzz` and the crash files (`<target>-<name>`) spell them.
    public static let targets = ["loader", "statement", "policy", "import"]

    /// Runs target `name` on `bytes`; false for an unknown name.
    @discardableResult
    public static func run(_ name: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        switch name {
        case "loader": loader(bytes)
        case "statement": statement(bytes)
        case "policy": policy(bytes)
        case "import": importer(bytes)
        default: return false
        }
        return true
    }

    /// Bytes -> `tidlig/1` loader: any input loads or is refused with a located error.
    public static func loader(_ bytes: UnsafeBufferPointer<UInt8>) {
        _ = try? DataSetLoader.load(bytes: UnsafeRawBufferPointer(bytes), source: "<fuzz>")
    }

    /// Bytes -> statements, parsed and evaluated on the hand-made fixture (4 students), each
    /// statement on its own (`keepGoing`). Statements that read or write files or send messages
    /// are left out, so a fuzzer cannot touch the machine.
    public static func statement(_ bytes: UnsafeBufferPointer<UInt8>) {
        let text = String(decoding: bytes, as: UTF8.self)
        guard isHarmless(text) else { return }
        let session = Session(data: fixture, output: DiscardingSink())
        session.baseDirectory = "/nonexistent"
        _ = session.runScript(text, name: "<fuzz>", keepGoing: true)
    }

    /// Bytes -> the policy language (`policy load` files), bound against the fixture.
    public static func policy(_ bytes: UnsafeBufferPointer<UInt8>) {
        var parser = Parser(String(decoding: bytes, as: UTF8.self))
        guard let policies = try? PolicyBook.parseFile(&parser, book: PolicyBook(), data: fixture)
        else { return }
        var book = PolicyBook()
        for policy in policies { try? book.define(policy, origin: "<fuzz>", at: nil) }
    }

    /// Bytes -> `tidlig import` (CSV reader, XLSX reader: ZIP, inflate, XML; mapping parser;
    /// the row checks and the writer). The first byte chooses the file the rest replaces in
    /// the small export of `Tests/Fixtures/import` (0 absence, 1 students, 2 calendar,
    /// 3 consents, 4 a mapping file); a rest that starts with `PK` is read as XLSX. The
    /// absence file is imported twice, on one thread and cut into stretches of 8 bytes on 3,
    /// and the two must agree byte for byte (report, error and file written).
    public static func importer(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let selector = bytes.first, let folder = importFolder else { return }
        let rest = UnsafeBufferPointer(rebasing: bytes.dropFirst())
        var files = ExportImport.Files(
            students: importFixture + "/elever.csv", absence: importFixture + "/fravaer.csv",
            calendar: importFixture + "/kalender.csv", consents: importFixture + "/samtykker.csv")
        let fuzzed = folder + "/input"
        guard write(rest, to: fuzzed) else { return }
        var mapping: String?
        switch selector % 5 {
        case 0: files.absence = fuzzed
        case 1: files.students = fuzzed
        case 2: files.calendar = fuzzed
        case 3: files.consents = fuzzed
        default: mapping = fuzzed
        }
        let out = folder + "/out.json"
        func run(threads: Int, stretch: Int?) -> (Int32, String, String, [UInt8]?) {
            var request = ImportRequest(files: files, keyFile: importFixture + "/nokkel.txt")
            (request.mapping, request.out, request.threads, request.minimumStretch) = (
                mapping, out, threads, stretch
            )
            unlink(out)
            var report = "", error = ""
            let status = request.run(report: { report += $0 }, error: { error += $0 })
            return (status, report, error, read(out))
        }
        let one = run(threads: 1, stretch: nil)
        guard selector % 5 == 0 else { return }
        let three = run(threads: 3, stretch: 8)
        if one.0 != three.0 || one.1 != three.1 || one.2 != three.2 || one.3 != three.3 {
            fatalError(
                "import on 3 threads differs from 1 thread: \(one.0) \(three.0)\n\(one.2)\(three.2)"
            )
        }
    }

    /// The small export the import target starts from.
    static let importFixture: String = {
        let root = String(#filePath).split(separator: "/", omittingEmptySubsequences: false)
            .dropLast(3)
        return root.joined(separator: "/") + "/Tests/Fixtures/import"
    }()

    /// A folder for the fuzzed file and the output: in memory (/dev/shm) where there is one.
    nonisolated(unsafe) static let importFolder: String? = {
        for base in ["/dev/shm", "/tmp"] {
            var template = Array("\(base)/tidlig-fuzz-import-XXXXXX".utf8CString)
            if let created = mkdtemp(&template) { return String(cString: created) }
        }
        return nil
    }()

    static func write(_ bytes: UnsafeBufferPointer<UInt8>, to path: String) -> Bool {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var done = 0
        while done < bytes.count {
            let wrote = Glibc.write(fd, bytes.baseAddress! + done, bytes.count - done)
            guard wrote > 0 else { return false }
            done += wrote
        }
        return true
    }

    static func read(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let got = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            guard got > 0 else { break }
            bytes += chunk[0..<got]
        }
        return bytes
    }

    /// Words of the statements that reach files, the ledger or the network.
    static let touchesTheMachine = [
        "load", "report", "notif", "ledger", "outbox", "export", "into", "output", "pager", "open",
        "~",
    ]

    static func isHarmless(_ text: String) -> Bool {
        let lowered = text.lowercased()
        return !touchesTheMachine.contains { lowered.contains($0) }
    }

    /// `Tests/Fixtures/hand.json`: 4 students, 2 schools, services, folders and involvements.
    public static let fixture: DataSet? = {
        let root = String(#filePath).split(separator: "/", omittingEmptySubsequences: false)
            .dropLast(3)
        return try? DataSetLoader.load(
            path: root.joined(separator: "/") + "/Tests/Fixtures/hand.json")
    }()
}

/// An output sink that drops everything (fuzzing looks for crashes, not output).
final class DiscardingSink: OutputSink {
    func write(_ text: String) {}
    func writeError(_ text: String) {}
}
