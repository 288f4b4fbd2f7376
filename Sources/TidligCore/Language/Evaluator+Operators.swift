extension Evaluator {
    func binary(_ op: String, _ lhs: Expression, _ rhs: Expression, _ span: SourceSpan) throws(Diagnostic) -> CompiledExpression {
        let left = try compile(lhs), right = try compile(rhs)
        let l = left.evaluate, r = right.evaluate
        switch op {
        case "and", "or":
            for (side, compiled) in [(lhs, left), (rhs, right)] where compiled.type != .bool {
                throw Diagnostic("'\(op)' joins conditions, this is \(article: compiled.type)", at: side.span)
            }
            return op == "and"
                ? CompiledExpression(type: .bool) { row in .bool(l(row).isTrue && r(row).isTrue) }
                : CompiledExpression(type: .bool) { row in .bool(l(row).isTrue || r(row).isTrue) }
        case "=", "!=", "<", "<=", ">", ">=":
            try checkComparable(left, right, lhs, rhs, op)
            if op == "=" || op == "!=" { try checkKnownValue(lhs, rhs) }
            let test = Evaluator.comparison(op)
            return CompiledExpression(type: .bool) { row in
                guard let order = Value.compare(l(row), r(row)) else { return .bool(false) }
                return .bool(test(order))
            }
        default:
            return try arithmetic(op, left, right, lhs, rhs)
        }
    }

    private func checkComparable(_ left: CompiledExpression, _ right: CompiledExpression,
                                 _ lhs: Expression, _ rhs: Expression, _ op: String) throws(Diagnostic) {
        guard left.type.comparable(with: right.type) else {
            var note: String?
            if left.type == .date, right.type == .string { note = "write dates without quotes, e.g. 2025-01-31" }
            if left.type == .string, right.type != .string { note = "put text in quotes, e.g. \"runni\"" }
            throw Diagnostic("cannot compare \(article: left.type) with \(article: right.type)",
                             at: lhs.span.union(rhs.span), note: note)
        }
        if left.type == .bool, !["=", "!="].contains(op) {
            throw Diagnostic("'\(op)' does not apply to true/false", at: lhs.span.union(rhs.span))
        }
    }

    static func comparison(_ op: String) -> (Int) -> Bool {
        switch op {
        case "=": { $0 == 0 }
        case "!=": { $0 != 0 }
        case "<": { $0 < 0 }
        case "<=": { $0 <= 0 }
        case ">": { $0 > 0 }
        default: { $0 >= 0 }
        }
    }

    private func arithmetic(_ op: String, _ left: CompiledExpression, _ right: CompiledExpression,
                            _ lhs: Expression, _ rhs: Expression) throws(Diagnostic) -> CompiledExpression {
        for (side, compiled) in [(lhs, left), (rhs, right)] where !compiled.type.isNumeric {
            throw Diagnostic("'\(op)' needs numbers, this is \(article: compiled.type)", at: side.span)
        }
        let l = left.evaluate, r = right.evaluate
        let integral = left.type == .int && right.type == .int && op != "/"
        return CompiledExpression(type: integral ? .int : .number) { row in
            let a = l(row), b = r(row)
            if integral, case .int(let x) = a, case .int(let y) = b {
                return .int(op == "+" ? x + y : (op == "-" ? x - y : x * y))
            }
            guard let x = a.double, let y = b.double else { return .null }
            switch op {
            case "+": return .number(x + y)
            case "-": return .number(x - y)
            case "*": return .number(x * y)
            default: return y == 0 ? .null : .number(x / y)
            }
        }
    }

    func membership(_ lhs: Expression, _ list: [Expression], _ named: Token?, _ negated: Bool) throws(Diagnostic) -> CompiledExpression {
        let left = try compile(lhs)
        let l = left.evaluate
        if let named {
            guard let result = context.named[named.text] else {
                throw Diagnostic("no result named '\(named.text)'", at: named.span,
                                 note: didYouMean(named.text, in: context.named.keys) ?? "make one with 'let \(named.text) = students where ...'")
            }
            guard left.type == .string, case .field("id", _, _) = lhs else {
                throw Diagnostic("only 'id' can be tested against a named result", at: lhs.span, note: "write 'id in \(named.text)'")
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
            try checkComparable(left, compiled, lhs, item, "=")
            try checkKnownValue(lhs, item)
            values.append(value)
        }
        return CompiledExpression(type: .bool) { row in
            let value = l(row)
            return .bool(values.contains { Value.compare(value, $0) == 0 } != negated)
        }
    }
}
