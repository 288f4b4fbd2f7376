extension Parser {
    /// Which optional clauses a command's query takes.
    public struct Clauses: OptionSet, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        public static let order = Clauses(rawValue: 1)
        public static let limit = Clauses(rawValue: 2)
        public static let by = Clauses(rawValue: 4)
        public static let with = Clauses(rawValue: 8)
        public static let window = Clauses(rawValue: 16)
        /// `by A, B`: a second grouping, for a cross-tab.
        public static let crossTab = Clauses(rawValue: 32)
        public static let listing: Clauses = [.order, .limit, .with]
    }

    // query -> source [ 'where' expression ] [ 'by' expression [',' expression] ]
    //          [ 'order' 'by' key {',' key} ] [ 'limit' NUMBER ] [ 'with' expression {',' expression} ]
    //          [ 'as' 'of' DATE ]            (clauses in any order, each at most once)
    // source -> 'students' | NAME
    /// Parses a selection of students, starting at its source word; stops before any of `stopAt`
    /// (the words of the command that follow the selection, as `notify` has).
    public mutating func query(
        _ clauses: Clauses, defaultSource: Bool = false, stopAt: Set<String> = []
    ) throws(ParseFailure) -> Query {
        let first = try peek()
        var query: Query
        if first.isKeyword("students") || first.isKeyword("student") {
            try advance()
            query = Query(source: .students(first.span), span: first.span, statement: text)
        } else if first.kind == .identifier, !Parser.clauseWords.contains(first.text.lowercased()),
            !stopAt.contains(first.text.lowercased())
        {
            try advance()
            query = Query(source: .named(first.text, first.span), span: first.span, statement: text)
        } else if defaultSource {
            query = Query(
                source: .students(first.span),
                span: SourceSpan(start: first.span.start, end: first.span.start), statement: text)
        } else {
            throw unexpected(first, expected: "'students' or the name of a result made with 'let'")
        }
        try queryClauses(&query, clauses, stopAt: stopAt)
        return query
    }

    static let clauseWords: Set<String> = [
        "where", "by", "order", "limit", "with", "as", "window", "little",
    ]

    private mutating func queryClauses(
        _ query: inout Query, _ clauses: Clauses, stopAt: Set<String>
    ) throws(ParseFailure) {
        var seen: Set<String> = []
        while true {
            let token = try peek()
            if token.kind == .identifier, stopAt.contains(token.text.lowercased()) { return }
            guard token.kind == .identifier, Parser.clauseWords.contains(token.text.lowercased())
            else {
                if token.kind == .end { return }
                throw unexpected(token, expected: expectedClauses(clauses, seen: seen))
            }
            let word = token.text.lowercased()
            guard !seen.contains(word) else {
                throw .invalid(Diagnostic("'\(word)' given twice", at: token.span))
            }
            seen.insert(word)
            try advance()
            try clause(word, token, &query, clauses)
            query.span = query.span.union(SourceSpan(start: token.span.start, end: lexer.offset))
        }
    }

    private mutating func clause(
        _ word: String, _ token: Token, _ query: inout Query, _ clauses: Clauses
    ) throws(ParseFailure) {
        switch word {
        case "where":
            query.filter = try expression()
        case "by" where clauses.contains(.by):
            query.groupBy = try expression(.comparison)
            if clauses.contains(.crossTab), try acceptSymbol(",") != nil {
                query.crossBy = try expression(.comparison)
            }
        case "order" where clauses.contains(.order):
            try expect("by")
            repeat {
                let key = try expression(.comparison)
                let descending = try accept("desc") != nil
                if !descending { _ = try accept("asc") }
                query.order.append(OrderKey(expression: key, descending: descending))
            } while try acceptSymbol(",") != nil
        case "limit" where clauses.contains(.limit):
            let number = try advance()
            guard number.kind == .number, let value = Int(number.text), value >= 0 else {
                throw unexpected(number, expected: "a whole number after 'limit'")
            }
            query.limit = value
        case "with" where clauses.contains(.with):
            repeat {
                query.columns.append(try expression(.comparison))
            } while try acceptSymbol(",") != nil
        case "window" where clauses.contains(.window):
            let from = try date("a start date after 'window'")
            try expect("to")
            let to = try date("an end date after 'to'")
            guard from.0 <= to.0 else {
                throw .invalid(
                    Diagnostic("the window ends before it starts", at: from.1.union(to.1)))
            }
            query.window = (from.0, to.0, from.1.union(to.1))
        case "little" where clauses.contains(.window):
            let number = try advance()
            guard number.kind == .number, let value = Int(number.text), value >= 0 else {
                throw unexpected(number, expected: "a whole number of documents after 'little'")
            }
            query.little = value
        case "as":
            try expect("of")
            query.asOf = try date("a date after 'as of' (YYYY-MM-DD)")
        default:
            throw .invalid(
                Diagnostic(
                    "'\(word)' does not apply here", at: token.span,
                    note: "this command takes: \(expectedClauses(clauses, seen: []))"))
        }
    }

    // student-target -> ID [ 'as' 'of' DATE ]
    /// A student id and an optional `as of`, for the commands about one student.
    public mutating func studentTarget() throws(ParseFailure) -> (Token, (Day, SourceSpan)?) {
        let id = try word("a student id")
        return (id, try optionalAsOf())
    }

    // as-of -> [ 'as' 'of' DATE ]
    /// An optional `as of DATE`.
    public mutating func optionalAsOf() throws(ParseFailure) -> (Day, SourceSpan)? {
        guard try accept("as") != nil else { return nil }
        try expect("of")
        return try date("a date (YYYY-MM-DD)")
    }

    /// Reads a date literal.
    public mutating func date(_ expected: String) throws(ParseFailure) -> (Day, SourceSpan) {
        let token = try advance()
        guard token.kind == .date, let day = Day(token.text) else {
            throw unexpected(token, expected: expected)
        }
        return (day, token.span)
    }

    private func expectedClauses(_ clauses: Clauses, seen: Set<String>) -> String {
        var words = ["where"]
        if clauses.contains(.by) { words.append("by") }
        if clauses.contains(.order) { words.append("order by") }
        if clauses.contains(.limit) { words.append("limit") }
        if clauses.contains(.with) { words.append("with") }
        if clauses.contains(.window) { words += ["window", "little"] }
        words.append("as of")
        let open = words.filter { !seen.contains(String($0.split(separator: " ")[0])) }
        return open.map { "'\($0)'" }.joined(separator: ", ") + " or the end of the statement"
    }
}
