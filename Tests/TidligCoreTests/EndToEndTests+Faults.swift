import Foundation
import Testing
import TidligTestSupport

/// Faults an unattended weekly run meets, through the built binary: exit codes and messages.
extension EndToEndTests {
    @Test func nullWhereAnObjectIsExpectedExits65WithItsPlace() throws {
        let file = try script("null.json", "null")
        let result = try run([file, "-c", "schools"])
        #expect(result.status == 65)
        #expect(result.stderr == "\(file):1:1: error: expected an object, found null (at $)\n")
    }

    @Test func aStatementStartingWithAMinusReachesTheShell() throws {
        let result = try run([hand, "-c", "-1 + days"])
        // the shell's parse error, not the argument parser's usage (64)
        #expect(result.status == 65)
        #expect(result.stderr.contains("^"))
        #expect(!result.stderr.contains("Usage:"))
    }

    @Test func writingOverADeviceOrANamedPipeExits74() throws {
        let report = try run([hand, "-c", "report /dev/null"])
        #expect(report.status == 74)
        #expect(
            report.stderr.contains(
                "cannot write /dev/null: it is a character device, not a regular file"))
        let fifo = home.path + "/export.fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        let export = try run([
            hand, "--ledger", home.path + "/ledger.sqlite", "-c", "notifications export \(fifo)",
        ])
        #expect(export.status == 74)
        #expect(export.stderr.contains("it is a named pipe, not a regular file"))
    }

    @Test func aDeviceAsDataOrScriptExits74() throws {
        let data = try run(["/dev/zero", "-c", "schools"])
        #expect(data.status == 74)
        #expect(
            data.stderr
                == "error: cannot read /dev/zero: a character device, not a regular file or a pipe; tidlig reads only those\n"
        )
        let script = try run(["run", "/dev/zero", "--data", hand])
        #expect(script.status == 74)
    }
}
