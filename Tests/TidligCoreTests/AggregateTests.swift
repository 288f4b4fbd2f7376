import Testing
@testable import TidligCore

/// Figures over groups, worked out by hand on `Fixtures/analyst.json` (days as of 2024-10-18:
/// P1 0, P2 2, P3 6 at vest; nobody at aust; L1 16, L2 4, L3 20, L4 9, L5 11 at sentrum).
@Suite struct AggregateTests {
    func run(_ statement: String) throws -> String {
        let sink = CapturingSink()
        let session = Session(
            data: try DataSetLoader.load(path: TestPaths.fixtures + "/analyst.json"), output: sink)
        session.settings.format = .csv
        #expect(session.execute(SourceFile(name: nil, text: statement)) == nil, "\(sink.text)")
        return sink.text
    }

    @Test func medianMeanSumMinMax() {
        #expect(Aggregate.compute(.median, [9, 11, 20]) == 11)  // grade 10: Udir's figure
        #expect(Aggregate.compute(.median, [0, 2, 4, 6, 9, 11, 16, 20]) == 7.5)  // (6 + 9) / 2
        #expect(Aggregate.compute(.avg, [0, 2, 6]) == 8.0 / 3)
        #expect(Aggregate.compute(.sum, []) == 0)
        #expect(Aggregate.compute(.median, []) == nil)
        #expect(
            (Aggregate.compute(.min, [4, 9, 20]), Aggregate.compute(.max, [4, 9, 20])) == (4, 20))
    }

    @Test func bandsOfWholeDays() {
        let (labels, index) = GroupKey.bands([0, 5, 15, 30, 60], integral: true)
        #expect(labels == ["<0", "0-4", "5-14", "15-29", "30-59", "60+"])
        #expect([0, 4, 5, 14, 15, 60, 200].map { index(Double($0)) } == [1, 1, 2, 2, 3, 5, 5])
    }

    @Test func everySchoolInTheDataOrderWithFigures() throws {
        // vest: median of 0, 2, 6 is 2; mean 8 / 3 = 2.7. sentrum: 4, 9, 11, 16, 20: median 11, mean 12.
        #expect(
            try run("count students by school with median(days), avg(days)") == """
                school,students,median(days),avg(days)
                vest,3,2.0,2.7
                aust,0,,
                sentrum,5,11.0,12.0

                """)
        #expect(
            try run("count students where grade = 10 with median(days)")
                == "students,median(days)\n3,11.0\n")
    }

    @Test func crossTabAndBands() throws {
        // Grades: vest 3, 3, 5; sentrum 8, 8, 10, 10, 10.
        #expect(
            try run("count students by school, grade") == """
                school,3,5,8,10,total
                vest,2,1,0,0,3
                aust,0,0,0,0,0
                sentrum,0,0,2,3,5

                """)
        // 0-4: P1, P2, L2; 5-14: P3, L4, L5; 15+: L1, L3 (the heading quoted: it holds commas).
        #expect(
            try run("count students by band(days, 0, 5, 15) order by students desc") == """
                "band(days, 0, 5, 15)",students
                0-4,3
                5-14,3
                15+,2

                """)
    }
}
