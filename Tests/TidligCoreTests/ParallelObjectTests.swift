import Testing
@testable import TidligCore

/// The one-object form parsed in parts on all cores: the students array is cut at `{` that look
/// like students' and every cut is checked afterwards, so the model, the problems and the first
/// error are the one-threaded parse's, on any number of parts, whatever the bytes.
@Suite struct ParallelObjectTests {
    static let header = #"""
        {"format":"tidlig/1","asOf":"2024-09-06","calendar":{"start":"2024-08-19","end":"2025-06-20"},
        "schools":[{"id":"a","name":"A"},{"id":"b","name":"B"}],
        "students":[
        """#

    static func file(_ students: [String], separator: String = ",\n") -> [UInt8] {
        Array((header + students.joined(separator: separator) + "]}\n").utf8)
    }

    static func load(_ bytes: [UInt8], parts: Int) throws(LoadError) -> DataSet {
        try DataSetLoader.load(bytes: bytes, source: "t.json", parts: parts)
    }

    static func failure(_ bytes: [UInt8], parts: Int) -> LoadError? {
        do {
            _ = try load(bytes, parts: parts)
            return nil
        } catch { return error }
    }

    @Test func aCutIsFoundAtAStudentNotAtARecordInsideOne() throws {
        let text =
            #"[{"id":"a","absence":[{"date":"x"},{"date":"y"}]},  {"note":"},{\"id\""},"#
            + "\n" + #" { "id":"b"}]"#
        let bytes = Array(text.utf8)
        let second = bytes.indices.filter { bytes[$0] == UInt8(ascii: "{") }.last!
        bytes.withUnsafeBufferPointer { buffer in
            let base = buffer.baseAddress!
            // The records' `{"date"` and the note's escaped text are passed over.
            #expect(
                DataSetParser.studentStart(base: base, from: 2, to: buffer.count, format: 1)
                    == second)
            #expect(
                DataSetParser.studentStart(
                    base: base, from: second + 1, to: buffer.count, format: 1) == nil)
        }
    }

    @Test func theGeneratorsFileGivesOneModelOnAnyNumberOfParts() throws {
        let bytes = SampleGenerator(students: 1200, seed: 11).json()
        let one = try Self.load(bytes, parts: 1)
        #expect(!one.problems.isEmpty)
        #expect(!one.involvements.ended.allSatisfy { $0 == nil })
        #expect(one.documents.calledBy.contains { $0 >= 0 })
        for parts in [2, 3, 8, 40] {
            JSONLinesTests.expectSame(one, try Self.load(bytes, parts: parts), "parts \(parts)")
        }
        // The automatic choice: one part for a file this small.
        JSONLinesTests.expectSame(
            one, try DataSetLoader.load(bytes: bytes, source: "t.json"), "auto")
    }

    @Test func aTidlig2FileOfThreeYearsInBothFormsAndAnyParts() throws {
        var generator = MultiYearGenerator(students: 700, years: 3, seed: 5)
        var bytes: [UInt8] = []
        generator.write { bytes.append(contentsOf: $0) }
        let one = try Self.load(bytes, parts: 1)
        #expect(one.schoolYears.count == 3)
        #expect(!one.students.birthYear.isEmpty)
        generator.lines = true
        var lines: [UInt8] = []
        generator.write { lines.append(contentsOf: $0) }
        let text = String(decoding: lines, as: UTF8.self).split(separator: "\n")
        #expect(text.count == 701)
        for parts in [2, 3, 7] {
            JSONLinesTests.expectSame(
                one, try Self.load(bytes, parts: parts), "object, parts \(parts)")
        }
        for parts in [1, 2, 5] {
            JSONLinesTests.expectSame(
                one, try Self.load(lines, parts: parts), "lines, parts \(parts)")
        }
    }

    /// Consents and birth years are kept by row: a later part's rows are moved past the earlier
    /// parts' students.
    @Test func consentsAndBirthYearsOfALaterPartKeepTheirRows() throws {
        let students = (0..<9).map { n in
            n % 4 == 3
                ? #"{"id":"c\#(n)","school":"a","grade":4,"birthYear":2015,"consents":[{"reference":"r\#(n)","#
                    + #""given":"2024-08-20","givenBy":"guardians","services":["ppt"]}]}"#
                : #"{"id":"c\#(n)","school":"b","grade":5,"absence":[{"date":"2024-08-24","kind":"day"}]}"#
        }
        for parts in [1, 2, 3, 9] {
            let data = try Self.load(Self.file(students), parts: parts)
            #expect(data.students.consents.keys.sorted() == [3, 7], "parts \(parts)")
            #expect(data.students.consents[7]?.first?.reference == "r7")
            #expect(data.students.birthYear == [3: 2015, 7: 2015])
            // The Saturday records of rows 0, 1, 2, 4, 5, 6 and 8, each at its own row.
            #expect(
                data.problems.map(\.path)
                    == [0, 1, 2, 4, 5, 6, 8].map { "$.students[\($0)].absence[0]" })
            #expect(data.problems.map(\.studentID) == [0, 1, 2, 4, 5, 6, 8].map { "c\($0)" })
        }
    }

    /// Students whose text holds `},{"id":` everywhere: cuts land inside strings and are
    /// found out; the model is still the one-threaded one.
    @Test func cutsInsideStringsAreFoundOut() throws {
        let fake = String(repeating: #"},{\"id\":\"f\",\"school\":\"a\",\"grade\":2"#, count: 40)
        let students = (0..<12).map { n in
            n % 3 == 1
                ? #"{"id":"s\#(n)","note":"\#(fake)","school":"a","grade":3}"#
                : #"{"id":"s\#(n)","school":"b","grade":7,"absence":[{"date":"2024-08-20","kind":"day"},"#
                    + #"{"date":"2024-08-21","kind":"hours","hours":1}]}"#
        }
        for separator in [",", ",\n", " , "] {
            let bytes = Self.file(students, separator: separator)
            let one = try Self.load(bytes, parts: 1)
            #expect(one.students.ids == (0..<12).map { "s\($0)" })
            for parts in 2...16 {
                JSONLinesTests.expectSame(
                    one, try Self.load(bytes, parts: parts), "parts \(parts) \(separator)")
            }
        }
    }

    @Test func theFirstErrorInFileOrderWithItsLineColumnAndPath() throws {
        var students = (0..<10).map { #"{"id":"y\#($0)","school":"a","grade":2}"# }
        students[6] = #"{"id":"y6","school":"a","grade":0}"#
        students[8] = #"{"id":"y8","school":"zz","grade":2}"#
        for parts in [1, 2, 3, 5, 10] {
            let error = try #require(Self.failure(Self.file(students), parts: parts))
            #expect(error.path == "$.students[6].grade", "parts \(parts)")
            #expect(error.line == 9)
            #expect(error.column == 33)
        }
        students[2] = #"{"id":"y2","school":"b","grade":2,"absence":[{"date":"2024-08-20"}]}"#
        for parts in [1, 2, 3, 5, 10] {
            let error = try #require(Self.failure(Self.file(students), parts: parts))
            #expect(error.path == "$.students[2].absence[0]", "parts \(parts)")
            #expect(error.message.contains("\"kind\""))
        }
    }

    @Test func aDuplicateIDAcrossPartsAndATrailingComma() throws {
        var students = (0..<9).map { #"{"id":"z\#($0)","school":"a","grade":2}"# }
        students[7] = #"{"id":"z1","school":"b","grade":4}"#
        students[8] = #"{"id":"z8","school":"a","grade":99}"#
        for parts in [1, 2, 3, 9] {
            let error = try #require(Self.failure(Self.file(students), parts: parts))
            #expect(error.path == "$.students[7].id", "parts \(parts)")
            #expect(error.message.contains("first at $.students[1]"))
            #expect(error.line == 10)
        }
        let trailing = Array(
            (Self.header
                + (0..<6).map { #"{"id":"t\#($0)","school":"a","grade":2}"# }
                .joined(separator: ",\n") + ",\n]}").utf8)
        let expected = try #require(Self.failure(trailing, parts: 1))
        for parts in [2, 3, 6] {
            let error = try #require(Self.failure(trailing, parts: parts))
            #expect(error.message == expected.message, "parts \(parts)")
            #expect(error.line == expected.line && error.column == expected.column)
            #expect(error.path == "$.students[6]")
        }
    }

    /// Bytes flipped, cut or dropped anywhere in a small generated file: the parallel parse
    /// accepts what the one-threaded one accepts, with the same model, and refuses the rest
    /// with the same error at the same place.
    @Test func mangledFilesGiveTheOneThreadedAnswer() throws {
        let original = SampleGenerator(students: 40, seed: 3).json()
        var rng = SplitMix64(seed: 99, 1, 1)
        let bytesOfInterest: [UInt8] = Array("{}[],:\"\\ \n0a".utf8)
        for trial in 0..<300 {
            var bytes = original
            let at = rng.below(bytes.count)
            switch trial % 3 {
            case 0: bytes[at] = bytesOfInterest[rng.below(bytesOfInterest.count)]
            case 1: bytes.removeSubrange(at..<min(bytes.count, at + 1 + rng.below(40)))
            default: bytes.removeSubrange(at...)
            }
            let parts = 2 + rng.below(7)
            let single = Result { () throws(LoadError) in try Self.load(bytes, parts: 1) }
            let several = Result { () throws(LoadError) in try Self.load(bytes, parts: parts) }
            switch (single, several) {
            case let (.success(one), .success(many)):
                JSONLinesTests.expectSame(one, many, "trial \(trial)")
            case let (.failure(one), .failure(many)):
                #expect(one.message == many.message && one.path == many.path, "trial \(trial)")
                #expect(one.line == many.line && one.column == many.column, "trial \(trial)")
            default:
                Issue.record("trial \(trial): one part and \(parts) parts disagree")
            }
        }
    }
}
