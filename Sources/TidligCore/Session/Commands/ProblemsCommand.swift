/// `problems`: the data-quality problems found at load, with student id and JSON path.
public struct ProblemsCommand: Command {
    public static let name = "problems"
    public static let summary = "list data-quality problems found at load"
    public static let usage = "problems [KIND] [limit N]"
    public static let details = """
        Kinds: weekend-record, non-school-day-record, duplicate-date, hours-above-day,
        after-as-of, unknown-service. The data is kept and counted as it is; these are the
        records a school should correct. Shows the first 100 unless 'limit' says otherwise
        (limit 0: all).

        Examples:
          problems
          problems weekend-record
          problems limit 0
        """

    public var kind: DataProblem.Kind?
    public var limit = 100

    public static func parse(_ parser: inout Parser, keyword: Token) throws(ParseFailure)
        -> ProblemsCommand
    {
        var command = ProblemsCommand()
        if !parser.atEnd, try !parser.peek().isKeyword("limit") {
            let word = try parser.word("a kind of problem")
            let kinds = DataProblem.Kind.allCases.map(\.rawValue)
            guard let kind = DataProblem.Kind(rawValue: word.text) else {
                throw .invalid(
                    Diagnostic(
                        "unknown kind of problem '\(word.text)'", at: word.span,
                        note: didYouMean(word.text, in: kinds)
                            ?? "kinds: \(kinds.joined(separator: ", "))"))
            }
            command.kind = kind
        }
        if try parser.accept("limit") != nil {
            let number = try parser.advance()
            guard number.kind == .number, let value = Int(number.text), value >= 0 else {
                throw parser.unexpected(number, expected: "a whole number after 'limit'")
            }
            command.limit = value
        }
        return command
    }

    public static func complete(_ request: CompletionRequest) -> [String]? {
        request.arguments.isEmpty ? DataProblem.Kind.allCases.map(\.rawValue) : ["limit"]
    }

    public func run(in session: Session) throws {
        let data = try session.requireData(nil)
        let problems = data.problems.filter { kind == nil || $0.kind == kind }
        let shown = limit == 0 ? problems[...] : problems.prefix(limit)
        var notes = ["\(problems.count) problem\(problems.count == 1 ? "" : "s")"]
        if shown.count < problems.count {
            notes[0] += "; showing the first \(shown.count) ('problems limit 0' for all)"
        }
        session.emit(
            ResultTable(
                columns: [.init("kind"), .init("student"), .init("path"), .init("detail")],
                rows: shown.map {
                    [
                        .string($0.kind.rawValue), .string($0.studentID), .string($0.path),
                        .string($0.detail),
                    ]
                },
                notes: notes))
    }
}
