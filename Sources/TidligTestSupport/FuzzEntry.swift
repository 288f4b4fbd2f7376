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
    public static let targets = ["loader", "statement", "policy"]

    /// Runs target `name` on `bytes`; false for an unknown name.
    @discardableResult
    public static func run(_ name: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        switch name {
        case "loader": loader(bytes)
        case "statement": statement(bytes)
        case "policy": policy(bytes)
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
        guard let policies = try? PolicyBook.parseFile(&parser, book: PolicyBook(), data: fixture) else { return }
        var book = PolicyBook()
        for policy in policies { try? book.define(policy, origin: "<fuzz>", at: nil) }
    }

    /// Words of the statements that reach files, the ledger or the network.
    static let touchesTheMachine = [
        "load", "report", "notif", "ledger", "outbox", "export", "into", "output", "pager", "open", "~",
    ]

    static func isHarmless(_ text: String) -> Bool {
        let lowered = text.lowercased()
        return !touchesTheMachine.contains { lowered.contains($0) }
    }

    /// `Tests/Fixtures/hand.json`: 4 students, 2 schools, services, folders and involvements.
    public static let fixture: DataSet? = {
        let root = String(#filePath).split(separator: "/", omittingEmptySubsequences: false).dropLast(3)
        return try? DataSetLoader.load(path: root.joined(separator: "/") + "/Tests/Fixtures/hand.json")
    }()
}

/// An output sink that drops everything (fuzzing looks for crashes, not output).
final class DiscardingSink: OutputSink {
    func write(_ text: String) {}
    func writeError(_ text: String) {}
}
