import Foundation
import Testing
@testable import TidligCore

/// JSON Lines (the header object on line 1, then one student per line): the same model as the
/// one-object file, whether parsed in one part or in several in parallel, and errors located by
/// line, column and path, the first in file order.
@Suite struct JSONLinesTests {
    static let header = """
        {"format":"tidlig/1","asOf":"2024-09-06","calendar":{"start":"2024-08-19","end":"2025-06-20"},\
        "schools":[{"id":"a","name":"A"},{"id":"b","name":"B"}]}
        """

    static func file(_ students: [String]) -> [UInt8] {
        Array((header + "\n" + students.joined(separator: "\n") + "\n").utf8)
    }

    static let three = [
        #"{"id":"x1","school":"a","grade":3,"absence":[{"date":"2024-08-21","kind":"day"},"#
            + #"{"date":"2024-08-20","kind":"hours","hours":2,"reason":"lege"}]}"#,
        #"{"id":"x2","school":"b","grade":9}"#,
        #"{"id":"x3","school":"a","grade":1,"absence":[{"date":"2024-08-24","kind":"day"}]}"#,
    ]

    @Test func aSmallFileWorkedOutByHand() throws {
        for parts in [1, 2, 3] {
            let data = try DataSetLoader.load(
                bytes: Self.file(Self.three), source: "t.jsonl", parts: parts)
            #expect(data.students.ids == ["x1", "x2", "x3"], "parts \(parts)")
            #expect(data.students.school == [0, 1, 0])
            #expect(data.students.grade == [3, 9, 1])
            // x1's two records sorted by date: the hours on the 20th first, then the day.
            #expect(data.students.absenceStart == [0, 2, 2, 3])
            #expect(
                data.absence.date.map(\.description) == ["2024-08-20", "2024-08-21", "2024-08-24"])
            #expect(data.absence.hours == [2, 0, 0])
            #expect(data.absence.reasons[0] == "lege")
            #expect(data.absence.reasons[1] == nil)
            #expect(data.studentIndex(id: "x3") == 2)
            // 2024-08-24 is a Saturday: one problem, at x3's record, row 2 of the file.
            #expect(data.problems.map(\.path) == ["$.students[2].absence[0]"])
            #expect(data.problems.map(\.studentID) == ["x3"])
        }
    }

    /// Every field of two loads (through `Mirror`: columns added later are compared too).
    static func expectSame(_ a: DataSet, _ b: DataSet, _ label: String) {
        let (differ, compared) = ModelComparison.differences(a, b)
        #expect(differ.isEmpty, "\(label): \(differ)")
        for column in [
            "students.ids", "students.birthYear", "students.consents", "documents.calledBy",
            "involvements.ended", "absence.reasons", "problems", "enrolments.from",
        ] {
            #expect(compared.contains(column), "\(label): \(column) not compared")
        }
    }

    @Test func theGeneratorsTwoFormsGiveOneModelOnAnyNumberOfParts() throws {
        var generator = SampleGenerator(students: 1500, seed: 7)
        let object = try DataSetLoader.load(bytes: generator.json(), source: "g.json")
        generator.lines = true
        let lines = generator.json()
        // The header on one line, then a line per student.
        let text = String(decoding: lines, as: UTF8.self).split(separator: "\n")
        #expect(text.count == 1501)
        #expect(text.dropFirst().allSatisfy { $0.hasPrefix(#"{"id":"S"#) })
        #expect(!object.problems.isEmpty)
        #expect(object.documents.texts.count > 0)
        for parts in [1, 2, 3, 8] {
            let data = try DataSetLoader.load(bytes: lines, source: "g.json", parts: parts)
            Self.expectSame(object, data, "parts \(parts)")
        }
        // The automatic choice too (one part for a small file).
        Self.expectSame(object, try DataSetLoader.load(bytes: lines, source: "g.json"), "auto")
    }

    static func failure(_ bytes: [UInt8], parts: Int) -> LoadError? {
        do {
            _ = try DataSetLoader.load(bytes: bytes, source: "t.jsonl", parts: parts)
            return nil
        } catch { return error }
    }

    @Test func aBadValueIsLocatedByLineColumnAndPath() throws {
        var students = Self.three
        students[1] = #"{"id":"x2","school":"b","grade":11}"#
        for parts in [1, 2, 3] {
            let error = try #require(Self.failure(Self.file(students), parts: parts))
            #expect(error.line == 3, "parts \(parts)")
            #expect(error.column == 33)
            #expect(error.path == "$.students[1].grade")
        }
    }

    @Test func theFirstErrorInFileOrderWinsOnEveryPart() throws {
        // Row 1 has an unknown school, row 5 a bad grade: row 1 is reported whichever part fails first.
        var students = (0..<8).map { #"{"id":"y\#($0)","school":"a","grade":2}"# }
        students[1] = #"{"id":"y1","school":"zz","grade":2}"#
        students[5] = #"{"id":"y5","school":"a","grade":0}"#
        for parts in [1, 2, 4, 8] {
            let error = try #require(Self.failure(Self.file(students), parts: parts))
            #expect(error.path == "$.students[1].school", "parts \(parts)")
            #expect(error.line == 3)
        }
    }

    @Test func aDuplicateIDAcrossPartsIsFoundWhereOnePartFindsIt() throws {
        var students = (0..<9).map { #"{"id":"z\#($0)","school":"a","grade":2}"# }
        students[7] = #"{"id":"z0","school":"b","grade":4}"#
        for parts in [1, 2, 3, 9] {
            let error = try #require(Self.failure(Self.file(students), parts: parts))
            #expect(error.path == "$.students[7].id", "parts \(parts)")
            #expect(error.message.contains("first at $.students[0]"))
            #expect(error.line == 9)
            #expect(error.column == 7)
        }
        // Before a later error, the duplicate still comes first.
        students[8] = #"{"id":"z8","school":"a","grade":99}"#
        for parts in [1, 2, 3, 9] {
            #expect(Self.failure(Self.file(students), parts: parts)?.path == "$.students[7].id")
        }
    }

    @Test func aStudentOverTwoLinesOrTwoOnOneLineIsRefused() throws {
        let split = Self.file([#"{"id":"x1","school":"a","#, #""grade":3}"#])
        let error = try #require(Self.failure(split, parts: 1))
        #expect(error.line == 2)
        #expect(error.path == "$.students[0]")
        #expect(error.message.contains("end of the line"))
        let two = Self.file([
            #"{"id":"x1","school":"a","grade":3} {"id":"x2","school":"a","grade":3}"#
        ])
        let second = try #require(Self.failure(two, parts: 1))
        #expect(second.message.contains("one student per line"))
        #expect(second.column == 36)
        let glued = Array((Self.header + #" {"id":"x1","school":"a","grade":3}"#).utf8)
        let third = try #require(Self.failure(glued, parts: 1))
        #expect(third.message.contains("new line after the header"))
    }

    @Test func blankLinesAndCRLFAreFine() throws {
        let text = Self.header + "\r\n\r\n" + Self.three.joined(separator: "\r\n\n") + "\r\n\n"
        for parts in [1, 3] {
            let data = try DataSetLoader.load(
                bytes: Array(text.utf8), source: "t.jsonl", parts: parts)
            #expect(data.students.ids == ["x1", "x2", "x3"])
        }
    }

    @Test func aHeaderWithoutFormatIsStillRefused() throws {
        let text =
            #"{"asOf":"2024-09-06","calendar":{"start":"2024-08-19","end":"2025-06-20"},"schools":[]}"#
            + "\n" + Self.three[1] + "\n"
        let error = try #require(Self.failure(Array(text.utf8), parts: 1))
        #expect(error.message.contains("\"format\""))
        #expect(error.line == 1)
    }
}
