/// What the folder (elevmappe) of a student with more than 60 days looks like, so that the
/// 39 folders of the sample reproduce the audit's review (seed 000, section 3.3-3.4, and
/// section 1.3.5) under DOMAIN.md's folder-audit rules over 2024-01-01 ... 2025-06-20.
///
/// | profile                   | n | causes    | measures | template | evaluation | little |
/// |---------------------------|---|-----------|----------|----------|------------|--------|
/// | meetingOnly               | 2 | partial   | no       | no       | none       | yes    |
/// | mappingAndTemplatePlan    | 6 | described | yes      | yes      | none       | yes    |
/// | mappingAndMeasure         | 5 | described | yes      | no       | none       | yes    |
/// | mappingAndFreePlan        | 1 | described | yes      | no       | none       | yes    |
/// | planWithPartialEvaluation | 2 | partial   | yes      | yes      | partial    | yes    |
/// | briefMappingAndMeasure    | 1 | partial   | yes      | no       | none       | yes    |
/// | planWithFullEvaluation    | 1 | partial   | yes      | yes      | full       | yes    |
/// | fullFollowUp              | 9 | described | yes      | yes      | full       | no     |
/// | partlyEvaluatedPlan       | 8 | described | yes      | yes      | partial    | no     |
/// | measuresInMinutes         | 3 | described | yes      | no       | partial    | no     |
/// | unclearCauses             | 1 | partial   | yes      | no       | none       | no     |
///
/// Totals, each the audit's figure:
/// - causes described 32, partial 7: «årsaker var beskrevet i 32 mapper. I de andre 7 mappene
///   var årsakene kun "delvis beskrevet"» (last described in 2022, very brief, or "unclear");
/// - measures documented 37, not 2: «i 37 mapper var dokumentert ... I 2 mapper kunne vi ikke se»;
/// - template used 26, not 13: «Det var de i 26 av mappene, mens de ikke var brukt i de 13 andre»;
/// - evaluation full 10, none 16, partial 13: «I 10 mapper var tiltakene evaluert. I 16 mapper
///   kunne vi ikke se ... I de 13 siste mappene var tiltakene delvis evaluert»;
/// - little documentation 18: «det i 18 mapper var lite dokumentasjon» (e.g. one set of
///   minutes; minutes and a reply to the child welfare service; one plan).
enum AuditProfile: Int, CaseIterable {
    case meetingOnly, mappingAndTemplatePlan, mappingAndMeasure, mappingAndFreePlan
    case planWithPartialEvaluation, briefMappingAndMeasure, planWithFullEvaluation
    case fullFollowUp, partlyEvaluatedPlan, measuresInMinutes, unclearCauses

    /// How many of the 39 folders have this profile.
    var count: Int {
        switch self {
        case .meetingOnly: 2
        case .mappingAndTemplatePlan: 6
        case .mappingAndMeasure: 5
        case .mappingAndFreePlan: 1
        case .planWithPartialEvaluation: 2
        case .briefMappingAndMeasure: 1
        case .planWithFullEvaluation: 1
        case .fullFollowUp: 9
        case .partlyEvaluatedPlan: 8
        case .measuresInMinutes: 3
        case .unclearCauses: 1
        }
    }

    /// 39: the audit's folders.
    static let deckSize = allCases.reduce(0) { $0 + $1.count }

    /// At most two documents (other than `other`) in the audit window.
    var isLittle: Bool { rawValue <= AuditProfile.planWithFullEvaluation.rawValue }

    /// The 39 profiles in an order shuffled by `rng` (Fisher-Yates).
    static func deck(_ rng: inout SplitMix64) -> [AuditProfile] {
        var deck = allCases.flatMap { Array(repeating: $0, count: $0.count) }
        for index in stride(from: deck.count - 1, to: 0, by: -1) {
            deck.swapAt(index, rng.below(index + 1))
        }
        return deck
    }
}
