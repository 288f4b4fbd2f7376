import Testing
@testable import TidligCore

@Suite struct LexerTests {
    func kinds(_ text: String) throws -> [(Token.Kind, String)] {
        var lexer = Lexer(text)
        var out: [(Token.Kind, String)] = []
        while true {
            let token = try lexer.next()
            if token.kind == .end { return out }
            out.append((token.kind, token.text))
        }
    }

    @Test func tokensOfAQuery() throws {
        let tokens = try kinds(
            #"students where days>=15 and stage = "lower-secondary" as of 2025-01-31 # note"#)
        #expect(
            tokens.map(\.1) == [
                "students", "where", "days", ">=", "15", "and", "stage", "=", "lower-secondary",
                "as", "of", "2025-01-31",
            ])
        #expect(tokens[8].0 == .string)
        #expect(tokens[11].0 == .date)
        #expect(tokens[4].0 == .number)
    }

    @Test func numbersDecimalsAndSymbols() throws {
        let tokens = try kinds("10.5 <> != <= ( ) , - 2024 - 5")
        #expect(
            tokens.map(\.1) == ["10.5", "<>", "!=", "<=", "(", ")", ",", "-", "2024", "-", "5"])
    }

    @Test func spansAreUTF8Offsets() throws {
        var lexer = Lexer("show \"Årnes\" x")
        _ = try lexer.next()
        let string = try lexer.next()
        #expect(string.text == "Årnes")
        #expect(string.span == SourceSpan(start: 5, end: 13))  // Å is two bytes
    }

    @Test func escapesInStrings() throws {
        #expect(try kinds(#""a \"b\" c""#).map(\.1) == [#"a "b" c"#])
    }

    @Test func unterminatedStringAndBadDateAndStrayCharacter() {
        var open = Lexer("stage = \"prim")
        _ = try? open.next(); _ = try? open.next()
        #expect(throws: Lexer.Failure.unterminatedString(SourceSpan(start: 8, end: 13))) {
            try open.next()
        }
        var date = Lexer("2025-02-30")
        #expect(throws: Lexer.Failure.invalidDate(SourceSpan(start: 0, end: 10), "2025-02-30")) {
            try date.next()
        }
        var stray = Lexer("days ; 3")
        _ = try? stray.next()
        #expect(throws: Lexer.Failure.unexpectedCharacter(SourceSpan(start: 5, end: 6), ";")) {
            try stray.next()
        }
    }

    @Test func wordModeReadsIdsAndPaths() throws {
        var lexer = Lexer("load data/week-47.json")
        _ = try lexer.next()
        let word = try lexer.nextWord()
        #expect(word.kind == .word)
        #expect(word.text == "data/week-47.json")
    }
}
