import Foundation
import Testing
import TidligCore
import TidligTestSupport

/// Every input a fuzzer ever crashed tidlig with (`Tests/Fuzz/crashes/<target>-<name>`), and the
/// seed corpora, run through the fuzz targets' bodies in the normal build: a crash here is a
/// regression (the test process dies with it).
@Suite struct FuzzCrashTests {
    static let fuzz = TestPaths.tests + "/Fuzz"

    static func files(_ directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter {
            !$0.hasPrefix(".")
        }.sorted()
    }

    static let crashes = files(fuzz + "/crashes").filter { $0 != "README.md" }

    @Test(arguments: crashes)
    func aCrashFoundOnceStaysFixed(_ name: String) throws {
        let target = String(name.prefix { $0 != "-" })
        #expect(
            FuzzEntry.targets.contains(target),
            "\(name): name it <target>-<what>, target one of \(FuzzEntry.targets)")
        let bytes = try #require(
            FileManager.default.contents(atPath: Self.fuzz + "/crashes/" + name))
        [UInt8](bytes).withUnsafeBufferPointer { _ = FuzzEntry.run(target, $0) }
    }

    @Test(arguments: FuzzEntry.targets)
    func theSeedCorpusRuns(_ target: String) throws {
        let seeds = Self.files(Self.fuzz + "/" + target)
        #expect(!seeds.isEmpty)
        for seed in seeds {
            let bytes = try #require(
                FileManager.default.contents(atPath: Self.fuzz + "/" + target + "/" + seed))
            [UInt8](bytes).withUnsafeBufferPointer { _ = FuzzEntry.run(target, $0) }
        }
    }

    @Test func theFixtureLoadsSoTheStatementTargetEvaluates() throws {
        let data = try #require(FuzzEntry.fixture)
        #expect(data.students.ids.count == 4)
    }

    @Test func statementsThatTouchTheMachineAreLeftOut() {
        // A crash file must never write or send anything when replayed.
        let written = TemporaryDirectory(prefix: "tidlig-fuzzharmless")
        let text =
            "report \(written.path)/r.md\nnotifications export \(written.path)/e.csv\n"
            + "schools into \(written.path)/s.csv\nset output \(written.path)/o.txt\ncount students"
        Array(text.utf8).withUnsafeBufferPointer { FuzzEntry.statement($0) }
        #expect(Self.files(written.path).isEmpty)
    }
}
