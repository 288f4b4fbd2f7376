import Foundation
import Testing
import TidligTestSupport

@testable import TidligCore

/// The snapshot cache: written on the first load, used on the next, rebuilt whenever the source
/// changes, and never trusted when it is damaged or belongs to another file.
@Suite struct SnapshotCacheTests {
    static func setUp(students: Int = 80) throws -> (TemporaryDirectory, String, String) {
        let directory = TemporaryDirectory(prefix: "tidlig-cache")
        let (path, _) = try SnapshotTests.load(
            SnapshotTests.json(students: students, years: 1, seed: 5), in: directory)
        return (directory, path, directory.path + "/cache/tidlig/snapshots")
    }

    @Test func theFirstLoadWritesTheNextOpens() throws {
        let (directory, path, cache) = try Self.setUp()
        defer { withExtendedLifetime(directory) {} }
        let (first, written) = try SnapshotCache.load(path: path, directory: cache, minimumSize: 0)
        let snapshot = SnapshotCache.path(of: path, in: cache)
        #expect(written == .written(snapshot))
        let (second, opened) = try SnapshotCache.load(path: path, directory: cache, minimumSize: 0)
        #expect(opened == .opened(snapshot))
        #expect(SnapshotTests.dump(first) == SnapshotTests.dump(second))
        var status = stat()
        #expect(stat(snapshot, &status) == 0 && status.st_mode & 0o777 == 0o600)
        #expect(stat(cache, &status) == 0 && status.st_mode & 0o777 == 0o700)
        #expect(stat(cache + "/..", &status) == 0 && status.st_mode & 0o777 == 0o700)
    }

    @Test func aSmallFileOrAPipeIsNotSnapshotted() throws {
        let (directory, path, cache) = try Self.setUp()
        defer { withExtendedLifetime(directory) {} }
        let (_, outcome) = try SnapshotCache.load(
            path: path, directory: cache, minimumSize: 1 << 30)
        #expect(outcome == .notUsed("not a regular file of 1 GiB or more"))
        #expect(access(cache, F_OK) != 0)
    }

    @Test func anExportRewrittenInPlaceIsLoadedAfresh() throws {
        let (directory, path, cache) = try Self.setUp()
        _ = try SnapshotCache.load(path: path, directory: cache, minimumSize: 0)
        // Same size, same first and last blocks, the mtime put back: one absence date moved a day
        // in the middle of the file. The ctime still tells, and the new figures are the file's.
        var status = stat()
        stat(path, &status)
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        let text = String(decoding: bytes, as: UTF8.self)
        let middle = text.utf8.index(text.utf8.startIndex, offsetBy: bytes.count / 2)
        let range = try #require(text.range(of: #""kind":"day""#, range: middle..<text.endIndex))
        let dateEnd = text.utf8.distance(from: text.utf8.startIndex, to: range.lowerBound) - 3
        // "...-DD","kind":"day": make the day of month one lower when that stays a real date.
        let tens = dateEnd - 1
        let ones = dateEnd
        #expect(bytes[tens] >= 0x30 && bytes[ones] >= 0x30)
        if bytes[ones] > 0x31 { bytes[ones] -= 1 } else { bytes[ones] += 1 }
        let fd = open(path, O_WRONLY)
        _ = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress! + tens, 2, off_t(tens)) }
        var times = [status.st_atim, status.st_mtim]
        futimens(fd, &times)
        close(fd)
        let (data, outcome) = try SnapshotCache.load(path: path, directory: cache, minimumSize: 0)
        #expect(outcome == .written(SnapshotCache.path(of: path, in: cache)))
        let fresh = try DataSetLoader.load(path: path)
        #expect(SnapshotTests.dump(data) == SnapshotTests.dump(fresh))
        _ = directory
    }

    @Test func aDamagedOrForeignSnapshotIsRebuilt() throws {
        let (directory, path, cache) = try Self.setUp()
        let (_, other) = try SnapshotTests.load(
            SnapshotTests.json(students: 50, years: 3, seed: 2), in: directory, name: "other.json")
        _ = other
        let otherPath = directory.path + "/other.json"
        _ = try SnapshotCache.load(path: otherPath, directory: cache, minimumSize: 0)
        let snapshot = SnapshotCache.path(of: path, in: cache)
        // The other file's snapshot put where this one's belongs.
        #expect(rename(SnapshotCache.path(of: otherPath, in: cache), snapshot) == 0)
        let (data, outcome) = try SnapshotCache.load(path: path, directory: cache, minimumSize: 0)
        #expect(outcome == .written(snapshot))
        #expect(SnapshotTests.dump(data) == SnapshotTests.dump(try DataSetLoader.load(path: path)))
        // Zeros over part of it.
        let fd = open(snapshot, O_WRONLY)
        let zeros = [UInt8](repeating: 0, count: 512)
        _ = zeros.withUnsafeBytes { pwrite(fd, $0.baseAddress, 512, 4096) }
        close(fd)
        let (again, rebuilt) = try SnapshotCache.load(path: path, directory: cache, minimumSize: 0)
        #expect(rebuilt == .written(snapshot))
        #expect(SnapshotTests.dump(again) == SnapshotTests.dump(data))
    }

    @Test func aBrokenSourceIsTheLoadersErrorEvenWithASnapshot() throws {
        let (directory, path, cache) = try Self.setUp()
        defer { withExtendedLifetime(directory) {} }
        _ = try SnapshotCache.load(path: path, directory: cache, minimumSize: 0)
        try SecureFile.write(path: path, text: #"{"format": "tidlig/1", "asOf": 5}"#)
        #expect(throws: LoadError.self) {
            try SnapshotCache.load(path: path, directory: cache, minimumSize: 0)
        }
        // The stale snapshot is gone: no copy of last week's data stays behind.
        #expect(access(SnapshotCache.path(of: path, in: cache), F_OK) != 0)
    }
}
