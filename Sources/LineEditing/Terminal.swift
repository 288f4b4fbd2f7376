import Glibc

/// Facts about the terminal the shell runs in: is it interactive, may it use colour, where history lives.
public enum Terminal {
    /// True when `fd` is a terminal (then the shell uses `EditLineReader` and prompts).
    public static func isInteractive(_ fd: Int32) -> Bool {
        isatty(fd) == 1
    }

    /// The window size of the terminal on `fd` (columns, rows), or nil for a pipe or a file.
    public static func size(fd: Int32) -> (columns: Int, rows: Int)? {
        guard isatty(fd) == 1 else { return nil }
        var size = winsize()
        guard ioctl(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return (Int(size.ws_col), Int(size.ws_row))
    }

    /// True when output on `fd` may be coloured: a terminal, no `NO_COLOR`, and `TERM` not `dumb`.
    ///
    /// See <https://no-color.org>: any non-empty `NO_COLOR` turns colour off.
    public static func colorEnabled(fd: Int32) -> Bool {
        if let noColor = environment("NO_COLOR"), !noColor.isEmpty { return false }
        if environment("TERM") == "dumb" { return false }
        return isInteractive(fd)
    }

    /// Where the history file lives: `$TIDLIG_HISTORY`, else `$XDG_STATE_HOME/tidlig/history`,
    /// else `~/.local/state/tidlig/history`.
    public static func defaultHistoryPath() -> String {
        if let path = environment("TIDLIG_HISTORY"), !path.isEmpty { return path }
        if let state = environment("XDG_STATE_HOME"), state.hasPrefix("/") {
            return state + "/tidlig/history"
        }
        return homeDirectory() + "/.local/state/tidlig/history"
    }

    private static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    private static func homeDirectory() -> String {
        if let home = environment("HOME"), !home.isEmpty { return home }
        if let entry = getpwuid(getuid()), let dir = entry.pointee.pw_dir {
            return String(cString: dir)
        }
        return "."
    }
}
