extension CountCommand {
    // figure -> ('sum' | 'avg' | 'median' | 'min' | 'max') '(' expression ')'
    /// A `with` figure: an aggregate of a numeric expression over each group.
    func aggregate(_ expression: Expression, _ evaluator: Evaluator) throws(Diagnostic) -> Aggregate
    {
        let kinds = Aggregate.Kind.allCases.map(\.rawValue)
        guard case .field(let name, let arguments, let span) = expression,
            let kind = Aggregate.Kind(rawValue: name == "mean" ? "avg" : name)
        else {
            let word: String
            if case .field(let name, _, _) = expression { word = name } else { word = "" }
            throw Diagnostic(
                "'with' in count takes figures of a number", at: expression.span,
                note: didYouMean(word, in: kinds)
                    ?? "e.g. median(days); figures: \(kinds.joined(separator: ", "))")
        }
        guard arguments.count == 1 else {
            throw Diagnostic("'\(name)' takes one number", at: span, note: "e.g. \(name)(days)")
        }
        let values = try CountCommand.withoutUnits(arguments)
        let compiled = try evaluator.compile(CountCommand.asField(values[0]))
        guard compiled.type.isNumeric else {
            throw Diagnostic(
                "'\(name)' needs a number, this is \(article: compiled.type)",
                at: arguments[0].span,
                note: "e.g. \(name)(days), \(name)(hours), \(name)(percent)")
        }
        return Aggregate(kind: kind, heading: query.text(of: expression), value: compiled)
    }

    /// The arguments' values; a unit (`days`, `weeks`) means nothing to a figure or a band.
    static func withoutUnits(_ arguments: [FieldArgument]) throws(Diagnostic) -> [Expression] {
        for argument in arguments {
            if let (unit, span) = argument.unit {
                throw Diagnostic("'\(unit.rawValue)' does not apply here", at: span)
            }
        }
        return arguments.map(\.value)
    }

    /// A bare word as an argument reads as a service id (`involved(ppt)`); here it is a field.
    static func asField(_ expression: Expression) -> Expression {
        if case .literal(.string(let name), let span) = expression {
            return .field(name: name.lowercased(), arguments: [], span: span)
        }
        return expression
    }

    /// The grouping of `by`: a field's values (all of its domain), or `band(FIELD, B1, ...)`.
    func groupKey(_ expression: Expression, _ evaluator: Evaluator) throws(Diagnostic) -> GroupKey {
        let heading = query.text(of: expression)
        if case .field("band", let arguments, let span) = expression {
            return try band(try CountCommand.withoutUnits(arguments), span, heading, evaluator)
        }
        let compiled = try evaluator.compile(expression)
        var domain: [Value] = []
        if case .field(let name, let arguments, _) = expression, arguments.isEmpty,
            let values = ValueDomain.values(of: name, in: evaluator.context.data)
        {
            domain = values.map(Value.string)
        } else if compiled.type == .bool {
            domain = [.bool(true), .bool(false)]
        }
        return GroupKey(
            heading: heading, rightAligned: compiled.type.isNumeric, value: compiled.evaluate,
            domain: domain)
    }

    // band -> 'band' '(' expression ',' NUMBER { ',' NUMBER } ')'     (bounds increasing)
    private func band(
        _ arguments: [Expression], _ span: SourceSpan, _ heading: String,
        _ evaluator: Evaluator
    ) throws(Diagnostic) -> GroupKey {
        guard arguments.count >= 2 else {
            throw Diagnostic(
                "'band' needs a number and its bounds", at: span,
                note: "e.g. band(days, 0, 5, 15, 30, 60)")
        }
        let compiled = try evaluator.compile(CountCommand.asField(arguments[0]))
        guard compiled.type.isNumeric else {
            throw Diagnostic(
                "'band' needs a number, this is \(article: compiled.type)", at: arguments[0].span)
        }
        var bounds: [Double] = []
        for argument in arguments.dropFirst() {
            guard case .literal(let value, let at) = argument, let bound = value.double else {
                throw Diagnostic("a bound of 'band' is a number", at: argument.span)
            }
            if let last = bounds.last, bound <= last {
                throw Diagnostic(
                    "the bounds of 'band' must increase", at: at,
                    note:
                        "this is not above \(formatDecimal(last, places: last == last.rounded() ? 0 : 2))"
                )
            }
            bounds.append(bound)
        }
        let integral = compiled.type == .int && bounds.allSatisfy { $0 == $0.rounded() }
        let (labels, index) = GroupKey.bands(bounds, integral: integral)
        let evaluate = compiled.evaluate
        let values = labels.map(Value.string)
        return GroupKey(
            heading: heading, rightAligned: false,
            value: { row throws(Diagnostic) in
                try evaluate(row).double.map { values[index($0)] } ?? .null
            }, domain: values, hiddenWhenEmpty: [values[0]])
    }

    /// `by A, B`: A down, B across, the count (or the one figure) in each cell, totals around.
    func crossTab(_ rows: [Int32], _ down: GroupKey, _ across: GroupKey, _ figure: Aggregate?)
        throws -> ResultTable
    {
        let columnsGroups = try grouped(rows, across)
        var slot: [String: Int] = [:]
        for (index, group) in columnsGroups.enumerated() { slot["\(group.0)"] = index }
        func cell(_ members: [Int32]) throws -> Value {
            try figure?.figure(members) ?? .int(members.count)
        }
        var table: [[Value]] = []
        for (value, members) in try grouped(rows, down) {
            var buckets: [[Int32]] = columnsGroups.map { _ in [] }
            for row in members { buckets[slot["\(try across.value(Int(row)))"]!].append(row) }
            table.append([value] + (try buckets.map(cell)) + [try cell(members)])
        }
        let integral = figure?.isIntegral ?? true
        var columns = [ResultTable.Column(down.heading, rightAligned: down.rightAligned)]
        columns += columnsGroups.map { ResultTable.Column.number(CountCommand.heading($0.0)) }
        columns.append(.number("total"))
        table = try sorted(table, columns)
        let footer =
            [Value.string("total")] + (try columnsGroups.map { try cell($0.1) }) + [try cell(rows)]
        let what = figure?.heading ?? "students"
        return ResultTable(
            columns: columns, rows: table, footer: [footer],
            notes: [
                "\(what) by \(down.heading) (down) and \(across.heading) (across)"
                    + (integral ? "" : "; totals over all the students of the row or column")
            ])
    }

    /// A group's value as a column heading.
    static func heading(_ value: Value) -> String {
        switch value {
        case .string(let s): s
        case .int(let v): String(v)
        case .number(let v): formatDecimal(v, places: 1)
        case .date(let d): d.description
        case .bool(let b): b ? "yes" : "no"
        case .null: "(none)"
        }
    }
}
