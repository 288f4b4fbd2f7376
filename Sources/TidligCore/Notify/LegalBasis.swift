/// The legal basis a message is sent on; recorded in the ledger with every disclosure.
public enum LegalBasis: Sendable, Equatable {
    /// Consent from the guardians (samtykke), with the reference under which it is kept: `consent "ref-2025-17"`.
    case consent(reference: String)
    /// Anonymous case discussion (anonym drøfting): the message carries no student id.
    case anonymous
    /// A duty to notify (opplysningsplikt), e.g. to child welfare when there is reason to believe a child is neglected.
    case duty

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

    /// One line for the message and the ledger: `consent (ref-2025-17)`.
    public var description: String {
        switch self {
        case .consent(let reference): "consent (\(reference))"
        case .anonymous: "anonymous case discussion"
        case .duty: "duty to notify"
        }
    }

    /// True when the message may carry the student's pseudonymous id.
    public var identifiesStudent: Bool { self != .anonymous }
}
