import Testing
import TidligTestSupport
@testable import TidligCore

/// Input that used to trap or answer wrongly: arithmetic past 64 bits, nesting past the stack,
/// units that were dropped. On `Fixtures/hand.json` (see DomainArithmeticTests for its figures):
/// 40 school days through asOf Fri 2024-10-18; the last 10 are Oct 7-11 and 14-18.
/// Whole days: A1 3 (Aug 20, 21, Sep 2), B2 16 (Sep 2-6, 9-13, 16-18, Oct 7, 8, 14),
/// C3 3 by asOf (Sat Sep 28, Oct 2 in the break, Oct 10), D4 none.
@Suite struct LanguageLimitsTests {
    let data: DataSet

    init() throws {
        data = try DataSetLoader.load(path: TestPaths.fixtures + "/hand.json")
    }

    /// What one statement writes (results and diagnostics) in a session on the fixture.
    func run(_ statement: String) -> String {
        let sink = CapturingSink()
        let session = Session(data: data, output: sink)
        session.replaceData(data)
        session.execute(SourceFile(name: nil, text: statement))
        return sink.text
    }

    /// The value of `expression` for each student, by id.
    func values(_ expression: String) throws -> [String: Value] {
        var parser = Parser(expression)
        let parsed = try parser.expression()
        let context = EvaluationContext(
            data: data, asOf: data.asOf, threshold: 15,
            totals: AbsenceTotals(data: data, asOf: data.asOf), named: [:])
        let compiled = try Evaluator(context: context).compile(parsed)
        var result: [String: Value] = [:]
        for row in 0..<data.studentCount {
            result[data.students.ids[row]] = try compiled.evaluate(row)
        }
        return result
    }

    // MARK: Overflow

    @Test func aSumPastSixtyFourBitsIsAnErrorUnderTheSum() {
        #expect(
            run("students where days + 9223372036854775807 > 0") == """
                error: the result is too large for student A1
                1 | students where days + 9223372036854775807 > 0
                  |                ^^^^^^^^^^^^^^^^^^^^^^^^^^ whole numbers run to ±9223372036854775807

                """)
    }

    @Test func aProductPastSixtyFourBitsIsAnError() {
        // D4 has 0 days (0 × 9e18 fits), A1 has 3: the first row that overflows is A1's.
        #expect(
            run("students where days * 9000000000000000000 > 1") == """
                error: the result is too large for student A1
                1 | students where days * 9000000000000000000 > 1
                  |                ^^^^^^^^^^^^^^^^^^^^^^^^^^ whole numbers run to ±9223372036854775807

                """)
        // `and` reads its right side only for D4, whose 0 days fit.
        #expect(
            run("count students where days < 2 and days * 9000000000000000000 >= 0")
                == "students\n--------\n       1\n")
    }

    @Test func negatingTheSmallestWholeNumberIsAnError() {
        // (Parentheses do not widen a span: the caret stops before the closing one.)
        #expect(
            run("students where -(0 - 9223372036854775807 - 1) > 0") == """
                error: the result is too large for student A1
                1 | students where -(0 - 9223372036854775807 - 1) > 0
                  |                ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ whole numbers run to ±9223372036854775807

                """)
    }

    @Test func divisionByATinyNumberIsAnErrorNotInfinity() throws {
        let tiny = "0." + String(repeating: "0", count: 323) + "5"  // 5e-324, the smallest Double
        let output = run("students where days / \(tiny) > 1")
        #expect(output.hasPrefix("error: the result is too large for student A1\n"))
        #expect(output.contains("^^^^"))
        // A large but finite quotient is shown, not trapped on: 3 / 1e-19 = 3e19.
        let shown = run("students where id = \"A1\" with days / 0.0000000000000000001")
        #expect(shown.contains("3e+19"))
        // Division by zero stays null.
        #expect(try values("days / 0")["A1"] == .null)
    }

    @Test func aNumberTooLargeForADoubleIsRefusedWhereItIsWritten() {
        let huge = String(repeating: "9", count: 400)
        #expect(run("students where days > \(huge)").hasPrefix("error: this number is too large\n"))
    }

    @Test func recentOfAHugeNumberOfWeeksIsAnErrorUnderTheArgument() throws {
        #expect(
            run("students where recent(9223372036854775807) > 0") == """
                error: 9223372036854775807 school weeks is too many to count in school days
                1 | students where recent(9223372036854775807) > 0
                  |                       ^^^^^^^^^^^^^^^^^^^ a school year has about 38 school weeks

                """)
        // A large number of school days is simply the whole year so far.
        #expect(try values("recent(9223372036854775807 days)")["B2"] == .int(16))
    }

    @Test func forecastsWithHugeThresholdsOrHorizonsDoNotTrap() throws {
        // Needing 9e18 more days at any rate is never reached this year.
        #expect(
            try values("forecast(9223372036854775807, 4 weeks)").values.allSatisfy {
                $0 == .bool(false)
            })
        #expect(try values("projected(9223372036854775807)").values.allSatisfy { $0 == .null })
        // B2 needs 1 more day for 17 at 6 days per 20 school days: k = ⌈20 ÷ 6⌉ = 4.
        #expect(try values("forecast(17, 9223372036854775807 weeks)")["B2"] == .bool(true))
        #expect(run("forecast 2000000000000000000 days").contains("0 students below"))
    }

    @Test func aScenarioWithAHugeThresholdIsAnErrorUnderTheParameter() throws {
        let sim = try DataSetLoader.load(path: TestPaths.fixtures + "/sim.json")
        let sink = CapturingSink()
        let session = Session(output: sink)
        session.replaceData(sim)
        session.execute(
            SourceFile(name: nil, text: "simulate nes with threshold = 9223372036854775807"))
        #expect(
            sink.text == """
                error: 'threshold' is 9.223372036854776e+18 in policy 'nes', more than tidlig counts
                1 | simulate nes with threshold = 9223372036854775807
                  |                   ^^^^^^^^^ use at most 100000

                """)
        sink.reset()
        session.execute(SourceFile(name: nil, text: "simulate nes with threshold = 1e400"))
        #expect(sink.text.hasPrefix("error:"))
    }

    // MARK: Nesting

    @Test func tenThousandOpenParenthesesAreRefusedNotOverflowed() {
        let deep = "students where " + String(repeating: "(", count: 10_000) + "days > 1"
        let output = run(deep)
        #expect(output.hasPrefix("error: the expression nests too deeply (more than 256 levels)\n"))
        #expect(output.contains("split it with 'let'"))
        // Refused, not "incomplete": the shell does not wait for 10,000 closing parentheses.
        var parser = Parser(deep)
        parser.advance(by: 2)
        #expect(throws: ParseFailure.self) { try parser.expression() }
        do { _ = try Parser(deep).parsedExpression() } catch {
            guard case .invalid = error else {
                Issue.record("expected an invalid parse, not \(error)"); return
            }
        }
    }

    @Test func aTenThousandTermChainIsRefusedNotOverflowed() {
        let and =
            "students where "
            + Array(repeating: "days > 1", count: 10_000).joined(separator: " and ")
        #expect(
            run(and).hasPrefix("error: the expression nests too deeply (more than 256 levels)\n"))
        let or =
            "students where "
            + Array(repeating: "days > 1", count: 10_000).joined(separator: " or ")
        #expect(run(or).hasPrefix("error: the expression nests too deeply"))
        let nots = "students where " + String(repeating: "not ", count: 10_000) + "days > 1"
        #expect(run(nots).hasPrefix("error: the expression nests too deeply"))
        let sums =
            "students where " + Array(repeating: "days", count: 10_000).joined(separator: " + ")
            + " > 1"
        #expect(run(sums).hasPrefix("error: the expression nests too deeply"))
    }

    @Test func expressionsUpToTheLimitStillRun() throws {
        // 200 nested parentheses and a 200-term chain are fine and mean what they say.
        let nested =
            String(repeating: "(", count: 200) + "days" + String(repeating: ")", count: 200)
        #expect(try values(nested)["B2"] == .int(16))
        let chain = Array(repeating: "days >= 3", count: 200).joined(separator: " and ")
        let result = try values(chain)
        #expect(
            result["A1"] == .bool(true) && result["B2"] == .bool(true)
                && result["D4"] == .bool(false))
    }

    @Test func aPolicyWithATenThousandTermConditionIsRefused() {
        let condition = Array(repeating: "days >= 3", count: 10_000).joined(separator: " and ")
        var parser = Parser("policy deep\n  step s when \(condition) by school\nend\n")
        do {
            _ = try PolicyBook.parseFile(&parser)
            Issue.record("a 10,000-term condition was accepted")
        } catch {
            #expect(
                error.diagnostic.message == "the expression nests too deeply (more than 256 levels)"
            )
        }
    }

    // MARK: Units

    @Test func recentCountsWeeksOrDaysAsWritten() throws {
        // B2: last 10 school days (Oct 7-18) hold Oct 7, 8, 14; the last 50 hold all 16.
        #expect(try values("recent(10 days)")["B2"] == .int(3))
        #expect(try values("recent(2 weeks)")["B2"] == .int(3))
        #expect(try values("recent(10 weeks)")["B2"] == .int(16))
        #expect(try values("recent(10)")["B2"] == .int(16))
        // Last 5 school days (Oct 14-18): Oct 14; last 4 (Oct 15-18): none (Oct 15 is hours).
        #expect(try values("recent(5 days)")["B2"] == .int(1))
        #expect(try values("recent(4 day)")["B2"] == .int(0))
        // C3: Oct 10 is in the last 10 school days; its Sep 28 and Oct 2 records are not.
        #expect(try values("recent(10 days)")["C3"] == .int(1))
    }

    @Test func aForecastHorizonCountsWeeksOrSchoolDaysAsWritten() throws {
        // B2 reaches 17 on the 4th school day after asOf (k = ⌈1 × 20 ÷ 6⌉ = 4).
        #expect(try values("forecast(17, 4 days)")["B2"] == .bool(true))
        #expect(try values("forecast(17, 3 days)")["B2"] == .bool(false))
        #expect(try values("forecast(17, 1 week)")["B2"] == .bool(true))
        #expect(try values("forecast(17 days, 1 weeks)")["B2"] == .bool(true))
        #expect(
            run("forecast 17 within 3 days").contains(
                "0 students below 17 days on track to reach them within 3 school days"))
        #expect(
            run("forecast 17 within 4 days").contains(
                "1 student below 17 days on track to reach them within 4 school days"))
    }

    @Test func aUnitThatDoesNotApplyIsRefusedWithACaret() {
        #expect(
            run("students where crossing(3 weeks) is null") == """
                error: 'crossing' counts whole days of absence, not weeks
                1 | students where crossing(3 weeks) is null
                  |                           ^^^^^ write it as crossing(days), e.g. crossing(15 days)

                """)
        #expect(run("students where crossing(15 days) is null").hasPrefix("id "))
        #expect(run("students where involved(ppt days)").hasPrefix("error: "))
        #expect(
            run("students where forecast(15, 2025-03-01 weeks)").hasPrefix(
                "error: a date takes no unit\n"))
        #expect(
            run("students where projected(2 weeks) is null").hasPrefix(
                "error: 'projected' counts whole days"))
        #expect(
            run("forecast 15 within 2 months").hasPrefix(
                "error: expected 'weeks' or 'days', found 'months'\n"))
    }
}

extension Parser {
    fileprivate mutating func advance(by count: Int) {
        for _ in 0..<count { _ = try? advance() }
    }

    fileprivate func parsedExpression() throws(ParseFailure) -> Expression {
        var copy = self
        copy.advance(by: 2)
        return try copy.expression()
    }
}
