import Foundation
import Testing

@testable import TidligCore

/// The loader reads an enum as the position of its spelling in `Names`, and the model takes the
/// case at that position. These tests match the two by name, so that a swapped or inserted
/// spelling (which would, say, put the child-welfare rule on another service) fails here.
@Suite struct EnumSpellingTests {
    private static func spelled(_ names: [StaticString]) -> [String] { names.map { "\($0)" } }

    @Test func eachSpellingTableHasTheModelsCasesInTheModelsOrder() {
        #expect(Self.spelled(Names.stages) == School.Stage.allCases.map(\.rawValue))
        #expect(Self.spelled(Names.serviceKinds) == Service.Kind.allCases.map(\.rawValue))
        #expect(Self.spelled(Names.consentGivers) == Consent.GivenBy.allCases.map(\.rawValue))
        #expect(Self.spelled(Names.documentKinds) == DocumentKind.allCases.map(\.name))
        #expect(Self.spelled(Names.qualities) == MappingQuality.allCases.map(\.name))
        #expect(Self.spelled(Names.initiators) == Initiator.allCases.map(\.name))
        #expect(Self.spelled(Names.sections) == PlanSection.allCases.map(\.name))
        // The raw values the loader stores are the positions it read.
        #expect(
            DocumentKind.allCases.map { Int($0.rawValue) } == Array(0..<DocumentKind.allCases.count)
        )
        #expect(
            MappingQuality.allCases.map { Int($0.rawValue) }
                == Array(0..<MappingQuality.allCases.count))
        #expect(Initiator.allCases.map { Int($0.rawValue) } == Array(0..<Initiator.allCases.count))
        #expect(PlanSection.allCases.map(\.rawValue) == Array(0..<PlanSection.allCases.count))
    }

    /// Every spelling of the contract, written in a file and loaded: each lands on the case of
    /// that name, whatever the order of the tables.
    @Test func everySpellingLoadsAsTheCaseOfThatName() throws {
        let kinds = [
            "ppt", "school-health", "mental-health-family", "child-welfare", "slt",
            "attendance-team", "prevention-team", "other",
        ]
        let stages = ["primary", "lower-secondary", "combined"]
        let documents = [
            "concern", "cause-mapping", "action-plan", "measure", "evaluation", "meeting",
            "assessment", "referral", "other",
        ]
        let qualities = ["described", "brief", "unclear"]
        let initiators = ["school", "family", "service", "other"]
        let givers = ["guardians", "student", "both"]
        // Reversed, so that file order differs from table order.
        let services = kinds.reversed().map { #"{"id":"s-\#($0)","name":"N","kind":"\#($0)"}"# }
        let schools = stages.reversed().map { #"{"id":"k-\#($0)","name":"N","stage":"\#($0)"}"# }
        var folder = documents.reversed().map { #"{"date":"2024-09-10","kind":"\#($0)"}"# }
        folder += qualities.reversed().map {
            #"{"date":"2024-09-11","kind":"cause-mapping","quality":"\#($0)"}"#
        }
        let involvements = initiators.reversed().enumerated().map { index, initiator in
            #"{"service":"s-\#(kinds[index])","date":"2024-09-12","initiatedBy":"\#(initiator)"}"#
        }
        let consents = givers.reversed().enumerated().map { index, giver in
            #"{"reference":"R\#(index)","given":"2024-09-01","givenBy":"\#(giver)","services":["ppt"],"purpose":"p"}"#
        }
        let text = """
            {"format":"tidlig/1","municipality":"M","asOf":"2024-12-01",
             "calendar":{"schoolYear":"2024/2025","start":"2024-08-19","end":"2025-06-20","hoursPerDay":6,"closures":[]},
             "schools":[\(schools.joined(separator: ","))],
             "services":[\(services.joined(separator: ","))],
             "students":[{"id":"A","school":"k-combined","grade":5,"absence":[],
                          "folder":[\(folder.joined(separator: ","))],
                          "involvements":[\(involvements.joined(separator: ","))],
                          "consents":[\(consents.joined(separator: ","))]}]}
            """
        let data = try DataSetLoader.load(bytes: Array(text.utf8), source: "<spellings>")
        for service in data.services {
            #expect(
                service.kind?.rawValue == String(service.id.dropFirst(2)), "service \(service.id)")
        }
        for school in data.schools {
            #expect(school.stage?.rawValue == String(school.id.dropFirst(2)), "school \(school.id)")
        }
        let kindsRead = data.documents.kind.map(\.name)
        #expect(
            kindsRead.sorted() == (documents + Array(repeating: "cause-mapping", count: 3)).sorted()
        )
        // Documents keep their file order within a date; the quality rows are the last three.
        #expect(data.documents.quality.suffix(3).map(\.name) == qualities.reversed())
        let serviceOf = data.involvements.service.map { data.services[Int($0)].id }
        let initiatorOf = Dictionary(
            uniqueKeysWithValues: zip(serviceOf, data.involvements.initiatedBy.map(\.name)))
        for (index, initiator) in initiators.reversed().enumerated() {
            #expect(initiatorOf["s-" + kinds[index]] == initiator)
        }
        let consentsRead = try #require(data.students.consents[0])
        #expect(consentsRead.map(\.givenBy.rawValue) == givers.reversed())
    }
}
