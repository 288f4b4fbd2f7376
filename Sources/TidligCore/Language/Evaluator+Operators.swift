extension Evaluator {
    func binary(_ op: BinaryOperator, _ lhs: Expression, _ rhs: Expression, _ span: SourceSpan)
        throws(Diagnostic) -> CompiledExpression
    {
        let left = try compile(lhs), right = try compile(rhs)
        let l = left.evaluate, r = right.evaluate
        if op.isLogical {
            for (side, compiled) in [(lhs, left), (rhs, right)] where compiled.type != .bool {
                throw Diagnostic(
                    "'\(op)' joins conditions, this is \(article: compiled.type)", at: side.span)
            }
            // The right side is read only when the left does not settle it.
            return op == .and
                ? CompiledExpression(type: .bool) { row throws(Diagnostic) in
                    guard try l(row).isTrue else { return .bool(false) }
                    return .bool(try r(row).isTrue)
                }
                : CompiledExpression(type: .bool) { row throws(Diagnostic) in
                    if try l(row).isTrue { return .bool(true) }
                    return .bool(try r(row).isTrue)
                }
        }
        if op.isComparison {
            try checkComparable(left, right, lhs, rhs, op)
            if op == .equal || op == .notEqual { try checkKnownValue(lhs, rhs) }
            return CompiledExpression(type: .bool) { row throws(Diagnostic) in
                guard let order = Value.compare(try l(row), try r(row)) else { return .bool(false) }
                return .bool(op.holds(order))
            }
        }
        return try arithmetic(op, left, right, lhs, rhs, span)
    }

    private func checkComparable(
        _ left: CompiledExpression, _ right: CompiledExpression,
        _ lhs: Expression, _ rhs: Expression, _ op: BinaryOperator
    ) throws(Diagnostic) {
        guard left.type.comparable(with: right.type) else {
            var note: String?
            if left.type == .date, right.type == .string {
                note = "write dates without quotes, e.g. 2025-01-31"
            }
            if left.type == .string, right.type != .string {
                note = "put text in quotes, e.g. \"runni\""
            }
            throw Diagnostic(
                "cannot compare \(article: left.type) with \(article: right.type)",
                at: lhs.span.union(rhs.span), note: note)
        }
        if left.type == .bool, op != .equal, op != .notEqual {
            throw Diagnostic("'\(op)' does not apply to true/false", at: lhs.span.union(rhs.span))
        }
    }

    /// `+ - * /`: whole numbers stay whole (except `/`), and a result past what a whole number or
    /// a finite number holds is an error pointing at the operation, not a wrapped or trapped value.
    private func arithmetic(
        _ op: BinaryOperator, _ left: CompiledExpression, _ right: CompiledExpression,
        _ lhs: Expression, _ rhs: Expression, _ span: SourceSpan
    ) throws(Diagnostic) -> CompiledExpression {
        for (side, compiled) in [(lhs, left), (rhs, right)] where !compiled.type.isNumeric {
            throw Diagnostic(
                "'\(op)' needs numbers, this is \(article: compiled.type)", at: side.span)
        }
        let l = left.evaluate, r = right.evaluate
        let overflow = overflowDiagnostic(span)
        let integral = left.type == .int && right.type == .int && op != .divide
        if integral {
            let operation: (Int, Int) -> (partialValue: Int, overflow: Bool) =
                switch op {
                case .add: { $0.addingReportingOverflow($1) }
                case .subtract: { $0.subtractingReportingOverflow($1) }
                default: { $0.multipliedReportingOverflow(by: $1) }
                }
            return CompiledExpression(type: .int) { row throws(Diagnostic) in
                guard case .int(let x) = try l(row), case .int(let y) = try r(row) else {
                    return .null
                }
                let (result, overflowed) = operation(x, y)
                if overflowed { throw overflow(row) }
                return .int(result)
            }
        }
        let operation: (Double, Double) -> Double? =
            switch op {
            case .add: { $0 + $1 }
            case .subtract: { $0 - $1 }
            case .multiply: { $0 * $1 }
            default: { $1 == 0 ? nil : $0 / $1 }
            }
        return CompiledExpression(type: .number) { row throws(Diagnostic) in
            guard let x = try l(row).double, let y = try r(row).double, let result = operation(x, y)
            else { return .null }
            if !result.isFinite { throw overflow(row) }
            return .number(result)
        }
    }

    /// The error for arithmetic at `span` that left the numbers, naming the student by id.
    func overflowDiagnostic(_ span: SourceSpan) -> (Int) -> Diagnostic {
        let ids = context.data.students.ids
        return { row in
            Diagnostic(
                "the result is too large for student \(ids[row])", at: span,
                note: "whole numbers run to ±9223372036854775807")
        }
    }

    func membership(_ lhs: Expression, _ list: [Expression], _ named: Token?, _ negated: Bool)
        throws(Diagnostic) -> CompiledExpression
    {
        let left = try compile(lhs)
        let l = left.evaluate
        if let named {
            guard let result = context.named[named.text] else {
                throw Diagnostic(
                    "no result named '\(named.text)'", at: named.span,
                    note: didYouMean(named.text, in: context.named.keys)
                        ?? "make one with 'let \(named.text) = students where ...'")
            }
            guard left.type == .string, case .field("id", _, _) = lhs else {
                throw Diagnostic(
                    "only 'id' can be tested against a named result", at: lhs.span,
                    note: "write 'id in \(named.text)'")
            }
            let members = result.members
            return CompiledExpression(type: .bool) { row in .bool(members[row] != negated) }
        }
        var values: [Value] = []
        for item in list {
            let compiled = try compile(item)
            guard case .literal(let value, _) = item else {
                throw Diagnostic("a list after 'in' holds literals", at: item.span)
            }
            try checkComparable(left, compiled, lhs, item, .equal)
            try checkKnownValue(lhs, item)
            values.append(value)
        }
        return CompiledExpression(type: .bool) { row throws(Diagnostic) in
            let value = try l(row)
            return .bool(values.contains { Value.compare(value, $0) == 0 } != negated)
        }
    }
}
