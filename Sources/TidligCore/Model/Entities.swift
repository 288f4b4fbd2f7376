/// A school (skole) of the data set.
public struct School: Sendable, Equatable {
    /// Which grades a school teaches.
    public enum Stage: String, Sendable, CaseIterable {
        /// barneskole, grades 1-7
        case primary
        /// ungdomsskole, grades 8-10
        case lowerSecondary = "lower-secondary"
        /// grades 1-10
        case combined
    }

    public var id: String
    public var name: String
    public var stage: Stage?
    /// Calendar days between PPT's visits to this school, when the school has its own cadence
    /// ("fra hver sjette uke til hver andre uke", one school once a month); nil: the service's.
    public var visitEveryDays: Int?

    public init(id: String, name: String, stage: Stage? = nil, visitEveryDays: Int? = nil) {
        self.id = id
        self.name = name
        self.stage = stage
        self.visitEveryDays = visitEveryDays
    }
}

/// A municipal service that can take part in absence cases (a BTI partner).
public struct Service: Sendable, Equatable {
    /// What kind of service it is; decides default message templates and legal rules.
    public enum Kind: String, Sendable, CaseIterable {
        /// pedagogisk-psykologisk tjeneste
        case ppt
        /// skolehelsetjenesten
        case schoolHealth = "school-health"
        /// psykisk helse og familietjenesten
        case mentalHealthFamily = "mental-health-family"
        /// barneverntjenesten
        case childWelfare = "child-welfare"
        /// oppvekst- og SLT-koordinator
        case slt
        /// læringsmiljø- og fraværsteam
        case attendanceTeam = "attendance-team"
        /// forebyggende team
        case preventionTeam = "prevention-team"
        case other
    }

    public var id: String
    public var name: String
    public var kind: Kind?
    /// Calendar days between the service's visits to each school (PPT: 14 to 42 in Nes).
    public var visitEveryDays: Int?

    public init(id: String, name: String, kind: Kind? = nil, visitEveryDays: Int? = nil) {
        self.id = id
        self.name = name
        self.kind = kind
        self.visitEveryDays = visitEveryDays
    }

    /// The Nes services of DOMAIN.md, used when a data set lists none.
    public static let nesDefaults: [Service] = [
        Service(id: "ppt", name: "Pedagogisk tjeneste (PPT)", kind: .ppt, visitEveryDays: 28),
        Service(id: "school-health", name: "Skolehelsetjenesten", kind: .schoolHealth),
        Service(
            id: "mental-health", name: "Psykisk helse og familietjenesten",
            kind: .mentalHealthFamily),
        Service(id: "child-welfare", name: "Barneverntjenesten", kind: .childWelfare),
        Service(id: "slt", name: "Oppvekst- og SLT-koordinator", kind: .slt),
        Service(id: "attendance-team", name: "Læringsmiljø- og fraværsteam", kind: .attendanceTeam),
        Service(id: "prevention-team", name: "Forebyggende team", kind: .preventionTeam),
    ]
}

/// The kind of a folder document (elevmappe).
public enum DocumentKind: UInt8, Sendable, CaseIterable {
    /// bekymring registered
    case concern
    /// kartlegging av årsaker
    case causeMapping
    /// tiltaksplan
    case actionPlan
    case measure
    /// evaluering av tiltak
    case evaluation
    case meeting
    case assessment
    /// henvisning
    case referral
    case other

    /// The contract's spelling, `cause-mapping`.
    public var name: String {
        switch self {
        case .concern: "concern"
        case .causeMapping: "cause-mapping"
        case .actionPlan: "action-plan"
        case .measure: "measure"
        case .evaluation: "evaluation"
        case .meeting: "meeting"
        case .assessment: "assessment"
        case .referral: "referral"
        case .other: "other"
        }
    }

    /// Parses the contract's spelling.
    public init?(name: String) {
        guard let kind = DocumentKind.allCases.first(where: { $0.name == name }) else { return nil }
        self = kind
    }
}

/// How well a cause mapping describes the causes.
public enum MappingQuality: UInt8, Sendable, CaseIterable {
    case described, brief, unclear
    public var name: String { String(describing: self) }
}

/// How much of a plan an evaluation covers.
public enum EvaluationCoverage: UInt8, Sendable {
    case full, partial
}

/// Who started a service's involvement.
public enum Initiator: UInt8, Sendable, CaseIterable {
    case school, family, service, other
    public var name: String { String(describing: self) }
}

/// The six sections of the municipal action-plan template.
public enum PlanSection: Int, Sendable, CaseIterable {
    case situation, bestInterest, measures, schedule, responsible, evaluateBy
    public var name: String {
        ["situation", "best-interest", "measures", "schedule", "responsible", "evaluate-by"][
            rawValue]
    }
}
