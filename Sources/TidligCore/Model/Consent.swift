/// A consent to share information about one student with named services (samtykke,
/// forvaltningsloven § 13 a no. 1), as the data records it (`consents` in the contract).
public struct Consent: Sendable, Equatable {
    /// Who gave it.
    public enum GivenBy: String, Sendable, CaseIterable {
        case guardians, student, both

        /// True when the guardians' consent is part of it.
        public var includesGuardians: Bool { self != .student }
        /// True when the student's own consent is part of it.
        public var includesStudent: Bool { self != .guardians }
    }

    /// The reference under which the signed consent is kept (archive or case number).
    public var reference: String
    public var given: Day
    public var givenBy: GivenBy
    /// Service ids or service kinds (`ppt`, `child-welfare`) it covers.
    public var services: [String]
    public var purpose: String?
    /// The last day it is valid on.
    public var expires: Day?
    /// From this day nothing may be sent on it.
    public var withdrawn: Day?

    public init(
        reference: String, given: Day, givenBy: GivenBy, services: [String], purpose: String? = nil,
        expires: Day? = nil, withdrawn: Day? = nil
    ) {
        self.reference = reference
        self.given = given
        self.givenBy = givenBy
        self.services = services
        self.purpose = purpose
        self.expires = expires
        self.withdrawn = withdrawn
    }

    /// True when it names the service, by id or by kind.
    public func covers(_ service: Service) -> Bool {
        services.contains {
            $0 == service.id || (service.kind != nil && $0 == service.kind!.rawValue)
        }
    }

    /// Why it does not hold on `day` (not yet given, expired, withdrawn), or nil when it holds.
    public func problem(on day: Day) -> ConsentCheck.Refusal? {
        if given > day { return .notYetGiven }
        if let withdrawn, withdrawn <= day { return .withdrawn }
        if let expires, expires < day { return .expired }
        return nil
    }
}

/// The outcome of checking a student's consents for one service on one day.
public enum ConsentCheck: Sendable, Equatable {
    /// Identified information may be sent; the references it rests on (one, or the guardians'
    /// and the student's).
    case valid(references: [String])
    /// It may not, and why.
    case refused(Refusal)

    /// Why no consent holds, in the order they are told.
    public enum Refusal: String, Sendable, CaseIterable {
        /// The student has no consent at all.
        case none
        /// Consents exist, none for this service.
        case otherService = "other service"
        /// The consent for this service is dated after the day in force.
        case notYetGiven = "not yet given"
        case expired
        case withdrawn
        /// From 15 the student consents too; only the guardians' consent holds.
        case studentConsentMissing = "student's own consent missing (15 or older)"
        /// The student consented, the guardians did not (under 15, or without them).
        case guardianConsentMissing = "guardians' consent missing"
    }

    /// The students's consents for `service` on `day`; `ownConsentNeeded` from 15.
    ///
    /// Needs a consent that covers the service and holds that day, from the guardians, and
    /// from 15 also from the student (one consent `both`, or one from each).
    public static func check(
        _ consents: [Consent], service: Service, on day: Day, ownConsentNeeded: Bool
    ) -> ConsentCheck {
        guard !consents.isEmpty else { return .refused(.none) }
        let forService = consents.filter { $0.covers(service) }
        guard !forService.isEmpty else { return .refused(.otherService) }
        let holding = forService.filter { $0.problem(on: day) == nil }
        guard !holding.isEmpty else {
            // The most telling reason: withdrawn over expired over not yet given.
            let problems = Set(forService.compactMap { $0.problem(on: day) })
            for reason in [Refusal.withdrawn, .expired, .notYetGiven]
            where problems.contains(reason) {
                return .refused(reason)
            }
            return .refused(.none)
        }
        if !ownConsentNeeded {
            guard let consent = holding.first(where: { $0.givenBy.includesGuardians }) else {
                return .refused(.guardianConsentMissing)
            }
            return .valid(references: [consent.reference])
        }
        if let both = holding.first(where: { $0.givenBy == .both }) {
            return .valid(references: [both.reference])
        }
        let guardians = holding.first { $0.givenBy == .guardians }
        let student = holding.first { $0.givenBy == .student }
        switch (guardians, student) {
        case let (g?, s?): return .valid(references: [g.reference, s.reference])
        case (_?, nil): return .refused(.studentConsentMissing)
        default: return .refused(.guardianConsentMissing)
        }
    }
}

extension DataSet {
    /// The student's age reached during the year of `day`: from `birthYear`, else from the grade
    /// (Norwegian pupils start grade 1 in the autumn of the year they turn 6).
    ///
    /// With only a year of birth, a student who turns 15 later that year counts as 15: asking
    /// for the student's own consent a few months early is the safe side.
    public func ageReached(row: Int, on day: Day) -> Int {
        let year = day.components.year
        if let born = students.birthYear[Int32(row)] { return year - Int(born) }
        let startYear = calendar.start.components.year
        return year - (startYear - 5 - Int(students.grade[row]))
    }

    /// The consents of student `row` (empty when the data records none).
    public func consents(row: Int) -> [Consent] { students.consents[Int32(row)] ?? [] }
}
