#if canImport(Glibc)
    import Glibc
#endif

/// `open [FILE]`: shows a written result in the desktop's own program (a spreadsheet for
/// `.csv`), like double-clicking it; without FILE, the last file `... into FILE` wrote.
public struct OpenCommand: Command {
    public static let name = "open"
    public static let summary = "open a written file (the last 'into FILE' result) on the desktop"
    public static let usage = "open [FILE]"
    public static let details = """
        Opens FILE, or the last file an 'into FILE' wrote in this session, with the desktop's
        program for it (xdg-open: a spreadsheet for .csv, a browser for .html). Where there is no
        desktop (no DISPLAY or WAYLAND_DISPLAY, or no xdg-open on the PATH, as over ssh or in
        cron) it says so and where the file is, and opens nothing.

        Example:
          students where days >= 15 into risk.csv
          open
        """

    public var path: Token?

    public static func parse(_ parser: inout Parser, keyword: Token) throws(ParseFailure)
        -> OpenCommand
    {
        OpenCommand(path: parser.atEnd ? nil : try parser.word("a file to open"))
    }

    public static func complete(_ request: CompletionRequest) -> [String]? {
        request.arguments.isEmpty ? request.paths : []
    }

    public func run(in session: Session) throws {
        let file: String
        if let path {
            file = ResultFile.path(path.text, base: session.baseDirectory)
        } else if let last = session.lastWrittenFile {
            file = last
        } else {
            throw SessionError.io(
                "nothing to open: no file written in this session; name one (open FILE), "
                    + "or write one first (... into risk.csv)")
        }
        var info = stat()
        guard stat(file, &info) == 0 else {
            throw SessionError.io("cannot open \(file): no such file")
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw SessionError.io("cannot open \(file): not a regular file")
        }
        guard let opener = OpenCommand.desktopOpener() else {
            throw SessionError.io(
                "no desktop to open \(file) on (needs DISPLAY or WAYLAND_DISPLAY and "
                    + "xdg-open on the PATH); the file is there to copy or open yourself")
        }
        let status = OpenCommand.spawn(opener, file)
        guard status == 0 else {
            throw SessionError.io("\(opener) could not open \(file) (status \(status))")
        }
        session.output.writeError("opened \(file)\n")
    }

    /// `xdg-open` on the PATH when a graphical session is there; nil otherwise.
    static func desktopOpener() -> String? {
        func set(_ name: String) -> Bool { getenv(name).map { $0.pointee != 0 } ?? false }
        guard set("DISPLAY") || set("WAYLAND_DISPLAY") else { return nil }
        guard let path = getenv("PATH").map({ String(cString: $0) }) else { return nil }
        for folder in path.split(separator: ":") where !folder.isEmpty {
            let candidate = String(folder) + "/xdg-open"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    /// Runs `program file` with the session's standard streams and waits for it (xdg-open hands
    /// the file to the desktop and returns); returns its exit status, or -1 if it did not start.
    static func spawn(_ program: String, _ file: String) -> Int32 {
        var pid = pid_t()
        let arguments: [UnsafeMutablePointer<CChar>?] = [strdup(program), strdup(file), nil]
        defer { arguments.forEach { free($0) } }
        guard posix_spawn(&pid, program, nil, nil, arguments, environ) == 0 else { return -1 }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        return (status & 0x7F) == 0 ? (status >> 8) & 0xFF : -1
    }
}
