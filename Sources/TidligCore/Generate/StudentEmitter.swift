/// Generates and writes one student line after another, keeping the run's running state:
/// the student number, the planted problems, and the deck of audit profiles for students past 60 days.
struct StudentEmitter {
    private let seed: UInt64
    private let total: Int
    private let context: YearContext
    private var ordinal = 0
    /// JSON Lines: every student ends its line, with no comma.
    var lines = false
    private var severeOrdinal = 0
    private var deck: [AuditProfile] = []
    private var pendingProblem: PlantedProblem?
    private var absence = StudentAbsence()
    private var folder: FolderBuilder

    /// Service ids as literal fragments, in `Service.nesDefaults` order.
    static let serviceIds: [StaticString] = [
        "\"ppt\"", "\"school-health\"", "\"mental-health\"", "\"child-welfare\"", "\"slt\"",
        "\"attendance-team\"", "\"prevention-team\"",
    ]

    init(seed: UInt64, total: Int, context: YearContext) {
        self.seed = seed
        self.total = total
        self.context = context
        folder = FolderBuilder(context: context)
    }

    /// Builds student `index` of `plan`'s school and appends its line to `writer`.
    mutating func emit(
        _ index: Int, of plan: AbsencePlan, unit: SchoolUnit, to writer: inout JSONWriter
    ) {
        var rng = SplitMix64(seed: seed, 2, ordinal)
        if ordinal % NesProfile.problemEvery == NesProfile.problemEvery / 2 {
            pendingProblem = PlantedProblem(rawValue: (ordinal / NesProfile.problemEvery) % 3)
        }
        let days = plan.days[index]
        if absence.build(
            days: days, quarters: plan.quarters[index], severe: plan.severe[index],
            problem: pendingProblem, context: context, rng: &rng)
        {
            pendingProblem = nil
        }
        var profile: AuditProfile?
        if plan.severe[index] {
            if severeOrdinal % AuditProfile.deckSize == 0 {
                var deckRng = SplitMix64(seed: seed, 3, severeOrdinal / AuditProfile.deckSize)
                deck = AuditProfile.deck(&deckRng)
            }
            profile = deck[severeOrdinal % deck.count]
            severeOrdinal += 1
        }
        let firstDay = absence.records.first { $0.quarters == 0 }?.date
        folder.build(
            days: days, crossing: absence.crossing, firstDay: firstDay, profile: profile, rng: &rng)
        // The case's owner and ended involvements come from a stream of their own, so that
        // adding them left every other byte of a student as it was.
        var caseRng = SplitMix64(seed: seed, 4, ordinal)
        folder.addCaseDetails(rng: &caseRng)
        writer.raw(#"{"id":"S"#)
        writer.int(ordinal + 1, width: 7)
        writer.raw(#"","school":"#)
        writer.string(unit.id)
        writer.raw(#","grade":"#)
        writer.int(plan.grades[index])
        writeAbsence(to: &writer)
        Self.writeFolder(folder.documents, to: &writer)
        writeInvolvements(to: &writer)
        ordinal += 1
        writer.raw(ordinal == total || lines ? "}\n" : "},\n")
    }

    private func writeAbsence(to writer: inout JSONWriter) {
        writer.raw(#","absence":["#)
        for (index, record) in absence.records.enumerated() {
            writer.raw(index == 0 ? #"{"date":"# : #",{"date":"#)
            writer.date(record.date)
            if record.quarters == 0 {
                writer.raw(#","kind":"day""#)
            } else {
                writer.raw(#","kind":"hours","hours":"#)
                writer.quarterHours(record.quarters)
            }
            writer.raw(record.documented ? #","documented":true"# : #","documented":false"#)
            if let reason = record.reason { writer.stringField(#","reason":""#, reason) }
            writer.raw("}")
        }
        writer.raw("]")
    }

    private func writeInvolvements(to writer: inout JSONWriter) {
        guard !folder.involvements.isEmpty else { return }
        writer.raw(#","involvements":["#)
        for (index, involvement) in folder.involvements.enumerated() {
            writer.raw(index == 0 ? #"{"service":"# : #",{"service":"#)
            writer.raw(StudentEmitter.serviceIds[involvement.service])
            writer.raw(#","date":"#)
            writer.date(involvement.date)
            if let ended = involvement.ended {
                writer.raw(#","ended":"#)
                writer.date(ended)
            }
            writer.raw(#","initiatedBy":"#)
            switch involvement.initiator {
            case .school: writer.raw(#""school"}"#)
            case .family: writer.raw(#""family"}"#)
            case .service: writer.raw(#""service"}"#)
            case .other: writer.raw(#""other"}"#)
            }
        }
        writer.raw("]")
    }
}
