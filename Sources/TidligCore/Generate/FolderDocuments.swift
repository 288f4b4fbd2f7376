/// The single documents of a folder, each dated relative to an anchor date.
extension FolderBuilder {
    static let measureTexts: [StaticString] = [
        "Fast voksen ved skolestart", "Redusert timeplan", "Ukentlig samtale med kontaktlærer",
        "Tilrettelagt undervisning", "Hjemmebesøk", "Gradvis tilbakeføring",
    ]

    /// A cause mapping (kartlegging av årsaker) 5 to 25 days after `anchor`; returns its date.
    @discardableResult
    mutating func addMapping(after anchor: Day, quality: MappingQuality, rng: inout SplitMix64)
        -> Day
    {
        let date = anchor.adding(days: rng.int(in: 5...25))
        var document = FolderDocument(.causeMapping, date, text: FolderBuilder.mappingText(quality))
        document.quality = quality
        documents.append(document)
        return date
    }

    /// A cause mapping from 2022, outside the audit window («sist beskrevet i 2022»).
    mutating func addStaleMapping(quality: MappingQuality, rng: inout SplitMix64) {
        var document = FolderDocument(
            .causeMapping, Day(year: 2022, month: 2, day: 1)!.adding(days: rng.below(300)),
            text: FolderBuilder.mappingText(quality))
        document.quality = quality
        documents.append(document)
    }

    private static func mappingText(_ quality: MappingQuality) -> StaticString {
        switch quality {
        case .described: "Samtale med elev og foresatte, skolemiljø vurdert"
        case .brief: "Sliter hjemme"
        case .unclear: "Årsak uklar"
        }
    }

    /// An action plan (tiltaksplan) 7 to 21 days after `anchor`; returns its date.
    mutating func addPlan(
        after anchor: Day, template: Bool, evaluateBy: Bool, rng: inout SplitMix64
    ) -> Day {
        let date = anchor.adding(days: rng.int(in: 7...21))
        var document = FolderDocument(
            .actionPlan, date,
            text: template ? "Tiltaksplan for økt skolenærvær" : "Avtale om oppmøte")
        document.template = template
        var sections: UInt8 = template ? 0b11_1111 : 0b00_0101
        // one box left empty
        if template, rng.chance(0.35) { sections &= ~(1 << UInt8(1 + rng.below(4))) }
        if evaluateBy {
            document.evaluateBy = date.adding(days: rng.int(in: 28...56))
        } else {
            sections &= ~(1 << 5)
        }
        document.sections = sections
        documents.append(document)
        return date
    }

    /// A measure (tiltak) 10 to 40 days after `anchor`.
    mutating func addMeasure(after anchor: Day, rng: inout SplitMix64) {
        let text = FolderBuilder.measureTexts[rng.below(FolderBuilder.measureTexts.count)]
        documents.append(
            FolderDocument(.measure, anchor.adding(days: rng.int(in: 10...40)), text: text))
    }

    /// An evaluation (evaluering av tiltak) of all or only some measures.
    mutating func addEvaluation(_ date: Day, full: Bool) {
        var document = FolderDocument(
            .evaluation, min(date, context.asOf),
            text: full ? "Alle tiltak evaluert" : "Noen tiltak evaluert")
        document.coverage = full ? .full : .partial
        documents.append(document)
    }

    /// A meeting with the services involved by then; BTI level 3 meetings on Fridays
    /// («fredager kl. 09-11»); the minutes sometimes not sent to every service.
    mutating func addMeeting(on wanted: Day, rng: inout SplitMix64) {
        var present: UInt8 = 0
        for involvement in involvements where involvement.date <= wanted {
            present |= 1 << UInt8(involvement.service)
        }
        if present == 0, rng.chance(0.5) { present = 1 << UInt8(ServiceIndex.schoolHealth) }
        let count = present.nonzeroBitCount
        let level = count == 0 ? 1 : count == 1 ? 2 : 3
        var date = level == 3 ? wanted.adding(days: (4 - wanted.weekday + 7) % 7) : wanted
        date = context.calendar.lastSchoolDay(onOrBefore: date) ?? date
        var document = FolderDocument(
            .meeting, date, text: level == 3 ? "BTI-møte nivå 3" : "Møte med elev og foresatte")
        document.bti = level
        document.services = present
        var sent = present
        if count > 0, rng.chance(0.3) {
            let health: UInt8 = 1 << UInt8(ServiceIndex.schoolHealth)
            sent &=
                present & health != 0 && rng.chance(0.7)
                ? ~health : ~FolderBuilder.randomBit(of: present, &rng)
        }
        document.minutesSentTo = sent
        documents.append(document)
    }

    private static func randomBit(of mask: UInt8, _ rng: inout SplitMix64) -> UInt8 {
        var skip = rng.below(mask.nonzeroBitCount)
        for bit in 0..<8 where mask & (1 << UInt8(bit)) != 0 {
            if skip == 0 { return 1 << UInt8(bit) }
            skip -= 1
        }
        return 0
    }

    /// Referrals (henvisning) by the school to the services it involved, up to two weeks before.
    mutating func addReferrals(rng: inout SplitMix64) {
        for involvement in involvements where involvement.initiator == .school && rng.chance(0.5) {
            var document = FolderDocument(
                .referral, involvement.date.adding(days: -rng.below(14)), text: "Henvisning")
            document.services = 1 << UInt8(involvement.service)
            documents.append(document)
        }
    }
}
