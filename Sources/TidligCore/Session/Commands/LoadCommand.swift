/// `load FILE`: replaces the data set with a `tidlig/1` file; on failure the old data stays.
public struct LoadCommand: Command {
    public static let name = "load"
    public static let summary = "load a tidlig/1 JSON file, replacing the data"
    public static let usage = "load FILE"
    public static let details = """
        Reads the file (never writes to it). A file that is not JSON or breaks the format is
        refused with its line, column and JSON path, and the data loaded before stays.
        Data-quality problems are counted; 'problems' lists them. Names made with 'let' are forgotten.

        Example:
          load exports/week-47.json
        """

    public var path: Token

    public static func parse(_ parser: inout Parser, keyword: Token) throws(ParseFailure)
        -> LoadCommand
    {
        LoadCommand(path: try parser.word("a file to load"))
    }

    public static func complete(_ request: CompletionRequest) -> [String]? {
        request.arguments.isEmpty ? request.paths : []
    }

    public func run(in session: Session) throws {
        let file = FilePaths.resolve(path.text, against: session.baseDirectory)
        do {
            var data = try session.loadFile(file)
            data.source = path.text
            session.replaceData(data)
            session.output.writeError(session.loadSummary() + "\n")
        } catch  where error.isCancelled {
            throw CancelledError()  // Ctrl-C: nothing loaded, the data in use stays
        } catch {
            var error = error
            error.source = path.text  // as typed, not as resolved
            throw SessionError.load(error)
        }
    }
}
