import Glibc
import Synchronization

extension PseudoTerminal {
    /// `POSIX_SPAWN_SETSID` from glibc's <spawn.h> (2.26+), which Swift's Glibc module does not
    /// import because it sits behind `_GNU_SOURCE`.
    private static let spawnSetSID: Int32 = 0x80

    /// Serialises open-pty-then-spawn, so one test's pty descriptors are marked close-on-exec
    /// before another test's child can inherit them.
    private static let spawnLock = Mutex(())

    /// Opens a pty and starts the program on it with `posix_spawn` (no Swift code runs in the child).
    ///
    /// The child becomes a session leader (`POSIX_SPAWN_SETSID`), then opens the slave by name as
    /// its standard input, which also makes it the controlling terminal, so Ctrl-C sends SIGINT.
    static func spawn(
        executable: String, arguments: [String], environment: [String: String],
        columns: UInt16, rows: UInt16
    ) throws(PseudoTerminalError) -> (pid_t, Int32, String) {
        var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        var master: Int32 = -1, slave: Int32 = -1
        var name = [CChar](repeating: 0, count: 4096)
        let argv = [executable] + arguments
        let envp = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }

        let result: Result<pid_t, PseudoTerminalError> = spawnLock.withLock { _ in
            guard openpty(&master, &slave, &name, nil, &size) == 0 else {
                return .failure(.spawnFailed(executable: executable, errno: errno))
            }
            _ = fcntl(master, F_SETFD, FD_CLOEXEC)
            _ = fcntl(slave, F_SETFD, FD_CLOEXEC)
            defer { close(slave) }  // the child opens its own; keeping ours would hide its exit

            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 0, name, O_RDWR, 0)
            posix_spawn_file_actions_adddup2(&actions, 0, 1)
            posix_spawn_file_actions_adddup2(&actions, 0, 2)

            var attributes = posix_spawnattr_t()
            posix_spawnattr_init(&attributes)
            defer { posix_spawnattr_destroy(&attributes) }
            var noSignals = sigset_t(), defaults = sigset_t()
            sigemptyset(&noSignals)
            sigemptyset(&defaults)
            for signal in [SIGINT, SIGQUIT, SIGPIPE, SIGTERM, SIGTSTP, SIGTTIN, SIGTTOU, SIGCHLD] {
                sigaddset(&defaults, signal)
            }
            posix_spawnattr_setsigmask(&attributes, &noSignals)
            posix_spawnattr_setsigdefault(&attributes, &defaults)
            posix_spawnattr_setflags(
                &attributes, Int16(spawnSetSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

            var pid: pid_t = 0
            let code = withCStrings(argv) { cArgv in
                withCStrings(envp) { cEnvp in
                    posix_spawn(&pid, executable, &actions, &attributes, cArgv, cEnvp)
                }
            }
            guard code == 0 else {
                close(master)
                return .failure(.spawnFailed(executable: executable, errno: code))
            }
            return .success(pid)
        }
        let pid = try result.get()
        _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)
        return (pid, master, name.withUnsafeBufferPointer { String(cString: $0.baseAddress!) })
    }

    /// Calls `body` with a NULL-terminated C array of `strings`, valid only inside `body`.
    private static func withCStrings<R>(
        _ strings: [String],
        _ body: ([UnsafeMutablePointer<CChar>?]) -> R
    ) -> R {
        let pointers = strings.map { strdup($0) } + [nil]
        defer { pointers.forEach { free($0) } }
        return body(pointers)
    }

    /// Where SwiftPM put the executable product `name` of this package: next to the test bundle
    /// (the directory of `CommandLine.arguments[0]`), else `.build/debug` found from `filePath`.
    public static func builtProduct(named name: String, filePath: String = #filePath) -> String? {
        var directories: [String] = []
        if let runner = CommandLine.arguments.first, let slash = runner.lastIndex(of: "/") {
            directories.append(String(runner[..<slash]))
            // macOS runs X.xctest/Contents/MacOS/X; the products sit beside X.xctest.
            let parts = runner.split(separator: "/", omittingEmptySubsequences: false)
            if let bundle = parts.firstIndex(where: { $0.hasSuffix(".xctest") }) {
                directories.append(parts[..<bundle].joined(separator: "/"))
            }
        }
        var folder = filePath
        while let slash = folder.lastIndex(of: "/"), slash != folder.startIndex {
            folder = String(folder[..<slash])
            if access(folder + "/Package.swift", F_OK) == 0 {
                directories.append(folder + "/.build/debug")
                break
            }
        }
        return directories.map { $0 + "/" + name }.first { access($0, X_OK) == 0 }
    }
}
