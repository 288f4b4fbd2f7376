/// A folder document as written (only the fields its kind uses are set).
struct FolderDocument {
    var date: Day
    var kind: DocumentKind
    var quality: MappingQuality?
    var template: Bool?
    /// Bit `i` set when `PlanSection(rawValue: i)` is filled in (action plans).
    var sections: UInt8 = 0
    var evaluateBy: Day?
    var coverage: EvaluationCoverage?
    /// Bit `i` set for `Service.nesDefaults[i]`: present (meeting) or referred to (referral).
    var services: UInt8 = 0
    var bti: Int?
    var minutesSentTo: UInt8?
    /// meeting: who called it, a bit index of `services`, or -1 for the school; nil: not said.
    var calledBy: Int?
    var text: StaticString?

    init(_ kind: DocumentKind, _ date: Day, text: StaticString? = nil) {
        self.kind = kind
        self.date = date
        self.text = text
    }
}

/// The date a service first became involved.
struct Involvement {
    var service: Int
    var date: Day
    var initiator: Initiator
    /// The last day, for an involvement that has ended.
    var ended: Day?
}

/// Builds a student's folder (elevmappe) and involvements around the date the student
/// reached 15 days (the action threshold, tiltaksgrense).
struct FolderBuilder {
    var documents: [FolderDocument] = []
    var involvements: [Involvement] = []
    let context: YearContext

    init(context: YearContext) { self.context = context }

    /// Service indices in `Service.nesDefaults`.
    enum ServiceIndex {
        static let ppt = 0, schoolHealth = 1, mentalHealth = 2, childWelfare = 3
        static let slt = 4, attendanceTeam = 5, preventionTeam = 6
    }

    /// Per service: chance of involvement for an ordinary student past 15 days, for one past 60,
    /// the mean delay after the crossing in days, and the chance of being in before it.
    /// The audit: services are involved too late; mental health mostly via the family.
    private static let involvementOdds:
        [(ordinary: Double, severe: Double, delay: Int, early: Double)] = [
            (0.45, 0.85, 90, 0.1), (0.55, 0.9, 45, 0.2), (0.12, 0.45, 200, 0.03),
            (0.03, 0.12, 120, 0.1),
            (0.05, 0.2, 90, 0.05), (0.3, 0.7, 60, 0.1), (0.08, 0.25, 80, 0.1),
        ]

    /// Builds the folder for a student with `days` whole days, reaching 15 on `crossing`;
    /// `profile` is set for the students past 60 days.
    mutating func build(
        days: Int, crossing: Day?, firstDay: Day?, profile: AuditProfile?, rng: inout SplitMix64
    ) {
        documents.removeAll(keepingCapacity: true)
        involvements.removeAll(keepingCapacity: true)
        if let crossing {
            involve(crossing: crossing, severe: profile != nil, rng: &rng)
            if let profile {
                severeFolder(profile, crossing: crossing, rng: &rng)
            } else {
                ordinaryFolder(crossing: crossing, rng: &rng)
            }
        } else if days >= 8, let firstDay, rng.chance(0.15) {
            // Worried before the threshold: a concern, sometimes a first mapping.
            let date = min(context.asOf, firstDay.adding(days: 30 + rng.below(120)))
            documents.append(
                FolderDocument(.concern, date, text: "Kontaktlærer bekymret for fraværet"))
            if rng.chance(0.35) { addMapping(after: date, quality: .described, rng: &rng) }
        }
        for index in documents.indices {
            documents[index].date = FolderBuilder.weekday(documents[index].date)
        }
        documents = documents.filter { $0.date <= context.asOf }
        documents.sort { ($0.date, $0.kind.rawValue) < ($1.date, $1.kind.rawValue) }
        involvements.sort { ($0.date, $0.service) < ($1.date, $1.service) }
    }

    /// Offices work on weekdays: a Saturday or Sunday moves to the Monday after.
    static func weekday(_ day: Day) -> Day {
        day.isWeekend ? day.adding(days: 7 - day.weekday) : day
    }

    private mutating func involve(crossing: Day, severe: Bool, rng: inout SplitMix64) {
        for (service, odds) in FolderBuilder.involvementOdds.enumerated()
        where rng.chance(severe ? odds.severe : odds.ordinary) {
            let delay =
                rng.chance(odds.early)
                ? -(1 + 7 * rng.geometric(mean: 2, cap: 8) + rng.below(7))
                : 7 * rng.geometric(mean: Double(odds.delay) / 7, cap: 60) + rng.below(7)
            var date = crossing.adding(days: delay)
            if date < context.calendar.start {
                date = context.calendar.start.adding(days: rng.below(21))
            }
            date = FolderBuilder.weekday(date)
            guard date <= context.asOf else { continue }  // censored: not involved by asOf
            let initiator: Initiator =
                switch service {
                case ServiceIndex.mentalHealth: rng.chance(0.8) ? .family : .school
                case ServiceIndex.childWelfare:
                    rng.chance(0.5) ? .school : (rng.chance(0.6) ? .other : .service)
                default: rng.chance(0.85) ? .school : .service
                }
            involvements.append(Involvement(service: service, date: date, initiator: initiator))
        }
    }

    /// The folder of a student past 15 but not past 60 days: often followed up, unevenly.
    private mutating func ordinaryFolder(crossing: Day, rng: inout SplitMix64) {
        var anchor = crossing
        if rng.chance(0.85) {
            anchor = max(context.calendar.start, crossing.adding(days: rng.int(in: -20...10)))
            documents.append(
                FolderDocument(.concern, anchor, text: "Kontaktlærer bekymret for fraværet"))
        }
        if rng.chance(0.75) {
            let roll = rng.below(10)
            anchor = addMapping(
                after: anchor, quality: roll < 7 ? .described : roll < 9 ? .brief : .unclear,
                rng: &rng)
        }
        var plan: Day?
        if rng.chance(0.5) {
            plan = addPlan(
                after: anchor, template: rng.chance(0.7), evaluateBy: rng.chance(0.8), rng: &rng)
        }
        for _ in 0..<(rng.chance(0.6) ? rng.int(in: 1...2) : 0) {
            addMeasure(after: anchor, rng: &rng)
        }
        if let plan, rng.chance(0.55) {
            let early = rng.chance(0.06)
            let date =
                early
                ? plan.adding(days: -rng.int(in: 3...20)) : plan.adding(days: rng.int(in: 28...70))
            addEvaluation(date, full: rng.chance(0.55))
        } else if plan == nil, rng.chance(0.1) {
            addEvaluation(anchor.adding(days: rng.int(in: 30...80)), full: false)
        }
        for _ in 0..<(rng.chance(0.45) ? rng.int(in: 1...2) : 0) {
            addMeeting(on: crossing.adding(days: rng.int(in: 14...90)), rng: &rng)
        }
        addReferrals(rng: &rng)
        if rng.chance(0.2) {
            documents.append(
                FolderDocument(
                    .other, anchor.adding(days: rng.int(in: 1...60)), text: "Samtale med foresatte")
            )
        }
    }

    /// The folder of a student past 60 days, shaped by `profile` (see `AuditProfile`).
    private mutating func severeFolder(
        _ profile: AuditProfile, crossing: Day, rng: inout SplitMix64
    ) {
        let start = min(crossing, Day(year: 2025, month: 1, day: 31)!)
        let full = !profile.isLittle
        if full {
            documents.append(
                FolderDocument(
                    .concern, max(context.calendar.start, start.adding(days: -rng.int(in: 0...10))),
                    text: "Kontaktlærer bekymret for fraværet"))
        }
        var anchor = start
        switch profile {
        case .meetingOnly, .planWithPartialEvaluation, .planWithFullEvaluation:
            addStaleMapping(
                quality: profile == .planWithFullEvaluation ? .brief : .described, rng: &rng)
        case .briefMappingAndMeasure: anchor = addMapping(after: start, quality: .brief, rng: &rng)
        case .unclearCauses: anchor = addMapping(after: start, quality: .unclear, rng: &rng)
        default: anchor = addMapping(after: start, quality: .described, rng: &rng)
        }
        switch profile {
        case .meetingOnly:
            addMeeting(on: anchor.adding(days: rng.int(in: 20...120)), rng: &rng)
            documents.append(
                FolderDocument(
                    .other, anchor.adding(days: rng.int(in: 30...150)),
                    text: "Svar til barneverntjenesten"))
        case .mappingAndTemplatePlan:
            _ = addPlan(after: anchor, template: true, evaluateBy: rng.chance(0.5), rng: &rng)
        case .mappingAndMeasure, .briefMappingAndMeasure: addMeasure(after: anchor, rng: &rng)
        case .mappingAndFreePlan:
            _ = addPlan(after: anchor, template: false, evaluateBy: false, rng: &rng)
        case .planWithPartialEvaluation, .planWithFullEvaluation:
            let plan = addPlan(after: anchor, template: true, evaluateBy: true, rng: &rng)
            addEvaluation(
                plan.adding(days: rng.int(in: 35...60)), full: profile == .planWithFullEvaluation)
        case .fullFollowUp:
            let plan = addPlan(after: anchor, template: true, evaluateBy: true, rng: &rng)
            addEvaluation(plan.adding(days: rng.int(in: 35...60)), full: true)
        case .partlyEvaluatedPlan: partlyEvaluated(after: anchor, rng: &rng)
        case .measuresInMinutes:
            addEvaluation(anchor.adding(days: rng.int(in: 40...80)), full: rng.chance(0.5))
        case .unclearCauses: break
        }
        guard full else { return }
        for _ in 0..<rng.int(in: profile == .fullFollowUp ? 0...2 : 1...2) {
            addMeasure(after: anchor, rng: &rng)
        }
        for _ in 0..<rng.int(in: 1...3) {
            addMeeting(on: anchor.adding(days: rng.int(in: 14...120)), rng: &rng)
        }
        addReferrals(rng: &rng)
    }

    /// The four ways the audit saw plans only partly evaluated.
    private mutating func partlyEvaluated(after anchor: Day, rng: inout SplitMix64) {
        switch rng.below(4) {
        case 0:  // only some measures evaluated
            let plan = addPlan(after: anchor, template: true, evaluateBy: true, rng: &rng)
            addEvaluation(plan.adding(days: rng.int(in: 35...60)), full: false)
        case 1:  // no evaluation deadline set, discussed later
            let plan = addPlan(after: anchor, template: true, evaluateBy: false, rng: &rng)
            addEvaluation(plan.adding(days: rng.int(in: 35...60)), full: true)
        case 2:  // one of two plans evaluated
            let first = addPlan(after: anchor, template: true, evaluateBy: true, rng: &rng)
            let evaluated = first.adding(days: rng.int(in: 35...60))
            addEvaluation(evaluated, full: true)
            _ = addPlan(after: evaluated, template: true, evaluateBy: true, rng: &rng)
        default:  // an evaluation of earlier measures, before the plan was written
            let plan = addPlan(
                after: anchor.adding(days: 20), template: true, evaluateBy: true, rng: &rng)
            addEvaluation(plan.adding(days: -rng.int(in: 3...15)), full: true)
        }
    }
}
