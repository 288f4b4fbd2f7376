import Testing
import TidligTestSupport
@testable import TidligCore

@Suite struct ParserTests {
    /// Renders an expression back with explicit parentheses, to check precedence.
    func shape(_ e: Expression) -> String {
        switch e {
        case .literal(.int(let v), _): "\(v)"
        case .literal(.string(let v), _): "\"\(v)\""
        case .literal(let v, _): "\(v)"
        case .field(let name, let args, _):
            args.isEmpty ? name : "\(name)(\(args.map(shape).joined(separator: ",")))"
        case .unary(let op, let operand, _): "(\(op) \(shape(operand)))"
        case .binary(let op, let l, let r, _): "(\(shape(l)) \(op) \(shape(r)))"
        case .membership(let l, let list, let named, let negated, _):
            "(\(shape(l)) \(negated ? "not in" : "in") \(named?.text ?? list.map(shape).joined(separator: ",")))"
        case .isNull(let l, let negated, _): "(\(shape(l)) is \(negated ? "not " : "")null)"
        }
    }

    /// An argument with its unit, if one was written: `4 weeks`.
    func shape(_ a: FieldArgument) -> String {
        shape(a.value) + (a.unit.map { " \($0.0.rawValue)" } ?? "")
    }

    func parse(_ text: String) throws -> String {
        var parser = Parser(text)
        return shape(try parser.expression())
    }

    @Test func precedenceFollowsTheTable() throws {
        #expect(try parse("a or b and c") == "(a or (b and c))")
        #expect(try parse("not a = 1 and b") == "((not (a = 1)) and b)")
        #expect(try parse("days + hours / 6 >= 15") == "((days + (hours / 6)) >= 15)")
        #expect(try parse("-days * 2") == "((- days) * 2)")
        #expect(try parse("(a or b) and c") == "((a or b) and c)")
        #expect(
            try parse("stage not in (\"primary\", \"combined\") or x is not null")
                == #"((stage not in "primary","combined") or (x is not null))"#)
        #expect(
            try parse("involved(ppt) and recent(4 weeks) > 2")
                == #"(involved("ppt") and (recent(4 weeks) > 2))"#)
    }

    @Test func queriesParseEveryClause() throws {
        let command = try CommandRegistry.parse(
            "students where days >= 15 order by days desc, id limit 10 with streak as of 2025-01-31"
        )
        let list = try #require(command as? ListCommand)
        #expect(list.query.order.count == 2)
        #expect(list.query.order[0].descending)
        #expect(!list.query.order[1].descending)
        #expect(list.query.limit == 10)
        #expect(list.query.columns.count == 1)
        #expect(list.query.asOf?.0 == Day("2025-01-31"))
        let count = try #require(
            try CommandRegistry.parse("count students where days > 60 by stage") as? CountCommand)
        #expect(count.query.groupBy.map(shape) == "stage")
    }

    @Test(arguments: [
        "students where",
        "students where days >=",
        "students where (days > 1",
        "count students where days > 60 and",
        "students order",
        "students where stage = \"lower",
        "load",
        "let risk =",
    ])
    func incompleteInputAsksForMore(_ text: String) {
        #expect(Session.needsMoreInput(text), "\(text) should continue on the next line")
    }

    @Test(arguments: [
        ("students order ⟦days⟧", "expected 'by', found 'days'"),
        (
            "students where days >= 15 ⟦15⟧",
            "expected 'order by', 'limit', 'with', 'as of' or the end"
        ),
        ("students limit ⟦x⟧", "expected a whole number after 'limit', found 'x'"),
        ("students where ⟦)⟧", "expected a field, a number, a string or a date, found ')'"),
        ("students where days >= ⟦2025-02-30⟧", "'2025-02-30' is not a date"),
        ("students where days ⟦;⟧ 1", "unexpected character ';'"),
        ("count students ⟦limit⟧ 3", "'limit' does not apply here"),
        ("students where a < b ⟦<⟧ c", "comparisons cannot be chained"),
        ("students where days > 1 ⟦where⟧ days < 3", "'where' given twice"),
        ("set ⟦treshold⟧ 10", "unknown setting 'treshold'"),
        ("let ⟦days⟧ = students", "'days' is taken by a command or field"),
        ("⟦15⟧", "expected a command"),
    ])
    func errorsPointAtTheToken(_ marked: String, _ message: String) {
        expectParseError(marked, message)
    }

    @Test func diagnosticRendersLikeACompiler() {
        let source = SourceFile(
            name: "weekly.tidlig", text: "students where dayz >= 15", firstLine: 2)
        let diagnostic = Diagnostic(
            "unknown field 'dayz'", at: SourceSpan(start: 15, end: 19), note: "did you mean 'days'?"
        )
        #expect(
            diagnostic.render(in: source) == """
                weekly.tidlig:2:16: error: unknown field 'dayz'
                2 | students where dayz >= 15
                  |                ^^^^ did you mean 'days'?
                """)
    }

    @Test func decimalsRoundHalfAwayFromZero() {
        #expect(formatDecimal(11.65, places: 1) == "11.7")
        #expect(formatDecimal(8.75, places: 1) == "8.8")
        #expect(formatDecimal(3.625, places: 1) == "3.6")
        #expect(formatDecimal(-0.04, places: 1) == "0.0")
        #expect(formatDecimal(2, places: 0) == "2")
    }
}

@Suite struct TopKTests {
    /// The bounded heap must give exactly what a full sort and a prefix give, ties in index order.
    @Test func agreesWithAFullSort() {
        var state: UInt64 = 42
        let values = (0..<500).map { _ -> Int in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(state >> 58)  // 0...63: many ties
        }
        let before = { (a: Int, b: Int) in values[a] != values[b] ? values[a] > values[b] : a < b }
        for limit in [1, 7, 100, 499] {
            #expect(
                TopK.select(count: values.count, limit: limit, by: before)
                    == Array(values.indices.sorted(by: before).prefix(limit)))
        }
    }
}

/// Parses the text of `marked` as a statement and expects it to be wrong (not incomplete),
/// with a message starting with `message` and its span exactly the marked one.
func expectParseError(_ marked: String, _ message: String) {
    let input = MarkedText(marked)
    do {
        _ = try CommandRegistry.parse(input.text)
        Issue.record("\(input.text) parsed")
    } catch {
        #expect(error.diagnostic.message.hasPrefix(message), "\(error.diagnostic.message)")
        #expect(error.diagnostic.span == input.span, "\(input.text)")
        guard case .invalid = error else {
            Issue.record("\(input.text) is wrong, not incomplete"); return
        }
    }
}
