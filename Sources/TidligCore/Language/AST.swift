/// An expression over one student, as written in a `where`, `order by` or `with` clause.
public indirect enum Expression: Sendable {
    /// A literal: `15`, `"runni"`, `2025-01-31`, `true`.
    case literal(Value, SourceSpan)
    /// A field or a field function: `days`, `crossing(15)`, `recent(4)`.
    case field(name: String, arguments: [Expression], span: SourceSpan)
    /// `not x`, `-x`.
    case unary(op: String, operand: Expression, span: SourceSpan)
    /// `a >= b`, `a and b`, `a + b`.
    case binary(op: String, lhs: Expression, rhs: Expression, span: SourceSpan)
    /// `stage in ("primary", "combined")`, `id not in risk`.
    case membership(Expression, list: [Expression], named: Token?, negated: Bool, span: SourceSpan)
    /// `crossing(10) is null`, `... is not null`.
    case isNull(Expression, negated: Bool, span: SourceSpan)

    /// Where the expression was written.
    public var span: SourceSpan {
        switch self {
        case .literal(_, let s), .field(_, _, let s), .unary(_, _, let s), .binary(_, _, _, let s),
             .membership(_, _, _, _, let s), .isNull(_, _, let s):
            s
        }
    }

    /// The text of the expression as written, for column headings.
    public func text(in source: String) -> String {
        let bytes = Array(source.utf8)
        return String(decoding: bytes[span.start..<min(span.end, bytes.count)], as: UTF8.self)
    }
}

/// Where a query's students come from.
public enum QuerySource: Sendable {
    /// Every student of the data set.
    case students(SourceSpan)
    /// A named result made with `let`.
    case named(String, SourceSpan)
}

/// One `order by` key.
public struct OrderKey: Sendable {
    public var expression: Expression
    public var descending: Bool
}

/// A selection of students: `students where days >= 15 order by days desc limit 10 as of 2025-01-31`.
public struct Query: Sendable {
    public var source: QuerySource
    public var filter: Expression?
    public var order: [OrderKey] = []
    public var limit: Int?
    /// `as of DATE`: the date every figure is computed at.
    public var asOf: (Day, SourceSpan)?
    /// `with a, b`: extra columns to show.
    public var columns: [Expression] = []
    /// `by FIELD`: a grouping, for the commands that group.
    public var groupBy: Expression?
    /// `by A, B`: the second grouping (the columns of a cross-tab).
    public var crossBy: Expression?
    /// `window FROM to TO`: the folder-audit window.
    public var window: (from: Day, to: Day, span: SourceSpan)?
    /// `little N`: the folder audit's limit for "little documentation".
    public var little: Int?
    /// The query's place in the statement.
    public var span: SourceSpan
    /// The whole statement's text, for column headings.
    public var statement: String

    public init(source: QuerySource, span: SourceSpan, statement: String) {
        self.source = source
        self.span = span
        self.statement = statement
    }

    /// The text of part of the statement, e.g. a `by` expression for a heading.
    public func text(of expression: Expression) -> String { expression.text(in: statement) }

    /// The query as written.
    public var text: String {
        let bytes = Array(statement.utf8)
        return String(decoding: bytes[span.start..<min(span.end, bytes.count)], as: UTF8.self)
    }
}
