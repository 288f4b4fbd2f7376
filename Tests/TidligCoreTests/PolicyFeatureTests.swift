import Foundation
import Testing
import TidligTestSupport
@testable import TidligCore

/// Conditions on grade and stage, services that take part for some students only, a service's
/// capacity, each school's own visit cadence, and services found by kind; dates by hand.
///
/// `Fixtures/sim.json` (see SimulationTests): P1 a grade 4 crosses 3 days Wed Sep 4, P2 a
/// grade 5 Thu Sep 5, P3 b grade 9 Fri Sep 27 (the break Sep 30 .. Oct 4 follows), P4 b
/// grade 8 never, P5 a grade 6 Mon Sep 23.
@Suite struct PolicyFeatureTests {
    static let policy = """
        policy g
          parameter threshold = 3
          parameter places = 1
          capacity ppt places adviser x 1 case for 5 school days
          step mapping when days >= threshold and grade >= 5 by school within 2 school days
          step older   when after mapping and stage = "lower-secondary" by school
          step ppt     when after mapping by ppt, mental-health if grade >= 9 within 1 school days
        end
        """

    func simulate(_ data: DataSet, _ policy: String, _ scenario: String) throws -> Simulation {
        var parser = Parser(policy)
        var book = PolicyBook()
        for p in try PolicyBook.parseFile(&parser) { try book.define(p, origin: "test", at: nil) }
        var scenarioParser = Parser(scenario)
        let parsed = try scenarioParser.scenario()
        let bound = try BoundPolicy(
            try book.policy(for: parsed, data: data), scenario: parsed, data: data)
        return try Simulation(bound, data: data, end: data.asOf)
    }

    func dates(_ simulation: Simulation, _ data: DataSet, key: Int, ids: [String]) throws
        -> [String]
    {
        try ids.map { id in
            let day = simulation.done(key: key, row: try #require(data.studentIndex(id: id)))
            return day == .never ? "-" : day.description
        }
    }

    static let ids = ["P1", "P2", "P3", "P4", "P5"]

    @Test func gradeStageActorsAndCapacity() throws {
        let data = try DataSetLoader.load(path: TestPaths.fixtures + "/sim.json")
        let simulation = try simulate(data, PolicyFeatureTests.policy, "g")
        // mapping: 3 days and grade >= 5, then 2 school days: P1 (grade 4) never; P2 Sep 5 ->
        // Mon Sep 9; P3 Sep 27 -> the break -> Tue Oct 8; P5 Sep 23 -> Wed Sep 25.
        #expect(
            try dates(simulation, data, key: 0, ids: Self.ids) == [
                "-", "2024-09-09", "2024-10-08", "-", "2024-09-25",
            ])
        // older: lower secondary only (P3, grade 9).
        #expect(
            try dates(simulation, data, key: 1, ids: Self.ids) == [
                "-", "-", "2024-10-08", "-", "-",
            ])
        // ppt: ready the next school day (P2 Tue Sep 10, P5 Thu Sep 26, P3 Wed Oct 9), then PPT's
        // one place, 5 school days a case: P2 holds it Sep 10 until Sep 17; P5 starts Sep 26 and
        // holds it through Sep 27, Oct 7, 8, 9, free on Thu Oct 10: P3 waits until Oct 10.
        #expect(
            try dates(simulation, data, key: 2, ids: Self.ids) == [
                "-", "2024-09-10", "2024-10-10", "-", "2024-09-26",
            ])
        // The mental health service takes part for grade 9 and up only: its row is P3's alone.
        #expect(simulation.policy.rowKeys == ["mapping", "older", "ppt", "mental-health"])
        #expect(
            try dates(simulation, data, key: 3, ids: Self.ids) == [
                "-", "-", "2024-10-10", "-", "-",
            ])
        // Two places: P5 takes the one P2 left on Sep 17, P3 the other on Oct 9.
        let two = try simulate(data, PolicyFeatureTests.policy, "g with places = 2")
        #expect(
            try dates(two, data, key: 2, ids: Self.ids) == [
                "-", "2024-09-10", "2024-10-09", "-", "2024-09-26",
            ])
    }

    @Test func eachSchoolVisitedOnItsOwnCadence() throws {
        var text = try #require(readText(TestPaths.fixtures + "/sim.json"))
        text = text.replacingOccurrences(
            of: #"{"id": "b", "name": "B skole", "stage": "lower-secondary"}"#,
            with:
                #"{"id": "b", "name": "B skole", "stage": "lower-secondary", "visitEveryDays": 7}"#)
        let data = try DataSetLoader.load(bytes: Array(text.utf8), source: "sim-cadence.json")
        #expect(data.schools[1].visitEveryDays == 7)
        let simulation = try simulate(data, SimulationTests.ladder, "t")
        // School a keeps PPT's 14 days (P1, P2 Mon Sep 16; P5 Mon Oct 7 after the break). School
        // b, weekly from Thu Aug 22 (7 × 1 ÷ 2 = 3 days in): P3 (mapping Tue Oct 8) Thu Oct 10.
        #expect(
            try dates(simulation, data, key: 2, ids: Self.ids) == [
                "2024-09-16", "2024-09-16", "2024-10-10", "-", "2024-10-07",
            ])
    }

    @Test func afterAStepOnlyConditionsOnTheStudent() {
        var parser = Parser(
            "policy p step a when days >= 3 by school step b when after a and days >= 3 by school end"
        )
        #expect(throws: ParseFailure.self) { try PolicyBook.parseFile(&parser) }
        var bad = Parser("policy p step a when grade >= 11 by school end")
        do {
            _ = try PolicyBook.parseFile(&bad)
            Issue.record("a grade above 10 parsed")
        } catch {
            #expect(error.diagnostic.message == "a grade is a whole number from 1 to 10")
        }
        var stage = Parser("policy p step a when stage = \"upper\" by school end")
        do {
            _ = try PolicyBook.parseFile(&stage)
            Issue.record("an unknown stage parsed")
        } catch {
            #expect(error.diagnostic.message == "unknown stage 'upper'")
        }
    }

    /// `nes` on `Fixtures/term.json`, whose PPT is `pp-tjenesten`, health service `helse` and
    /// mental health service `phf`: the preset names kinds. Only u2 (grade 10, school u,
    /// away every school day from Aug 19) reaches 15 days: on Fri Sep 6 (Aug 19-23, 26-30,
    /// Sep 2-6), and no one has a concern.
    @Test func nesRunsOnAFileWithItsOwnServiceIDs() throws {
        let data = try DataSetLoader.load(path: TestPaths.fixtures + "/term.json")
        var parser = Parser("nes")
        let scenario = try parser.scenario()
        let policy = try PolicyBook().policy(for: scenario, data: data)
        let simulation = try Simulation(
            try BoundPolicy(policy, scenario: scenario, data: data), data: data, end: data.asOf)
        #expect(
            simulation.policy.rowKeys == [
                "mapping", "plan", "evaluation", "ppt", "meeting", "pp-tjenesten", "helse", "phf",
            ])
        let ids = ["a1", "a2", "a3", "u1", "u2", "u3"]
        func of(_ key: Int) throws -> [String] { try dates(simulation, data, key: key, ids: ids) }
        // mapping: 5 school days after Sep 6: Fri Sep 13.
        #expect(try of(0) == ["-", "-", "-", "-", "2024-09-13", "-"])
        // plan: still absent 2 more days (Sep 16, 17), then 10 school days: Sep 18 .. 27 are 8,
        // the break, Oct 7 and Tue Oct 8.
        #expect(try of(1) == ["-", "-", "-", "-", "2024-10-08", "-"])
        // evaluation: 20 school days after Oct 8: Oct 9-11 (3), 14-18 (8), 21-25 (13),
        // Oct 28 - Nov 1 (18), Nov 4, Tue Nov 5 (20).
        #expect(try of(2) == ["-", "-", "-", "-", "2024-11-05", "-"])
        // ppt: pp-tjenesten visits school u (1 of 2) from Aug 19 + 14 × 1 ÷ 2 = Mon Aug 26 every
        // 14 days: Oct 7, then Mon Oct 21, the first after Oct 8.
        #expect(try of(3) == ["-", "-", "-", "-", "2024-10-21", "-"])
        // meeting: 5 more days after Oct 8 (Oct 9, 10, 11, 14, 15), the Friday after: Oct 18;
        // u2 is in lower secondary, so phf takes part.
        #expect(try of(4) == ["-", "-", "-", "-", "2024-10-18", "-"])
        #expect(try of(5) == ["-", "-", "-", "-", "2024-10-21", "-"])
        #expect(try of(6) == ["-", "-", "-", "-", "2024-10-18", "-"])
        #expect(try of(7) == ["-", "-", "-", "-", "2024-10-18", "-"])
    }

    @Test func delaysTakeAKind() {
        let sink = CapturingSink()
        let session = Session(output: sink)
        session.baseDirectory = TestPaths.fixtures
        session.execute(SourceFile(name: nil, text: "load term.json"))
        session.execute(SourceFile(name: nil, text: "delays ppt"))
        #expect(sink.text.contains("\npp-tjenesten "), "\(sink.text)")
        session.execute(SourceFile(name: nil, text: "simulate baerum"))
        #expect(!sink.text.contains("error"), "\(sink.text)")
    }
}

/// Services by kind where a kind is meant: completion, `involved(...)`, `delays`, on a file
/// whose PPT is `pp-tjenesten`, health service `helse` and mental health service `phf`.
@Suite struct ServicesByKindTests {
    let session: Session
    let completer: SessionCompleter

    init() throws {
        session = Session(
            data: try DataSetLoader.load(path: TestPaths.fixtures + "/term.json"),
            output: CapturingSink())
        completer = SessionCompleter(session: session)
    }

    @Test(arguments: [
        ("delays p", ["phf", "pp-tjenesten", "ppt"]),
        ("students where involved(s", ["school-health"]),
        ("students where involved(m", ["mental-health-family"]),
        ("students where involved(h", ["helse"]),
    ])
    func completesIDsAndKinds(_ line: String, _ expected: [String]) {
        #expect(completer.complete(line).candidates == expected, "\(line)")
    }

    @Test func involvedTakesAKindOrAnID() {
        let sink = CapturingSink()
        let session = Session(output: sink)
        session.baseDirectory = TestPaths.fixtures
        session.execute(SourceFile(name: nil, text: "load term.json"))
        // PPT (pp-tjenesten) is involved for a2 (Sep 25) and u2 (Oct 21); helse for u1 and u3
        // (Oct 10, a case below the threshold).
        session.execute(SourceFile(name: nil, text: "count students where involved(ppt)"))
        session.execute(SourceFile(name: nil, text: "count students where involved(pp-tjenesten)"))
        session.execute(SourceFile(name: nil, text: "count students where involved(school-health)"))
        let counts = sink.text.split(separator: "\n").filter {
            $0.trimmingCharacters(in: .whitespaces).allSatisfy(\.isNumber)
        }
        .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        #expect(counts == ["2", "2", "2"], "\(sink.text)")
    }
}
