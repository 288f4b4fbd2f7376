extension Parser {
    /// How deeply expressions may nest (parentheses, operators, arguments): far beyond what anyone
    /// types, and shallow enough that parsing, checking and evaluating never run out of stack.
    public static let nestingLimit = 256

    // expression -> prefix { binary-operator expression }   (Pratt loop over `Precedence.infixRules`)
    /// Parses an expression whose operators bind tighter than `minimum`.
    public mutating func expression(_ minimum: Precedence = .none) throws(ParseFailure)
        -> Expression
    {
        nesting += 1
        defer { nesting -= 1 }
        if nesting > Parser.nestingLimit { throw tooDeep(try peek()) }
        var lhs = try prefix()
        while true {
            let token = try peek()
            guard let rule = Precedence.infix(token), let infix = rule.infix,
                rule.precedence > minimum
            else { return lhs }
            lhs = try self.infix(lhs, token, infix, rule.precedence)
            // A long chain (`a and b and c ...`) nests on the left without recursing here.
            if lhs.depth > Parser.nestingLimit { throw tooDeep(token) }
        }
    }

    func tooDeep(_ token: Token) -> ParseFailure {
        .invalid(
            Diagnostic(
                "the expression nests too deeply (more than \(Parser.nestingLimit) levels)",
                at: token.span,
                note: "split it with 'let', or write a long list of alternatives as 'in (...)'"))
    }

    // prefix -> 'not' expression(not) | '-' expression(unary) | primary
    private mutating func prefix() throws(ParseFailure) -> Expression {
        let token = try peek()
        guard let rule = Precedence.prefix(token), let op = rule.prefix else {
            return try primary()
        }
        try advance()
        let operand = try expression(rule.precedence)
        return .unary(op: op, operand: operand, span: token.span.union(operand.span))
    }

    // infix -> ('and'|'or'|compare|arith) expression
    //        | ['not'] 'in' ( '(' expression {',' expression} ')' | NAME )
    //        | 'is' ['not'] 'null'
    private mutating func infix(
        _ lhs: Expression, _ op: Token, _ rule: InfixRule,
        _ precedence: Precedence
    ) throws(ParseFailure) -> Expression {
        try advance()
        switch rule {
        case .notMembership:
            let next = try peek()
            guard next.isKeyword("in") else { throw unexpected(next, expected: "'in' after 'not'") }
            try advance()
            return try membership(lhs, negated: true)
        case .membership:
            return try membership(lhs, negated: false)
        case .isNull:
            let negated = try accept("not") != nil
            let null = try expect("null")
            return .isNull(lhs, negated: negated, span: lhs.span.union(null.span))
        case .binary(let binary):
            let rhs = try expression(precedence)
            if binary.isComparison, case .binary(let inner, _, _, _) = lhs, inner.isComparison {
                throw .invalid(
                    Diagnostic(
                        "comparisons cannot be chained", at: op.span, note: "join them with 'and'"))
            }
            return .binary(op: binary, lhs: lhs, rhs: rhs, span: lhs.span.union(rhs.span))
        }
    }

    private mutating func membership(_ lhs: Expression, negated: Bool) throws(ParseFailure)
        -> Expression
    {
        let next = try peek()
        if next.kind == .identifier {
            try advance()
            return .membership(
                lhs, list: [], named: next, negated: negated, span: lhs.span.union(next.span))
        }
        try expectSymbol("(")
        var items = [try expression()]
        while try acceptSymbol(",") != nil { items.append(try expression()) }
        let close = try expectSymbol(")")
        return .membership(
            lhs, list: items, named: nil, negated: negated, span: lhs.span.union(close.span))
    }

    // primary -> NUMBER | STRING | DATE | 'true' | 'false' | 'null'
    //          | NAME [ '(' [ expression {',' expression} ] ')' ] | '(' expression ')'
    private mutating func primary() throws(ParseFailure) -> Expression {
        let token = try advance()
        switch token.kind {
        case .number:
            if let value = Int(token.text) { return .literal(.int(value), token.span) }
            guard let value = Double(token.text), value.isFinite else {
                throw .invalid(
                    Diagnostic(
                        "this number is too large", at: token.span,
                        note: "numbers run to about 1.8e308"))
            }
            return .literal(.number(value), token.span)
        case .string: return .literal(.string(token.text), token.span)
        case .date: return .literal(.date(Day(token.text)!), token.span)
        case .identifier:
            switch token.text.lowercased() {
            case "true": return .literal(.bool(true), token.span)
            case "false": return .literal(.bool(false), token.span)
            case "null": return .literal(.null, token.span)
            default: return try field(token)
            }
        case .symbol where token.text == "(":
            let inner = try expression()
            try expectSymbol(")")
            return inner
        default:
            throw unexpected(token, expected: "a field, a number, a string or a date")
        }
    }

    // phrase -> FIELD CATEGORY        e.g. `causes described` means `causes = "described"`
    /// Folder-audit phrases: a field name followed by one of its categories.
    static let phrases: [String: [String]] = [
        "causes": ["described", "partial", "missing"],
        "measures": ["documented", "missing"],
        "template": ["used", "unused"],
        "evaluation": ["full", "partial", "none", "overdue"],
        "little": ["documentation"],
    ]

    private mutating func field(_ name: Token) throws(ParseFailure) -> Expression {
        let lowered = name.text.lowercased()
        if let categories = Parser.phrases[lowered] {
            let next = try peek()
            if next.kind == .identifier, categories.contains(next.text.lowercased()) {
                try advance()
                let span = name.span.union(next.span)
                let category = next.text.lowercased()
                if lowered == "evaluation", category == "overdue" {
                    return .field(name: "overdue", arguments: [], span: span)
                }
                if lowered == "little" { return .field(name: "little", arguments: [], span: span) }
                let field = Expression.field(name: lowered, arguments: [], span: name.span)
                return .binary(
                    op: .equal, lhs: field, rhs: .literal(.string(category), next.span), span: span)
            }
        }
        guard try acceptSymbol("(") != nil else {
            return .field(name: name.text.lowercased(), arguments: [], span: name.span)
        }
        var arguments: [FieldArgument] = []
        if try peek().isSymbol(")") == false {
            repeat { arguments.append(try argument()) } while try acceptSymbol(",") != nil
        }
        let close = try expectSymbol(")")
        return .field(
            name: name.text.lowercased(), arguments: arguments, span: name.span.union(close.span))
    }

    // argument -> expression [ 'days' | 'day' | 'weeks' | 'week' ]    e.g. recent(4 weeks)
    //           | ID                                  a bare id is a string (a service id)
    private mutating func argument() throws(ParseFailure) -> FieldArgument {
        // An id alone as an argument is a service id, hyphens and all: involved(school-health).
        if try peek().kind == .identifier {
            var copy = self
            if let id = copy.lexer.nextID() {
                let next = try copy.peek()
                if next.isSymbol(",") || next.isSymbol(")") {
                    self = copy
                    return FieldArgument(.literal(.string(id.text), id.span))
                }
            }
        }
        let value = try expression()
        let next = try peek()
        if next.kind == .identifier, let unit = TimeUnit(word: next.text) {
            try advance()
            return FieldArgument(value, unit: (unit, next.span))
        }
        return FieldArgument(value)
    }
}
