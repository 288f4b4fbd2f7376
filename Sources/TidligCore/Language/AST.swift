/// An expression over one student, as written in a `where`, `order by` or `with` clause.
public indirect enum Expression: Sendable {
    /// A literal: `15`, `"runni"`, `2025-01-31`, `true`.
    case literal(Value, SourceSpan)
    /// A field or a field function: `days`, `crossing(15)`, `recent(4 weeks)`.
    case field(name: String, arguments: [FieldArgument], span: SourceSpan)
    /// `not x`, `-x`.
    case unary(op: UnaryOperator, operand: Expression, span: SourceSpan)
    /// `a >= b`, `a and b`, `a + b`.
    case binary(op: BinaryOperator, lhs: Expression, rhs: Expression, span: SourceSpan)
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

    /// How deeply the expression nests: 1 for a literal or a field, one more for each
    /// operator above the deepest operand.
    public var depth: Int {
        switch self {
        case .literal: 1
        case .field(_, let arguments, _): 1 + (arguments.map(\.value.depth).max() ?? 0)
        case .unary(_, let operand, _), .isNull(let operand, _, _): 1 + operand.depth
        case .binary(_, let lhs, let rhs, _): 1 + max(lhs.depth, rhs.depth)
        case .membership(let lhs, let list, _, _, _):
            1 + max(lhs.depth, list.map(\.depth).max() ?? 0)
        }
    }

    /// The text of the expression as written, for column headings.
    public func text(in source: String) -> String {
        let bytes = Array(source.utf8)
        return String(decoding: bytes[span.start..<min(span.end, bytes.count)], as: UTF8.self)
    }
}

/// A prefix operator.
public enum UnaryOperator: String, Sendable, CustomStringConvertible {
    /// `not x`: true when `x` is not true.
    case not
    /// `-x`: the negated number.
    case negate = "-"

    /// The operator as written.
    public var description: String { rawValue }
}

/// An infix operator between two expressions; `Precedence.rules` spells and ranks them.
public enum BinaryOperator: String, Sendable, CaseIterable, CustomStringConvertible {
    case or, and
    case equal = "=", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">",
        greaterOrEqual = ">="
    case add = "+", subtract = "-", multiply = "*", divide = "/"

    /// The operator as written (the canonical spelling: `=` for `==`, `!=` for `<>`).
    public var description: String { rawValue }

    /// `and`, `or`: join conditions.
    public var isLogical: Bool { self == .and || self == .or }

    /// `= != < <= > >=`.
    public var isComparison: Bool {
        switch self {
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual: true
        default: false
        }
    }

    /// True when the comparison holds for `order`, the sign of `Value.compare(a, b)`.
    func holds(_ order: Int) -> Bool {
        switch self {
        case .equal: order == 0
        case .notEqual: order != 0
        case .less: order < 0
        case .lessOrEqual: order <= 0
        case .greater: order > 0
        default: order >= 0
        }
    }
}

/// A unit written after a number in a field's argument: `recent(10 days)`, `forecast(15, 4 weeks)`.
public enum TimeUnit: String, Sendable {
    /// `day`, `days`: days (whole days of absence, or school days, as the field counts).
    case days
    /// `week`, `weeks`: school weeks of 5 school days.
    case weeks

    /// The unit a word spells, singular or plural.
    public init?(word: String) {
        switch word.lowercased() {
        case "day", "days": self = .days
        case "week", "weeks": self = .weeks
        default: return nil
        }
    }
}

/// One argument of a field function as written: a value and the unit after it, if any.
public struct FieldArgument: Sendable {
    /// `10` in `recent(10 days)`, `ppt` (a string) in `involved(ppt)`.
    public var value: Expression
    /// `days` in `recent(10 days)`, with where it was written.
    public var unit: (TimeUnit, SourceSpan)?

    public init(_ value: Expression, unit: (TimeUnit, SourceSpan)? = nil) {
        self.value = value
        self.unit = unit
    }

    /// The value and its unit.
    public var span: SourceSpan { unit.map { value.span.union($0.1) } ?? value.span }
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
