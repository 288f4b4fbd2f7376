/// An expression checked and turned into a per-student function.
public struct CompiledExpression {
    /// The static type.
    public let type: ValueType
    /// Evaluates for one student row.
    public let evaluate: (Int) -> Value
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
        case .unary(let op, let operand, _):
            return try unary(op, operand)
        case .binary(let op, let lhs, let rhs, let span):
            return try binary(op, lhs, rhs, span)
        case .membership(let lhs, let list, let named, let negated, _):
            return try membership(lhs, list, named, negated)
        case .isNull(let operand, let negated, _):
            let inner = try compile(operand)
            return CompiledExpression(type: .bool) { row in .bool((inner.evaluate(row) == .null) != negated) }
        }
    }

    /// Compiles a `where` condition, which must be true or false.
    public func condition(_ expression: Expression) throws(Diagnostic) -> (Int) -> Bool {
        let compiled = try compile(expression)
        guard compiled.type == .bool else {
            throw Diagnostic("a condition must be true or false, this is \(article: compiled.type)", at: expression.span,
                             note: "compare it, e.g. 'days >= 15'")
        }
        let evaluate = compiled.evaluate
        return { evaluate($0).isTrue }
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

    private func field(_ name: String, _ arguments: [Expression], _ span: SourceSpan) throws(Diagnostic) -> CompiledExpression {
        guard let definition = FieldCatalog.field(named: name) else {
            let names = FieldCatalog.all.map(\.name) + ["students"]
            throw Diagnostic("unknown field '\(name)'", at: span,
                             note: didYouMean(name, in: names) ?? "type 'fields' to list them")
        }
        guard arguments.count <= definition.parameters.count else {
            throw Diagnostic("'\(name)' takes \(definition.parameters.isEmpty ? "no arguments" : "at most \(definition.parameters.count) argument(s)")",
                             at: span, note: "write it as \(definition.signature)")
        }
        var resolved: [Int] = []
        for (index, parameter) in definition.parameters.enumerated() {
            resolved.append(try argument(parameter, index < arguments.count ? arguments[index] : nil, definition, span))
        }
        return CompiledExpression(type: definition.type, evaluate: definition.make(resolved, context))
    }

    private func argument(_ parameter: FieldDefinition.Parameter, _ expression: Expression?,
                          _ definition: FieldDefinition, _ span: SourceSpan) throws(Diagnostic) -> Int {
        switch parameter {
        case .count(let label, let fallback):
            guard let expression else {
                switch fallback {
                case .value(let v): return v
                case .threshold: return context.threshold
                case .none: throw Diagnostic("'\(definition.name)' needs \(label)", at: span, note: "write it as \(definition.signature)")
                }
            }
            guard case .literal(.int(let value), _) = expression, value >= 1 else {
                throw Diagnostic("expected a whole number of \(label) (1 or more)", at: expression.span)
            }
            return value
        case .horizon:
            guard let expression else { return Forecast.Horizon.weeks(4).packed }
            switch expression {
            case .literal(.int(let weeks), _) where weeks >= 1: return Forecast.Horizon.weeks(weeks).packed
            case .literal(.date(let day), _): return Forecast.Horizon.date(day).packed
            default: throw Diagnostic("expected a number of school weeks or a date", at: expression.span, note: "e.g. 4 weeks, or 2025-03-01")
            }
        case .service:
            let ids = context.data.services.map(\.id)
            guard let expression else {
                throw Diagnostic("'\(definition.name)' needs a service", at: span, note: "one of: \(ids.joined(separator: ", "))")
            }
            guard case .literal(.string(let id), let at) = expression else {
                throw Diagnostic("expected a service id", at: expression.span, note: "one of: \(ids.joined(separator: ", "))")
            }
            guard let index = context.data.serviceIndex(id: id) else {
                throw Diagnostic("unknown service '\(id)'", at: at,
                                 note: didYouMean(id, in: ids) ?? "services: \(ids.joined(separator: ", "))")
            }
            return index
        }
    }

    private func unary(_ op: String, _ operand: Expression) throws(Diagnostic) -> CompiledExpression {
        let inner = try compile(operand)
        if op == "not" {
            guard inner.type == .bool else {
                throw Diagnostic("'not' needs a condition, this is \(article: inner.type)", at: operand.span)
            }
            return CompiledExpression(type: .bool) { row in .bool(!inner.evaluate(row).isTrue) }
        }
        guard inner.type.isNumeric else { throw Diagnostic("'-' needs a number, this is \(article: inner.type)", at: operand.span) }
        return CompiledExpression(type: inner.type) { row in
            switch inner.evaluate(row) {
            case .int(let v): .int(-v)
            case .number(let v): .number(-v)
            default: .null
            }
        }
    }
}
