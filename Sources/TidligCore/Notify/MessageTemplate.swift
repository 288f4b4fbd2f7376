/// The text of a message with `{placeholders}` for the values it carries; `{{` and `}}` are braces.
///
/// ```
/// Student {student} at {schoolName} has {days} days of absence (crossed {threshold} on {crossing}).
/// ```
public struct MessageTemplate: Sendable {
    /// One piece of a template.
    enum Part: Sendable {
        case literal(String)
        /// A placeholder's name and its UTF-8 offset in the template text.
        case placeholder(String, offset: Int)
    }

    /// Where the template came from: `built-in ppt` or a file path.
    public var name: String
    public var text: String
    var parts: [Part]

    /// Why a template cannot be used, with where in its text (line and column, 1-based).
    public struct Problem: Error, Sendable {
        public var message: String
        public var line: Int
        public var column: Int
        public var note: String?
    }

    /// Splits `text` into literals and placeholders; an unclosed `{` is a problem.
    public init(name: String, text: String) throws(Problem) {
        self.name = name
        self.text = text
        var parts: [Part] = []
        var literal = ""
        var index = text.startIndex
        while index < text.endIndex {
            let c = text[index]
            let next = text.index(after: index)
            if (c == "{" || c == "}"), next < text.endIndex, text[next] == c {
                literal.append(c)
                index = text.index(after: next)
            } else if c == "{" {
                guard
                    let close = text[next...].firstIndex(where: {
                        $0 == "}" || $0 == "{" || $0 == "\n"
                    }), text[close] == "}"
                else {
                    throw MessageTemplate.problem(
                        "unclosed '{'", in: text, at: index,
                        note: "close the placeholder with '}', or write '{{' for a brace")
                }
                if !literal.isEmpty { parts.append(.literal(literal)); literal = "" }
                parts.append(
                    .placeholder(
                        String(text[next..<close]),
                        offset: text.utf8.distance(from: text.startIndex, to: index)))
                index = text.index(after: close)
            } else {
                literal.append(c)
                index = next
            }
        }
        if !literal.isEmpty { parts.append(.literal(literal)) }
        self.parts = parts
    }

    /// Checks every placeholder against what the message carries; the first bad one is a problem.
    public func check(carried: Set<String>, basis: LegalBasis) throws(Problem) {
        let known = MessageContent.placeholders
        for case .placeholder(let name, let offset) in parts where !carried.contains(name) {
            let at = text.utf8.index(text.startIndex, offsetBy: offset)
            if !known.contains(name) {
                throw MessageTemplate.problem(
                    "unknown placeholder {\(name)}", in: text, at: at,
                    note: closestMatch(to: name, in: known).map { "did you mean {\($0)}?" }
                        ?? "placeholders: " + known.map { "{\($0)}" }.joined(separator: " "))
            }
            let note: String
            if name == "student" && !basis.identifiesStudent {
                note = "an anonymous case discussion carries no student id"
            } else if !basis.identifiesStudent {
                note =
                    "an anonymous message carries {where}, {daysBand}, {percentBand} and {crossingMonth}, "
                    + "never exact figures or dates"
            } else if let extra = ExtraField.allCases.first(where: {
                $0.rawValue == name || (name == "undocumented" && $0 == .documented)
            }) {
                note = "add 'fields \(extra.rawValue)' to the command to send it"
            } else {
                note = "this message does not carry it"
            }
            throw MessageTemplate.problem(
                "placeholder {\(name)} is not in this message", in: text, at: at, note: note)
        }
    }

    /// The text with every placeholder replaced by its value.
    public func render(_ content: MessageContent) -> String {
        parts.map { part in
            switch part {
            case .literal(let s): s
            case .placeholder(let name, _): content[name]?.text ?? "{\(name)}"
            }
        }.joined()
    }

    /// The text with every placeholder replaced; what an anonymous message withholds reads "(withheld)".
    func renderAnonymous(_ content: MessageContent, level: Anonymity.Level) -> String {
        parts.map { part in
            switch part {
            case .literal(let s): s
            case .placeholder(let name, _): content[name]?.text ?? "(withheld)"
            }
        }.joined()
    }

    /// True when every placeholder is one of `keys`.
    func usesOnly(_ keys: Set<String>) -> Bool {
        parts.allSatisfy { part in
            if case .placeholder(let name, _) = part { return keys.contains(name) }
            return true
        }
    }

    static func problem(_ message: String, in text: String, at index: String.Index, note: String?)
        -> Problem
    {
        let location = TextLocation(
            offset: text.utf8.distance(from: text.startIndex, to: index), in: text.utf8)
        return Problem(message: message, line: location.line, column: location.column, note: note)
    }
}

extension MessageTemplate {
    /// The built-in template for a kind of service, worded for the basis (no id when anonymous).
    public static func builtIn(for kind: Service.Kind?, basis: LegalBasis) -> MessageTemplate {
        let figures =
            basis.identifiesStudent
            ? "Student {student} at {schoolName}, grade {grade}, has {days} days and {hours} hours of absence "
                + "({percent} %) as of {asOf}; the action threshold of {threshold} days was crossed on {crossing}. "
                + "BTI level so far: {bti}."
            : "A student {where} (anonymous case discussion) has {daysBand} days of absence ({percentBand} percent) "
                + "as of {asOf}; the action threshold of {threshold} days was crossed in {crossingMonth}."
        let ask: String
        switch kind {
        case .childWelfare?:
            ask =
                basis.ground.map {
                    "The school informs child welfare on its duty to inform: \($0)."
                }
                ?? "The school brings the case to child welfare."
        case .ppt?:
            ask = "The school asks PPT to take part in the follow-up of the absence."
        case .schoolHealth?:
            ask = "The school asks the school health service to take part in the follow-up."
        default:
            ask = "The school asks {serviceName} to take part in the follow-up."
        }
        let text = figures + " " + ask + " Coordinator: {coordinator}. Legal basis: {basis}."
        // The built-in texts are written here; they always parse.
        return try! MessageTemplate(name: "built-in \(kind?.rawValue ?? "other")", text: text)
    }
}
