/// The legal basis a message is sent on; recorded in the ledger with every disclosure.
public enum LegalBasis: Sendable, Equatable {
    /// Consent (samtykke, forvaltningsloven § 13 a no. 1). With a reference, the consent of one
    /// student kept outside the data (`basis consent "ref-2025-17"`, for a selection of one);
    /// without, each student's consents recorded in the data; in a message, the references it
    /// rests on (the guardians' and, from 15, the student's, joined by '+').
    case consent(reference: String?)
    /// Anonymous case discussion (anonym drøfting): the message carries no student id, no exact
    /// figures or dates, and school and grade only where at least 5 students share the figures.
    case anonymous
    /// The duty to inform child welfare (opplysningsplikt, barnevernsloven § 13-2), on a named
    /// ground: `basis duty "bvl § 13-2: reason to believe the child is neglected"`.
    case duty(ground: String)

    /// The word the language and the ledger use: `consent`, `anonymous`, `duty`.
    public var kind: String {
        switch self {
        case .consent: "consent"
        case .anonymous: "anonymous"
        case .duty: "duty"
        }
    }

    /// The consent reference, if any.
    public var reference: String? {
        if case .consent(let reference) = self { return reference }
        return nil
    }

    /// The ground of a duty, if any.
    public var ground: String? {
        if case .duty(let ground) = self { return ground }
        return nil
    }

    /// One line for the message and the ledger: `consent (ref-2025-17)`.
    public var description: String {
        switch self {
        case .consent(let reference?): "consent (\(reference))"
        case .consent(nil): "consent (each student's, recorded in the data)"
        case .anonymous: "anonymous case discussion"
        case .duty(let ground): "duty to inform child welfare (\(ground))"
        }
    }

    /// True when the message may carry the student's pseudonymous id.
    public var identifiesStudent: Bool { self != .anonymous }
}
