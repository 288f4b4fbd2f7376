/// An expression checked and turned into a per-student function.
public struct CompiledExpression {
    /// The static type.
    public let type: ValueType
    /// Evaluates for one student row; fails only when arithmetic leaves the numbers
    /// (a whole number past ±9223372036854775807, a division that gives infinity).
    public let evaluate: (Int) throws(Diagnostic) -> Value

    public init(type: ValueType, evaluate: @escaping (Int) throws(Diagnostic) -> Value) {
        self.type = type
        self.evaluate = evaluate
    }
}

/// Checks types and compiles expressions against an `EvaluationContext`.
///
/// Every name, argument and type is checked before any student is looked at, so a
/// statement either runs whole or fails with a diagnostic and does nothing.
public struct Evaluator {
    public let context: EvaluationContext

    public init(context: EvaluationContext) { self.context = context }

    /// Compiles `expression`; throws a diagnostic pointing at the first problem.
    public func compile(_ expression: Expression) throws(Diagnostic) -> CompiledExpression {
        switch expression {
        case .literal(let value, _):
            return CompiledExpression(type: Evaluator.type(of: value)) { _ in value }
        case .field(let name, let arguments, let span):
            return try field(name, arguments, span)
        case .unary(let op, let operand, let span):
            return try unary(op, operand, span)
        case .binary(let op, let lhs, let rhs, let span):
            return try binary(op, lhs, rhs, span)
        case .membership(let lhs, let list, let named, let negated, _):
            return try membership(lhs, list, named, negated)
        case .isNull(let operand, let negated, _):
            let inner = try compile(operand).evaluate
            return CompiledExpression(type: .bool) { row throws(Diagnostic) in
                .bool((try inner(row) == .null) != negated)
            }
        }
    }

    /// Compiles a `where` condition, which must be true or false.
    public func condition(_ expression: Expression) throws(Diagnostic) -> (Int) throws(Diagnostic)
        -> Bool
    {
        let compiled = try compile(expression)
        guard compiled.type == .bool else {
            throw Diagnostic(
                "a condition must be true or false, this is \(article: compiled.type)",
                at: expression.span,
                note: "compare it, e.g. 'days >= 15'")
        }
        let evaluate = compiled.evaluate
        return { row throws(Diagnostic) in try evaluate(row).isTrue }
    }

    static func type(of value: Value) -> ValueType {
        switch value {
        case .int: .int
        case .number: .number
        case .string: .string
        case .date: .date
        case .bool: .bool
        case .null: .null
        }
    }

    private func field(_ name: String, _ arguments: [FieldArgument], _ span: SourceSpan)
        throws(Diagnostic) -> CompiledExpression
    {
        guard let definition = FieldCatalog.field(named: name) else {
            let names = FieldCatalog.all.map(\.name) + ["students"]
            throw Diagnostic(
                "unknown field '\(name)'", at: span,
                note: didYouMean(name, in: names) ?? "type 'fields' to list them")
        }
        guard arguments.count <= definition.parameters.count else {
            throw Diagnostic(
                "'\(name)' takes \(definition.parameters.isEmpty ? "no arguments" : "at most \(definition.parameters.count) argument(s)")",
                at: span, note: "write it as \(definition.signature)")
        }
        var resolved: [ArgumentValue] = []
        for (index, parameter) in definition.parameters.enumerated() {
            resolved.append(
                try argument(
                    parameter, index < arguments.count ? arguments[index] : nil, definition, span))
        }
        let read = definition.make(resolved, context)
        return CompiledExpression(type: definition.type) { row in read(row) }
    }

    /// Checks an argument against what the parameter takes, units included, and settles it.
    private func argument(
        _ parameter: FieldDefinition.Parameter, _ argument: FieldArgument?,
        _ definition: FieldDefinition, _ span: SourceSpan
    ) throws(Diagnostic) -> ArgumentValue {
        let unit = argument?.unit
        switch parameter {
        case .count(let label, let fallback):
            guard let argument else {
                switch fallback {
                case .value(let v): return .count(v)
                case .threshold: return .count(context.threshold)
                case .none:
                    throw Diagnostic(
                        "'\(definition.name)' needs \(label)", at: span,
                        note: "write it as \(definition.signature)")
                }
            }
            if let (unit, at) = unit, unit != .days {
                throw Diagnostic(
                    "'\(definition.name)' counts whole days of absence, not \(unit.rawValue)",
                    at: at,
                    note: "write it as \(definition.signature), e.g. \(definition.name)(15 days)")
            }
            return .count(try wholeNumber(argument.value, "a whole number of \(label) (1 or more)"))
        case .period(let weeks):
            guard let argument else { return .schoolDays(5 * weeks) }
            let number = try wholeNumber(argument.value, "a whole number of weeks (1 or more)")
            return .schoolDays(try schoolDays(number, unit?.0 ?? .weeks, at: argument.span))
        case .horizon:
            guard let argument else { return .horizon(.weeks(4)) }
            if case .literal(.date(let day), _) = argument.value {
                if let (_, at) = unit {
                    throw Diagnostic("a date takes no unit", at: at, note: "e.g. 2025-03-01")
                }
                return .horizon(.date(day))
            }
            guard case .literal(.int(let count), _) = argument.value, count >= 1 else {
                throw Diagnostic(
                    "expected a number of school weeks or a date", at: argument.value.span,
                    note: "e.g. 4 weeks, or 2025-03-01")
            }
            switch unit?.0 ?? .weeks {
            case .weeks: return .horizon(.weeks(count))
            case .days: return .horizon(.schoolDays(count))
            }
        case .service:
            let ids = context.data.services.map(\.id)
            guard let argument else {
                throw Diagnostic(
                    "'\(definition.name)' needs a service", at: span,
                    note: "one of: \(ids.joined(separator: ", "))")
            }
            if let (unit, at) = unit {
                throw Diagnostic(
                    "a service takes no unit ('\(unit.rawValue)')", at: at,
                    note: "write it as \(definition.signature)")
            }
            guard case .literal(.string(let id), let at) = argument.value else {
                throw Diagnostic(
                    "expected a service id", at: argument.value.span,
                    note: "one of: \(ids.joined(separator: ", "))")
            }
            guard let index = context.data.serviceIndex(named: id) else {
                throw Diagnostic(
                    "unknown service '\(id)'", at: at,
                    note: didYouMean(id, in: ids) ?? "services: \(ids.joined(separator: ", "))")
            }
            return .service(index)
        }
    }

    private func wholeNumber(_ expression: Expression, _ expected: String) throws(Diagnostic) -> Int
    {
        guard case .literal(.int(let value), _) = expression, value >= 1 else {
            throw Diagnostic("expected \(expected)", at: expression.span)
        }
        return value
    }

    /// School days in `count` of `unit`; weeks have 5.
    private func schoolDays(_ count: Int, _ unit: TimeUnit, at span: SourceSpan) throws(Diagnostic)
        -> Int
    {
        switch unit {
        case .days: return count
        case .weeks:
            let (days, overflow) = count.multipliedReportingOverflow(by: 5)
            guard !overflow else {
                throw Diagnostic(
                    "\(count) school weeks is too many to count in school days", at: span,
                    note: "a school year has about 38 school weeks")
            }
            return days
        }
    }

    private func unary(_ op: UnaryOperator, _ operand: Expression, _ span: SourceSpan)
        throws(Diagnostic) -> CompiledExpression
    {
        let inner = try compile(operand)
        let value = inner.evaluate
        switch op {
        case .not:
            guard inner.type == .bool else {
                throw Diagnostic(
                    "'not' needs a condition, this is \(article: inner.type)", at: operand.span)
            }
            return CompiledExpression(type: .bool) { row throws(Diagnostic) in
                .bool(!(try value(row)).isTrue)
            }
        case .negate:
            guard inner.type.isNumeric else {
                throw Diagnostic(
                    "'-' needs a number, this is \(article: inner.type)", at: operand.span)
            }
            let overflow = overflowDiagnostic(span)
            return CompiledExpression(type: inner.type) { row throws(Diagnostic) in
                switch try value(row) {
                case .int(let v):
                    let (negated, overflowed) = Int(0).subtractingReportingOverflow(v)
                    if overflowed { throw overflow(row) }
                    return .int(negated)
                case .number(let v): return .number(-v)
                default: return .null
                }
            }
        }
    }
}
