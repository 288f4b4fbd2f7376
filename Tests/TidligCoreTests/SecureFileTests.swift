import Foundation
import Testing
import TidligCore
import TidligTestSupport

/// The one writer every file tidlig writes goes through: regular files and new paths only.
@Suite struct SecureFileTests {
    let home = TemporaryDirectory(prefix: "tidlig-securefile")

    private func mode(_ path: String) -> mode_t {
        var status = stat()
        return lstat(path, &status) == 0 ? status.st_mode : 0
    }

    private func refusal(_ path: String) -> String? {
        do {
            try SecureFile.write(path: path, text: "x")
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func aNewPathAndARegularFileAreWrittenWithMode0600() throws {
        let path = home.path + "/report.md"
        try SecureFile.write(path: path, text: "one")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "one")
        #expect(mode(path) & 0o777 == 0o600)
        chmod(path, 0o644)
        try SecureFile.write(path: path, text: "two")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "two")
        #expect(mode(path) & 0o777 == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: home.path) == ["report.md"])
    }

    @Test func aDeviceIsRefusedAndStaysADevice() {
        #expect(
            refusal("/dev/null")
                == "cannot write /dev/null: it is a character device, not a regular file; "
                + "tidlig writes only regular files or new paths")
        #expect(mode("/dev/null") & S_IFMT == S_IFCHR)
    }

    @Test func aDirectoryAndANamedPipeAreRefused() {
        #expect(
            refusal(home.path)?.hasSuffix(
                "it is a directory, not a regular file; tidlig writes only regular files or new paths"
            ) == true)
        let fifo = home.path + "/out.fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(refusal(fifo)?.contains("it is a named pipe, not a regular file") == true)
        #expect(mode(fifo) & S_IFMT == S_IFIFO)
    }

    @Test func linksAreFollowedOnlyToRegularFiles() throws {
        let fifo = home.path + "/p.fifo", toFifo = home.path + "/to-fifo",
            dangling = home.path + "/dangling"
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(symlink(fifo, toFifo) == 0 && symlink(home.path + "/missing", dangling) == 0)
        #expect(refusal(toFifo)?.contains("it is a symbolic link to a named pipe") == true)
        #expect(refusal(dangling)?.contains("it is a symbolic link to nothing") == true)
        #expect(!FileManager.default.fileExists(atPath: home.path + "/missing"))

        let real = home.path + "/real.csv", link = home.path + "/latest.csv"
        try "old".write(toFile: real, atomically: false, encoding: .utf8)
        #expect(symlink(real, link) == 0)
        try SecureFile.write(path: link, text: "new")
        #expect(mode(link) & S_IFMT == S_IFLNK)  // the link stays a link
        #expect(try String(contentsOfFile: real, encoding: .utf8) == "new")
    }

    @Test func aFailedProducerLeavesTheTargetAndNoTemporary() throws {
        let path = home.path + "/kept.txt"
        try SecureFile.write(path: path, text: "kept")
        struct Stop: Error {}
        #expect(throws: Stop.self) { try SecureFile.write(path: path) { _ in throw Stop() } }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "kept")
        #expect(try FileManager.default.contentsOfDirectory(atPath: home.path) == ["kept.txt"])
    }
}
