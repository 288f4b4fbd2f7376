import Foundation
import Testing
import TidligTestSupport

@testable import TidligCore

/// What the loader does with files that are not quiet regular files: devices, pipes without a
/// writer or without an end, files that shrink while they load.
@Suite struct LoaderFileTests {
    let home = TemporaryDirectory(prefix: "tidlig-loaderfile")

    private func ioError(_ body: () throws(LoadError) -> DataSet) -> LoadError? {
        do {
            _ = try body()
            return nil
        } catch {
            return error
        }
    }

    @Test func aDeviceIsRefusedNotReadWithoutEnd() throws {
        let error = try #require(
            ioError { () throws(LoadError) in try DataSetLoader.load(path: "/dev/zero") })
        #expect(error.isIOError)
        #expect(
            error.description
                == "error: cannot read /dev/zero: a character device, not a regular file or a pipe; tidlig reads only those"
        )
    }

    @Test func aDirectoryIsRefused() throws {
        let error = try #require(
            ioError { () throws(LoadError) in try DataSetLoader.load(path: home.path) })
        #expect(error.isIOError && error.message == "Is a directory")
    }

    @Test func aNamedPipeWithoutAWriterGivesUp() throws {
        let fifo = home.path + "/nobody.fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        let started = Date()
        let error = try #require(
            ioError { () throws(LoadError) in
                try DataSetLoader.load(
                    path: fifo, streamLimit: 1 << 20, writerWait: 0.3, afterMapping: {})
            })
        #expect(error.isIOError)
        #expect(error.message == "nothing opened the named pipe for writing within 0 s")
        #expect(Date().timeIntervalSince(started) < 5)
    }

    @Test func aPipeIsReadUpToItsLimit() throws {
        let fifo = home.path + "/big.fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        // Less than a pipe's buffer, so the writer never blocks on a reader that stopped.
        let text = "{" + String(repeating: " ", count: 40_000) + "}"
        let writer = Thread {
            let handle = FileHandle(forWritingAtPath: fifo)
            handle?.write(Data(text.utf8))
            try? handle?.close()
        }
        writer.start()
        let error = try #require(
            ioError { () throws(LoadError) in
                try DataSetLoader.load(
                    path: fifo, streamLimit: 10_000, writerWait: 10, afterMapping: {})
            })
        #expect(error.isIOError)
        #expect(error.message == "more than 10000 bytes from a pipe; save it to a file to load it")
    }

    @Test func aFileThatShrinksWhileItLoadsIsAnIOErrorNotSIGBUS() throws {
        // 200 KB of spaces inside the students array, cut at a page boundary: the first page
        // stays whole, the parse walks on into the next one, which is gone under the mapping.
        let padded = LoaderSample.text.replacingOccurrences(
            of: "\"students\": [", with: "\"students\": [" + String(repeating: " ", count: 200_000))
        let path = home.path + "/shrinks.json"
        try padded.write(toFile: path, atomically: false, encoding: .utf8)
        let error = try #require(
            ioError { () throws(LoadError) in
                try DataSetLoader.load(path: path, streamLimit: 1 << 20, writerWait: 0) {
                    truncate(path, Int(sysconf(Int32(_SC_PAGESIZE))))
                }
            })
        #expect(error.isIOError)
        #expect(
            error.message == "the file shrank while it was read; load it again once it is complete")
        // The guard is per mapping: the same file loads once it is whole again.
        try padded.write(toFile: path, atomically: false, encoding: .utf8)
        #expect(try DataSetLoader.load(path: path).students.ids == ["S1"])
    }

    @Test func boundedNumbersFormatWithoutTrapping() {
        #expect(formatDecimal(1e39, places: 1) == "1e+39")
        #expect(formatDecimal(-1e19, places: 0) == "-1e+19")
        #expect(formatDecimal(11.65, places: 1) == "11.7")
    }

    @Test func aVisitIntervalBeyondIntDoesNotTrap() throws {
        var text = LoaderSample.text.replacingOccurrences(
            of: "\"students\": [",
            with:
                "\"services\": [{\"id\": \"ppt\", \"name\": \"PPT\", \"visitEveryDays\": 999999999999999999}],\n"
                + "  \"students\": [")
        text = text.replacingOccurrences(
            of: "[{\"id\": \"nes-us\", \"name\": \"A\"}]",
            with: "[{\"id\": \"nes-us\", \"name\": \"A\"}, {\"id\": \"b\", \"name\": \"B\"}]")
        let data = try DataSetLoader.load(bytes: Array(text.utf8), source: "<sample>")
        #expect(data.services[0].visitEveryDays == 999_999_999_999_999_999)
        // School 0 is visited on the first school day (Monday 2024-08-19) and never again; school 1's
        // first visit (1e18 / 2 days in) is past the year.
        #expect(
            VisitSchedule(data: data, everyDays: [Int.max, Int.max]).visits(school: 0) == [
                Day("2024-08-19")!
            ])
        #expect(
            VisitSchedule(
                data: data, everyDays: [999_999_999_999_999_999, 999_999_999_999_999_999]
            ).visits(school: 1).isEmpty)
        #expect(VisitSchedule(data: data, everyDays: [Int.max, Int.max]).visits(school: 1).isEmpty)
    }
}
