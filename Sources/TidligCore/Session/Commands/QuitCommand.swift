/// `quit`: leaves the shell (Ctrl-D does the same).
public struct QuitCommand: Command {
    public static let name = "quit"
    public static let aliases = ["exit"]
    public static let summary = "leave the shell (or press Ctrl-D)"
    public static let usage = "quit"
    public static let details = "Leaves the shell; history is already saved after every statement."

    public static func parse(_ parser: inout Parser, keyword: Token) throws(ParseFailure)
        -> QuitCommand
    { QuitCommand() }

    public func run(in session: Session) throws { session.quitRequested = true }
}
