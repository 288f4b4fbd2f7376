/// `run FILE` (or `source FILE`): the statements of a script, inside the shell.
public struct RunCommand: Command {
    public static let name = "run"
    public static let aliases = ["source"]
    public static let summary = "run the statements of a script file"
    public static let usage = "run FILE"
    public static let details = """
        Runs the file's statements in order, as 'tidlig run FILE' does, in this session (its
        data, settings and named results stay). Stops at the first error, shown as FILE:LINE:COL;
        paths in the script resolve against its folder.

        Example:
          run weekly.tidlig
        """

    /// How deep scripts may run scripts (a script that runs itself stops here).
    static let depthLimit = 16

    public var path: Token

    public static func parse(_ parser: inout Parser, keyword: Token) throws(ParseFailure)
        -> RunCommand
    {
        RunCommand(path: try parser.word("a script file"))
    }

    public static func complete(_ request: CompletionRequest) -> [String]? {
        request.arguments.isEmpty ? request.paths : []
    }

    public func run(in session: Session) throws {
        guard session.scriptDepth < RunCommand.depthLimit else {
            throw Diagnostic(
                "scripts run each other more than \(RunCommand.depthLimit) deep", at: path.span,
                note: "does a script run itself?")
        }
        let file = ResultFile.path(path.text, base: session.baseDirectory)
        let text: String
        do { text = try readText(path: file) } catch {
            throw SessionError.io("cannot read \(path.text): \(error.message)")
        }
        let saved = session.baseDirectory
        let folder = file.contains("/") ? String(file[..<file.lastIndex(of: "/")!]) : saved
        session.baseDirectory = folder.map { $0.isEmpty ? "/" : $0 }
        session.scriptDepth += 1
        defer { session.scriptDepth -= 1; session.baseDirectory = saved }
        let status = session.runStatements(text, name: path.text, keepGoing: false)
        // The script's own errors are already shown, located in it; fail with its status.
        if status != ExitStatus.ok { throw SessionError.reported(status) }
    }
}
