import Foundation
import Testing
import TidligTestSupport

@testable import TidligCore

/// Snapshots (docs/SNAPSHOT.md): every field of the model round-trips, answers equal the JSON
/// load's, and a stale, truncated, bit-flipped or forged snapshot is refused, never trusted.
@Suite struct SnapshotTests {
    /// Every stored property of `value`, recursively, as text; dictionaries and sets in sorted
    /// order. Two models with the same dump hold the same data, field for field.
    static func dump(_ value: Any) -> String {
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .dictionary?, .set?:
            return "{" + mirror.children.map { dump($0.value) }.sorted().joined(separator: ",")
                + "}"
        case .optional?:
            return mirror.children.first.map { "some(" + dump($0.value) + ")" } ?? "nil"
        case nil:
            return "\(value)"
        default:
            if mirror.children.isEmpty { return "\(mirror.subjectType).\(value)" }
            let fields = mirror.children.map { ($0.label ?? "") + ":" + dump($0.value) }
            return "\(mirror.subjectType)(" + fields.joined(separator: ",") + ")"
        }
    }

    /// Generated data, with consents (and, for one year, years of birth) added to every 7th
    /// student, since the generator writes none.
    static func json(students: Int, years: Int, seed: UInt64) -> [UInt8] {
        var bytes: [UInt8] = []
        Sample.generator(students: students, years: years, seed: seed).write(to: { bytes += $0 })
        var text = String(decoding: bytes, as: UTF8.self)
        text = text.replacing(/\{"id":"S(\d{7})"/) { match in
            let number = Int(match.1)!
            guard number % 7 == 0 else { return String(match.0) }
            let born = years == 1 ? #","birthYear":\#(2008 + number % 9)"# : ""
            let withdrawn = number % 2 == 0 ? #","withdrawn":"2024-12-02""# : ""
            return String(match.0) + born
                + #","consents":[{"reference":"r-\#(number)","given":"2024-09-02","#
                + #""givenBy":"guardians","services":["ppt","child-welfare"],"purpose":"meeting""#
                + withdrawn
                + #"},{"reference":"s-\#(number)","given":"2024-10-01","givenBy":"student","#
                + #""services":["ppt"],"expires":"2025-06-20"}]"#
        }
        return Array(text.utf8)
    }

    /// Writes `bytes` as a file and loads it from JSON.
    static func load(_ bytes: [UInt8], in directory: TemporaryDirectory, name: String = "data.json")
        throws -> (String, DataSet)
    {
        let path = directory.path + "/" + name
        try SecureFile.write(path: path) { sink in try bytes.withUnsafeBytes { try sink($0) } }
        return (path, try DataSetLoader.load(path: path))
    }

    static let statements = [
        "schools", "count students where days >= 15 by stage", "delays ppt",
        "audit students where days > 20",
        "cases", "students where days >= 10 order by days desc limit 5", "problems",
    ]

    /// The statements' output on `data`.
    static func answers(_ data: DataSet) -> String {
        let sink = CapturingSink()
        let session = Session(data: data, output: sink)
        _ = session.runCommands(statements, keepGoing: true)
        return sink.text
    }

    @Test func theFormatCoversEveryFieldOfTheModel() {
        // A field added to a model type and not written fails here, and makes `write` refuse.
        #expect(Snapshot.uncoveredType == nil)
        let now = Snapshot.modelFields()
        for (type, fields) in Snapshot.coveredFields { #expect(now[type] == fields, "\(type)") }
    }

    @Test func theChecksumIsXXH64() {
        // The reference values of xxHash's own test suite.
        #expect(
            Checksum.xxh64(UnsafeRawBufferPointer(start: nil, count: 0)) == 0xEF46_DB37_51D8_E999)
        let bytes = (0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 9) }
        var stream = Checksum.Stream()
        bytes.withUnsafeBytes { all in
            var offset = 0
            while offset < all.count {
                let upper = min(all.count, offset + Checksum.blockSize)
                stream.add(block: UnsafeRawBufferPointer(rebasing: all[offset..<upper]))
                offset = upper
            }
            #expect(stream.value == Checksum.blocks(all))
        }
        var flipped = bytes
        flipped[2_500_000] ^= 4
        #expect(flipped.withUnsafeBytes { Checksum.blocks($0) } != stream.value)
    }

    @Test(arguments: [(1, UInt64(3)), (1, 11), (3, 5), (3, 17), (2, 29)])
    func aSnapshotLoadsTheSameModelAsTheJSON(years: Int, seed: UInt64) throws {
        let directory = TemporaryDirectory(prefix: "tidlig-snapshot")
        let (path, fromJSON) = try Self.load(
            Self.json(students: 240, years: years, seed: seed), in: directory)
        #expect(!fromJSON.students.consents.isEmpty && !fromJSON.students.birthYear.isEmpty)
        #expect(years == 1 || fromJSON.isMultiYear)
        let key = try #require(SourceKey.of(path: path))
        let snapshot = directory.path + "/data.snapshot"
        try Snapshot.write(fromJSON, key: key, to: snapshot)
        let fromSnapshot = try Snapshot.open(path: snapshot, source: path, expecting: key)
        #expect(Self.dump(fromSnapshot) == Self.dump(fromJSON))
        #expect(Self.answers(fromSnapshot) == Self.answers(fromJSON))
        // The file is the user's alone.
        var status = stat()
        #expect(stat(snapshot, &status) == 0 && status.st_mode & 0o777 == 0o600)
    }

    @Test func theDumpSeesADifferenceInAnyColumn() throws {
        // The round-trip test is only as good as the dump: a change deep in the model shows.
        let data = try DataSetLoader.load(
            bytes: Self.json(students: 60, years: 3, seed: 1), source: "x")
        var changed = data
        changed.enrolments.to[changed.enrolments.count - 1] = changed.enrolments.to.last!.adding(
            days: -1)
        #expect(Self.dump(changed) != Self.dump(data))
        var texts = data
        texts.absence.reasons = SparseTexts()
        #expect(data.absence.reasons.count == 0 || Self.dump(texts) != Self.dump(data))
    }

    /// A written snapshot and the data it came from.
    static func written(students: Int = 120, years: Int = 3) throws -> (
        TemporaryDirectory, String, SourceKey, [UInt8]
    ) {
        let directory = TemporaryDirectory(prefix: "tidlig-snapshot")
        let (path, data) = try load(json(students: students, years: years, seed: 7), in: directory)
        let key = try #require(SourceKey.of(path: path))
        let snapshot = directory.path + "/data.snapshot"
        try Snapshot.write(data, key: key, to: snapshot)
        return (directory, path, key, Array(try Data(contentsOf: URL(fileURLWithPath: snapshot))))
    }

    /// Opens `bytes` as a snapshot of the source at `path`.
    static func open(
        _ bytes: [UInt8], _ directory: TemporaryDirectory, _ path: String, _ key: SourceKey
    ) -> DataSet? {
        let damaged = directory.path + "/damaged.snapshot"
        try! SecureFile.write(path: damaged) { sink in try bytes.withUnsafeBytes { try sink($0) } }
        return try? Snapshot.open(path: damaged, source: path, expecting: key)
    }

    @Test func aTruncatedSnapshotIsRefused() throws {
        let (directory, path, key, bytes) = try Self.written()
        #expect(Self.open(bytes, directory, path, key) != nil)
        var lengths = [0, 1, 8, 64, 127, 128, 129, 136, bytes.count - 8, bytes.count - 1]
        lengths += stride(from: 200, to: bytes.count, by: max(1, bytes.count / 150))
        for length in lengths {
            #expect(
                Self.open(Array(bytes[0..<length]), directory, path, key) == nil, "length \(length)"
            )
        }
        // Cut, with the length and checksums in the header made to match: refused field by field.
        for length in stride(from: 136, to: bytes.count, by: max(1, bytes.count / 60)) {
            #expect(
                Self.open(Self.forged(Array(bytes[0..<length])), directory, path, key) == nil,
                "length \(length)")
        }
    }

    @Test func aBitFlippedSnapshotIsRefused() throws {
        let (directory, path, key, bytes) = try Self.written()
        var rng = SystemRandomNumberGenerator()
        var positions = Array(0..<128)
        positions += (0..<250).map { _ in Int.random(in: 128..<bytes.count, using: &rng) }
        for position in positions {
            var flipped = bytes
            flipped[position] ^= 1 << UInt8.random(in: 0...7, using: &rng)
            #expect(Self.open(flipped, directory, path, key) == nil, "byte \(position)")
        }
    }

    /// `bytes` with the header's length and both checksums recomputed: what a forger would make.
    static func forged(_ bytes: [UInt8]) -> [UInt8] {
        var out = bytes
        let payload = Array(bytes[Snapshot.headerSize...])
        let checksum = payload.withUnsafeBytes { Checksum.blocks($0) }
        func put(_ word: UInt64, at index: Int) {
            withUnsafeBytes(of: word.littleEndian) { for k in 0..<8 { out[index * 8 + k] = $0[k] } }
        }
        put(UInt64(payload.count), at: 12)
        put(checksum, at: 13)
        let header = out[0..<120].withUnsafeBytes {
            Checksum.xxh64(UnsafeRawBufferPointer($0), seed: 2)
        }
        put(header, at: 15)
        return out
    }

    @Test func aForgedSnapshotNeverCrashesAQuery() throws {
        // Bytes changed and every checksum made to match: each field's checks refuse what a query
        // could not take; what passes them is answered without a crash.
        let (directory, path, key, bytes) = try Self.written(students: 60)
        var rng = SystemRandomNumberGenerator()
        var opened = 0
        for _ in 0..<300 {
            var flipped = bytes
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                flipped[Int.random(in: 128..<bytes.count, using: &rng)] ^=
                    1 << UInt8.random(in: 0...7, using: &rng)
            }
            guard let data = Self.open(Self.forged(flipped), directory, path, key) else { continue }
            opened += 1
            _ = Self.answers(data)
        }
        #expect(opened < 300)
        #expect(Self.open(Self.forged(bytes), directory, path, key) != nil)
    }

    @Test func aSnapshotOfAnotherSourceOrBuildIsRefused() throws {
        let (directory, path, key, bytes) = try Self.written()
        var other = key
        other.mtimeNanoseconds += 1
        #expect(Self.open(bytes, directory, path, other) == nil)
        var build = bytes
        build[3 * 8] ^= 1  // the build id
        #expect(Self.open(Self.forged(build), directory, path, key) == nil)
        // A snapshot opened as a data file would be: not refused quietly, but not a crash either.
        #expect(throws: LoadError.self) { try DataSetLoader.load(bytes: bytes, source: "snapshot") }
    }
}
