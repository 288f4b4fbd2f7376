/// One value a message carries.
public enum MessageValue: Sendable, Equatable {
    case text(String)
    case int(Int)
    /// A number shown with this many decimals.
    case number(Double, places: Int)
    case list([String])
    case null

    /// The value in a template's text: numbers as shown, lists joined by "; ", null as "none".
    public var text: String {
        switch self {
        case .text(let s): s
        case .int(let n): String(n)
        case .number(let x, let places): formatDecimal(x, places: places)
        case .list(let items): items.isEmpty ? "none" : items.joined(separator: "; ")
        case .null: "none"
        }
    }

    /// The value as JSON.
    public var json: String {
        switch self {
        case .text(let s): JSONRenderer.string(s)
        case .int(let n): String(n)
        case .number(let x, let places): formatDecimal(x, places: places)
        case .list(let items): "[" + items.map(JSONRenderer.string).joined(separator: ", ") + "]"
        case .null: "null"
        }
    }
}

/// Fields a message carries only when the command asks for them: `fields reasons, documented`.
public enum ExtraField: String, Sendable, CaseIterable {
    /// The free-text reasons given with absence records.
    case reasons
    /// Whole days with and without documentation.
    case documented
    /// The free text of the folder's documents (meeting notes, plans).
    case notes
}

/// What one message says about one student: named values in a fixed order.
///
/// By default only what the receiving service needs (DOMAIN.md): the pseudonymous id (not on an
/// anonymous basis), school, grade, absence figures, the threshold and its crossing date, the
/// BTI level, who coordinates, and the legal basis. Reasons, documentation and free text only as
/// `ExtraField`s.
public struct MessageContent: Sendable {
    /// The values, in the order the JSON body lists them.
    public private(set) var values: [(key: String, value: MessageValue)] = []

    /// The value under `key`, if carried.
    public subscript(key: String) -> MessageValue? { values.first { $0.key == key }?.value }

    mutating func add(_ key: String, _ value: MessageValue) { values.append((key, value)) }

    /// Replaces the value under `key`.
    mutating func replace(_ key: String, with value: MessageValue) {
        if let index = values.firstIndex(where: { $0.key == key }) { values[index].value = value }
    }

    /// The keys that describe the student (everything but the envelope), for the ledger's "fields sent".
    public var disclosedFields: [String] {
        values.map(\.key).filter { !MessageContent.envelope.contains($0) }
    }

    /// Keys about the message itself rather than the student.
    static let envelope: Set<String> = [
        "messageId", "service", "serviceName", "rule", "schoolYear", "basis",
        "consentReference", "ground", "coordinator", "text", "withheld",
    ]

    /// Every placeholder a template may use, with the extra field (or basis) that must allow it.
    public static let placeholders: [String] = [
        "messageId", "service", "serviceName", "rule", "schoolYear", "basis", "consentReference",
        "student",
        "school", "schoolName", "grade", "asOf", "days", "hours", "percent", "threshold",
        "crossing", "bti",
        "coordinator", "documented", "undocumented", "reasons", "notes", "ground",
        "where", "daysBand", "percentBand", "crossingMonth",
    ]

    /// The pretty-printed JSON body, one key per line, ending in a newline.
    public var json: String {
        "{\n"
            + values.map { "  \(JSONRenderer.string($0.key)): \($0.value.json)" }.joined(
                separator: ",\n") + "\n}\n"
    }
}
