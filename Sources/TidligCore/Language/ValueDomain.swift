/// The values a text field can take in a data set, so that a literal that matches nothing
/// (`school = "runi"`, `stage = "Primary"`) is an error with a did-you-mean, not 0 students.
///
/// The same list orders and completes groups: `count students by school` lists every school
/// of the data, in the data's order, those with no students included.
public enum ValueDomain {
    /// Every value `field` can have in `data`, in the order tables list them; nil when open.
    public static func values(of field: String, in data: DataSet) -> [String]? {
        switch field {
        case "school": data.schools.map(\.id)
        case "stage": stages(in: data)
        case "causes": FolderAudit.Causes.allCases.map(\.rawValue)
        case "measures": ["documented", "missing"]
        case "template": ["used", "unused"]
        case "evaluation": FolderAudit.Evaluation.allCases.map(\.rawValue)
        default: nil
        }
    }

    /// The stages of the data's students (from their grades), primary first.
    static func stages(in data: DataSet) -> [String] {
        var primary = false, lower = false
        for grade in data.students.grade {
            if grade >= 8 { lower = true } else { primary = true }
            if primary && lower { break }
        }
        let present = [primary ? School.Stage.primary : nil, lower ? .lowerSecondary : nil]
            .compactMap { $0 }
        return (present.isEmpty ? [.primary, .lowerSecondary] : present).map(\.rawValue)
    }
}

extension Evaluator {
    /// Refuses a text literal compared with a field whose values are known, when no value
    /// matches it: `school = "runi"` names no school, and would select nobody without a word.
    func checkKnownValue(_ lhs: Expression, _ rhs: Expression) throws(Diagnostic) {
        for (field, literal) in [(lhs, rhs), (rhs, lhs)] {
            guard case .field(let name, let arguments, _) = field, arguments.isEmpty,
                case .literal(.string(let text), let span) = literal,
                let known = ValueDomain.values(of: name, in: context.data), !known.contains(text)
            else { continue }
            let note =
                didYouMean(text, in: known)
                ?? "\(name) is one of: \(known.map { "\"\($0)\"" }.joined(separator: ", "))"
            throw Diagnostic("no \(name) '\(text)' in the data", at: span, note: note)
        }
    }
}
