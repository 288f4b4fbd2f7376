/// A value in the tidlig language: a field of a student, a literal, a cell of a result.
public enum Value: Sendable, Equatable {
    case int(Int)
    case number(Double)
    case string(String)
    case date(Day)
    case bool(Bool)
    /// No value: a threshold not crossed, a service not involved.
    case null

    /// The value as a Double, for ints and numbers.
    @inlinable public var double: Double? {
        switch self {
        case .int(let v): Double(v)
        case .number(let v): v
        default: nil
        }
    }

    /// True only for `.bool(true)`; null and everything else are false in a `where`.
    @inlinable public var isTrue: Bool { if case .bool(true) = self { true } else { false } }

    /// Orders values of the same type; nil sorts last.
    public static func compare(_ a: Value, _ b: Value) -> Int? {
        switch (a, b) {
        case (.int(let x), .int(let y)): x < y ? -1 : (x > y ? 1 : 0)
        case (.date(let x), .date(let y)): x < y ? -1 : (x > y ? 1 : 0)
        case (.string(let x), .string(let y)): x < y ? -1 : (x > y ? 1 : 0)
        case (.bool(let x), .bool(let y)): x == y ? 0 : (!x ? -1 : 1)
        default:
            if let x = a.double, let y = b.double { x < y ? -1 : (x > y ? 1 : 0) } else { nil }
        }
    }
}

/// The static type of an expression, checked before anything runs.
public enum ValueType: String, Sendable, Equatable {
    case int = "integer", number, string, date, bool = "boolean", null

    var isNumeric: Bool { self == .int || self == .number }

    /// True when values of the two types can be compared with `<` or `=`.
    func comparable(with other: ValueType) -> Bool {
        self == other || (isNumeric && other.isNumeric) || self == .null || other == .null
    }
}

extension String.StringInterpolation {
    /// "a date", "an integer": a type with its article, for messages.
    mutating func appendInterpolation(article type: ValueType) {
        let name = type.rawValue
        appendLiteral(("aeiou".contains(name.first!) ? "an " : "a ") + name)
    }
}
