import Foundation
import Testing

@testable import TidligCore

/// `tidlig generate --years N`: a deterministic tidlig/2 data set that the loader takes without
/// a problem, where children move up a grade a year and from primary to lower secondary.
@Suite struct MultiYearGeneratorTests {
    static let generator = MultiYearGenerator(students: 500, years: 3, seed: 7)
    static let bytes: [UInt8] = {
        var b: [UInt8] = []; generator.write { b.append(contentsOf: $0) }; return b
    }()
    static let data = try! DataSetLoader.load(bytes: bytes, source: "<generated>")

    @Test func sameSeedSameBytesOtherSeedOtherBytes() {
        var again: [UInt8] = []
        MultiYearGenerator(students: 500, years: 3, seed: 7).write { again.append(contentsOf: $0) }
        #expect(again == Self.bytes)
        var other: [UInt8] = []
        MultiYearGenerator(students: 500, years: 3, seed: 8).write { other.append(contentsOf: $0) }
        #expect(other != Self.bytes)
    }

    @Test func threeYearsEveryChildEveryYearNoProblems() {
        let data = Self.data
        #expect(data.schoolYears.map(\.label) == ["2022/2023", "2023/2024", "2024/2025"])
        #expect(data.studentCount == 500)
        #expect(data.problems.isEmpty)
        var years = Set<Int>()
        for row in 0..<data.studentCount {
            let range = data.students.enrolmentRange(row)
            years = Set(range.map { Int(data.enrolments.year[$0]) })
            #expect(years == [0, 1, 2], "\(data.students.ids[row])")
            if years != [0, 1, 2] { return }
        }
        // Every date keeps its weekday from year to year (52 weeks apart).
        #expect(data.schoolYears[0].calendar.start.weekday == 0)
        #expect(
            data.schoolYears[1].calendar.start
                == data.schoolYears[2].calendar.start.adding(days: -364))
    }

    @Test func childrenMoveUpAndChangeSchool() {
        let data = Self.data
        var sevenToEight = 0, midYear = 0
        for row in 0..<data.studentCount {
            let range = Array(data.students.enrolmentRange(row))
            for (a, b) in zip(range, range.dropFirst()) {
                let schoolA = data.schools[Int(data.enrolments.school[a])],
                    schoolB = data.schools[Int(data.enrolments.school[b])]
                if data.enrolments.year[a] == data.enrolments.year[b] {
                    // A change within a year: the next day of school at another school of the same stage.
                    #expect(schoolA.id != schoolB.id)
                    #expect(schoolA.stage == schoolB.stage)
                    #expect(data.enrolments.to[a].days(to: data.enrolments.from[b]) == 3)
                    midYear += 1
                } else {
                    #expect(data.enrolments.grade[b] == data.enrolments.grade[a] + 1)
                    if data.enrolments.grade[a] == 7 {
                        #expect(schoolA.stage == .primary && schoolB.stage == .lowerSecondary)
                        sevenToEight += 1
                    }
                }
            }
        }
        #expect(sevenToEight > 50)
        #expect(midYear > 15)
        #expect(
            data.memberRows().filter { data.moved(row: Int($0), asOf: data.asOf) }.count
                >= sevenToEight)
    }

    /// The one-year generator, and so the built-in sample, is unchanged by the several-year one.
    @Test func oneYearIsTheSampleGenerator() {
        var one: [UInt8] = []
        Sample.generator(students: 300, years: 1, seed: 5).write { one.append(contentsOf: $0) }
        var sample: [UInt8] = []
        SampleGenerator(students: 300, seed: 5).write { sample.append(contentsOf: $0) }
        #expect(one == sample)
        #expect(one.starts(with: Array(#"{"format":"tidlig/1""#.utf8)))
    }
}
