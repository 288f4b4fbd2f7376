/// Parsing of policies, steps, triggers and timings (grammar in docs/LANGUAGE.md).
extension Parser {
    // policy-body -> [STRING] { 'parameter' NAME '=' NUMBER } step { step } 'end'
    /// Parses a policy block after `policy NAME`; needs more input until `end`.
    public mutating func policyBody(name: Token) throws(ParseFailure) -> Policy {
        var policy = Policy(name: name.text, title: nil, parameters: [], steps: [])
        if try peek().kind == .string { policy.title = try advance().text }
        while try accept("parameter") != nil {
            let parameter = try advance()
            guard parameter.kind == .identifier else {
                throw unexpected(parameter, expected: "the name of a parameter")
            }
            if policy.parameters.contains(where: { $0.name == parameter.text }) {
                throw .invalid(
                    Diagnostic("parameter '\(parameter.text)' given twice", at: parameter.span))
            }
            try expectSymbol("=")
            policy.parameters.append(
                PolicyParameter(
                    name: parameter.text, value: try number("a number for '\(parameter.text)'").0))
        }
        while try accept("end") == nil {
            let token = try peek()
            if token.isKeyword("capacity") {
                try advance()
                policy.capacities.append(try capacity(in: policy))
                continue
            }
            guard token.isKeyword("step") else {
                throw unexpected(
                    token,
                    expected: policy.steps.isEmpty
                        ? "'parameter', 'capacity' or 'step'"
                        : "'step', 'capacity' or 'end'")
            }
            try advance()
            policy.steps.append(try step(in: policy))
        }
        if policy.steps.isEmpty {
            throw .invalid(Diagnostic("policy '\(name.text)' has no steps", at: name.span))
        }
        return policy
    }

    // capacity -> 'capacity' SERVICE value 'advisers' 'x' value 'cases' 'for' value 'school' 'days'
    private mutating func capacity(in policy: Policy) throws(ParseFailure) -> ServiceCapacity {
        let service = try hyphenatedName("a service (id or kind)")
        if policy.capacities.contains(where: { $0.service == service.text }) {
            throw .invalid(
                Diagnostic("capacity of '\(service.text)' given twice", at: service.span))
        }
        let advisers = try value(in: policy, "a number of advisers")
        if try accept("adviser") == nil { try expect("advisers") }
        if try accept("x") == nil, try acceptSymbol("*") == nil {
            throw unexpected(try peek(), expected: "'x' (advisers x cases)")
        }
        let cases = try value(in: policy, "a number of cases per adviser")
        if try accept("case") == nil { try expect("cases") }
        try expect("for")
        let days = try value(in: policy, "the school days a case stays open")
        try expect("school")
        if try accept("day") == nil { try expect("days") }
        return ServiceCapacity(
            service: service.text, span: service.span, advisers: advisers, cases: cases,
            schoolDays: days)
    }

    // step -> 'step' NAME 'when' trigger 'by' actor { ',' actor } [ 'bti' NUMBER ] [ timing ]
    // actor -> NAME [ 'if' student-condition { 'and' student-condition } ]
    private mutating func step(in policy: Policy) throws(ParseFailure) -> PolicyStep {
        let name = try hyphenatedName("a name for the step")
        if policy.steps.contains(where: { $0.name == name.text }) {
            throw .invalid(Diagnostic("step '\(name.text)' given twice", at: name.span))
        }
        try expect("when")
        let trigger = try trigger(in: policy)
        try expect("by")
        var actors: [PolicyActor] = []
        repeat {
            let actor = try hyphenatedName("'school' or a service")
            var only: [StudentCondition] = []
            if try accept("if") != nil {
                repeat { only.append(try studentCondition()) } while try accept("and") != nil
            }
            actors.append(PolicyActor(name: actor.text, span: actor.span, only: only))
        } while try acceptSymbol(",") != nil
        var bti: Int?
        if try accept("bti") != nil {
            let (level, span) = try number("a BTI level 0 to 3")
            guard let whole = Int(exactly: level), (0...3).contains(whole) else {
                throw .invalid(Diagnostic("a BTI level is 0, 1, 2 or 3", at: span))
            }
            bti = whole
        }
        return PolicyStep(
            name: name.text, trigger: trigger, actors: actors, bti: bti,
            timing: try timing(in: policy))
    }

    // trigger -> 'after' STEP [ 'and' 'still' 'absent' value 'more' 'days' ] | condition-or
    private mutating func trigger(in policy: Policy) throws(ParseFailure) -> PolicyTrigger {
        guard try accept("after") != nil else { return .condition(try disjunction(in: policy)) }
        let step = try hyphenatedName("the name of an earlier step")
        guard policy.steps.contains(where: { $0.name == step.text }) else {
            let names = policy.steps.map(\.name)
            throw .invalid(
                Diagnostic(
                    "no step '\(step.text)' above this one", at: step.span,
                    note: didYouMean(step.text, in: names)
                        ?? "steps so far: \(names.isEmpty ? "none" : names.joined(separator: ", "))"
                ))
        }
        var still: PolicyValue?
        if try peek().isKeyword("and") {
            var copy = self
            try copy.advance()
            if try copy.peek().isKeyword("still") {
                self = copy
                try advance()
                try expect("absent")
                still = try value(in: policy, "a number of days")
                try expect("more")
                if try accept("day") == nil { try expect("days") }
            }
        }
        var only: [StudentCondition] = []
        while try accept("and") != nil {
            let next = try peek()
            guard next.isKeyword("grade") || next.isKeyword("stage") else {
                throw unexpected(
                    next,
                    expected: "'grade' or 'stage' (after a step, only conditions on the student)")
            }
            only.append(try studentCondition())
        }
        return .after(step: step.text, span: step.span, stillAbsent: still, only: only)
    }

    // student-condition -> 'grade' ('>=' | '>' | '<=' | '<' | '=' | '!=') NUMBER
    //                    | 'stage' ('=' | '!=') ( STRING | NAME )
    private mutating func studentCondition() throws(ParseFailure) -> StudentCondition {
        let word = try advance()
        let op = try advance()
        if word.isKeyword("grade") {
            guard [">=", ">", "<=", "<", "=", "==", "!=", "<>"].contains(op.text),
                op.kind == .symbol
            else {
                throw unexpected(op, expected: "a comparison (>=, >, <=, <, =, !=)")
            }
            let (n, span) = try number("a grade 1 to 10")
            guard let grade = Int(exactly: n), (1...10).contains(grade) else {
                throw .invalid(Diagnostic("a grade is a whole number from 1 to 10", at: span))
            }
            let normal = op.text == "==" ? "=" : op.text == "<>" ? "!=" : op.text
            return .grade(op: normal, grade)
        }
        guard word.isKeyword("stage") else {
            throw unexpected(word, expected: "'grade' or 'stage'")
        }
        guard op.kind == .symbol, ["=", "==", "!=", "<>"].contains(op.text) else {
            throw unexpected(op, expected: "'=' or '!='")
        }
        let value = try peek().kind == .string ? try advance() : try hyphenatedName("a stage")
        guard let stage = School.Stage(rawValue: value.text), stage != .combined else {
            throw .invalid(
                Diagnostic(
                    "unknown stage '\(value.text)'", at: value.span,
                    note: "stages: \"primary\" (grades 1-7), \"lower-secondary\" (8-10)"))
        }
        return .stage(stage, equal: op.text == "=" || op.text == "==")
    }

    // condition-or -> condition-and { 'or' condition-and }
    private mutating func disjunction(in policy: Policy) throws(ParseFailure) -> TriggerCondition {
        var lhs = try conjunction(in: policy)
        var terms = 1
        while let or = try accept("or") {
            terms += 1
            if terms > Parser.nestingLimit { throw tooDeep(or) }
            lhs = .or(lhs, try conjunction(in: policy))
        }
        return lhs
    }

    // condition-and -> condition { 'and' condition }
    private mutating func conjunction(in policy: Policy) throws(ParseFailure) -> TriggerCondition {
        var lhs = try condition(in: policy)
        var terms = 1
        while let and = try accept("and") {
            terms += 1
            if terms > Parser.nestingLimit { throw tooDeep(and) }
            lhs = .and(lhs, try condition(in: policy))
        }
        return lhs
    }

    // condition -> measure ('>=' | '>') value | 'concern' | 'recorded' KIND | 'involved' SERVICE
    // measure   -> 'days' | 'percent' | 'equiv' | 'streak' | 'recent' '(' NUMBER ['weeks'] ')'
    private mutating func condition(in policy: Policy) throws(ParseFailure) -> TriggerCondition {
        let previous = self
        let token = try advance()
        let word = token.kind == .identifier ? token.text.lowercased() : ""
        let measure: ThresholdMeasure
        switch word {
        case "concern": return .recorded(.concern)
        case "recorded":
            let kind = try hyphenatedName("a kind of document")
            guard let documentKind = DocumentKind(name: kind.text) else {
                let kinds = DocumentKind.allCases.map(\.name)
                throw .invalid(
                    Diagnostic(
                        "unknown kind of document '\(kind.text)'", at: kind.span,
                        note: didYouMean(kind.text, in: kinds)
                            ?? "kinds: \(kinds.joined(separator: ", "))"))
            }
            return .recorded(documentKind)
        case "involved":
            let service = try hyphenatedName("a service")
            return .involved(service.text, service.span)
        case "grade", "stage":
            self = previous
            return .student(try studentCondition())
        case "days": measure = .days
        case "percent": measure = .percent
        case "equiv": measure = .equiv
        case "streak": measure = .streak
        case "recent":
            try expectSymbol("(")
            let (weeks, span) = try number("a number of school weeks")
            guard let whole = Int(exactly: weeks), whole >= 1, whole <= StepBinder.largestCount / 5
            else {
                throw .invalid(
                    Diagnostic(
                        "expected a whole number of weeks (1 or more)", at: span,
                        note: weeks >= 1 ? "use at most \(StepBinder.largestCount / 5)" : nil))
            }
            if try accept("weeks") == nil { _ = try accept("week") }
            try expectSymbol(")")
            measure = .recent(weeks: whole)
        default:
            throw unexpected(
                token,
                expected: "a threshold (days, percent, equiv, recent(N), streak), 'concern', "
                    + "'recorded', 'involved', 'grade' or 'stage'")
        }
        let op = try advance()
        guard op.isSymbol(">=") || op.isSymbol(">") else {
            throw unexpected(op, expected: "'>=' or '>'")
        }
        return .threshold(
            measure, strict: op.text == ">", try value(in: policy, "a number or a parameter"))
    }

    // timing -> 'within' value 'school' 'days' | 'at' 'visit' [ 'every' value 'days' ]
    //         | 'at' 'meeting' WEEKDAY HH:MM-HH:MM 'capacity' value [ 'per' 'school' ]
    private mutating func timing(in policy: Policy) throws(ParseFailure) -> PolicyTiming {
        if try accept("within") != nil {
            let count = try value(in: policy, "a number of school days")
            try expect("school")
            if try accept("day") == nil { try expect("days") }
            return .within(count)
        }
        guard try accept("at") != nil else { return .immediately }
        let what = try advance()
        if what.isKeyword("visit") {
            guard try accept("every") != nil else { return .visit(every: nil) }
            let every = try value(in: policy, "a number of days between visits")
            if try accept("day") == nil { try expect("days") }
            return .visit(every: every)
        }
        guard what.isKeyword("meeting") else {
            throw unexpected(what, expected: "'meeting' or 'visit'")
        }
        return .meeting(try meetingSlot(in: policy))
    }

    private mutating func meetingSlot(in policy: Policy) throws(ParseFailure) -> MeetingSlot {
        let day = try advance()
        guard day.kind == .identifier,
            let weekday = MeetingSlot.weekdays.firstIndex(of: day.text.lowercased())
        else {
            throw unexpected(day, expected: "a school weekday (monday to friday)")
        }
        let hours = try word("the meeting's hours, e.g. 09:00-11:00")
        guard MeetingSlot.validHours(hours.text) else {
            throw .invalid(
                Diagnostic(
                    "expected the meeting's hours as HH:MM-HH:MM, found '\(hours.text)'",
                    at: hours.span))
        }
        try expect("capacity")
        let capacity = try value(in: policy, "a number of cases per week")
        var perSchool = false
        if try accept("per") != nil {
            try expect("school")
            perSchool = true
        }
        return MeetingSlot(
            weekday: weekday, hours: hours.text, capacity: capacity, perSchool: perSchool)
    }

    // value -> NUMBER | PARAMETER
    private mutating func value(in policy: Policy, _ expected: String) throws(ParseFailure)
        -> PolicyValue
    {
        let token = try peek()
        guard token.kind == .identifier else { return .number(try number(expected).0) }
        try advance()
        guard policy.parameters.contains(where: { $0.name == token.text }) else {
            let names = policy.parameters.map(\.name)
            throw .invalid(
                Diagnostic(
                    "unknown parameter '\(token.text)'", at: token.span,
                    note: didYouMean(token.text, in: names)
                        ?? "declare it above the steps: parameter \(token.text) = NUMBER"))
        }
        return .parameter(token.text, token.span)
    }

    /// Reads a number literal.
    mutating func number(_ expected: String) throws(ParseFailure) -> (Double, SourceSpan) {
        let token = try advance()
        guard token.kind == .number, let value = Double(token.text) else {
            throw unexpected(token, expected: expected)
        }
        return (value, token.span)
    }

    // hyphenated-name -> NAME { '-' NAME }       (no spaces: `school-health`, `cause-mapping`)
    /// Reads a name that may contain hyphens, as service ids and document kinds do.
    mutating func hyphenatedName(_ expected: String) throws(ParseFailure) -> Token {
        var token = try advance()
        guard token.kind == .identifier else { throw unexpected(token, expected: expected) }
        while true {
            var copy = self
            let dash = try copy.advance()
            guard dash.isSymbol("-"), dash.span.start == token.span.end else { break }
            let next = try copy.advance()
            guard next.kind == .identifier, next.span.start == dash.span.end else { break }
            self = copy
            token = Token(.identifier, token.text + "-" + next.text, token.span.union(next.span))
        }
        return token
    }

    // scenario -> POLICY [ 'with' NAME '=' NUMBER { 'and' NAME '=' NUMBER } ]
    /// Parses `nes with threshold = 10 and slots = 8`.
    public mutating func scenario() throws(ParseFailure) -> Scenario {
        let name = try hyphenatedName("the name of a policy (type 'policies' to list them)")
        var scenario = Scenario(policy: name, overrides: [], text: name.text)
        var span = name.span
        if try accept("with") != nil {
            repeat {
                let parameter = try advance()
                guard parameter.kind == .identifier else {
                    throw unexpected(parameter, expected: "the name of a parameter")
                }
                try expectSymbol("=")
                let (value, valueSpan) = try number("a number for '\(parameter.text)'")
                scenario.overrides.append((parameter, value))
                span = span.union(valueSpan)
            } while try accept("and") != nil
        }
        let bytes = Array(text.utf8)
        scenario.text = String(decoding: bytes[span.start..<span.end], as: UTF8.self)
        return scenario
    }
}

extension MeetingSlot {
    /// True for `HH:MM-HH:MM` with the end after the start.
    static func validHours(_ text: String) -> Bool {
        let parts = text.split(separator: "-")
        guard parts.count == 2 else { return false }
        func minutes(_ part: Substring) -> Int? {
            let hm = part.split(separator: ":")
            guard hm.count == 2, hm[0].count == 2, hm[1].count == 2, let h = Int(hm[0]),
                let m = Int(hm[1]),
                (0...23).contains(h), (0...59).contains(m)
            else { return nil }
            return h * 60 + m
        }
        guard let from = minutes(parts[0]), let to = minutes(parts[1]) else { return false }
        return from < to
    }
}
