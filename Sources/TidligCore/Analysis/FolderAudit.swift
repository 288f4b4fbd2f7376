/// The folder audit of DOMAIN.md: what a student's folder (elevmappe) documents in a window.
///
/// The Nes audit reviewed 39 folders by hand against these points: causes mapped, measures
/// documented, the municipal template used, measures evaluated, and how much was written at all.
public struct FolderAudit: Sendable, Equatable {
    /// Whether the causes of the absence are mapped (kartlegging av årsaker).
    public enum Causes: String, Sendable, CaseIterable { case described, partial, missing }
    /// Whether the measures were evaluated (evaluering av tiltak).
    public enum Evaluation: String, Sendable, CaseIterable { case full, partial, none }

    public var causes: Causes
    /// An action plan or a measure lies in the window.
    public var measuresDocumented: Bool
    /// An action plan on the municipal template lies in the window.
    public var templateUsed: Bool
    public var evaluation: Evaluation
    /// At most `littleLimit` documents of kinds other than `other` in the window.
    public var littleDocumentation: Bool
    /// An action plan (of any date up to the window's end) whose `evaluateBy` has passed with
    /// no evaluation on or after the plan.
    public var evaluationOverdue: Bool
}

/// The period an audit looks at, and its limit for "little documentation".
public struct AuditWindow: Sendable, Equatable {
    public var from: Day
    public var to: Day
    /// "Little documentation" means at most this many documents (default 2).
    public var littleLimit: Int

    public init(from: Day, to: Day, littleLimit: Int = 2) {
        self.from = from
        self.to = to
        self.littleLimit = littleLimit
    }

    /// DOMAIN.md's default: 1 January of the calendar year the school year starts in, to `asOf`.
    public static func standard(calendar: SchoolCalendar, asOf: Day) -> AuditWindow {
        AuditWindow(from: Day(year: calendar.start.components.year, month: 1, day: 1)!, to: asOf)
    }

    /// True when `day` lies in the window (both ends included).
    @inlinable public func contains(_ day: Day) -> Bool { from <= day && day <= to }
}

extension DataSet {
    /// Audits one student's folder over `window`; `asOf` decides what is overdue.
    public func audit(row: Int, window: AuditWindow) -> FolderAudit {
        let range = students.documentRange(row)
        var anyMapping = false, describedMapping = false, measures = false, template = false
        var evaluations = 0, substantive = 0
        var plans: [Int] = []
        for i in range {
            let date = documents.date[i]
            let kind = documents.kind[i]
            if kind == .causeMapping, date <= window.to { anyMapping = true }
            guard window.contains(date) else { continue }
            if kind != .other { substantive += 1 }
            switch kind {
            case .causeMapping where documents.quality[i] == .described: describedMapping = true
            case .actionPlan:
                measures = true
                plans.append(i)
                if documents.template[i] == 2 { template = true }
            case .measure: measures = true
            case .evaluation: evaluations += 1
            default: break
            }
        }
        let evaluation: FolderAudit.Evaluation
        if evaluations == 0 {
            evaluation = .none
        } else if !plans.isEmpty,
            plans.allSatisfy({
                documents.evaluateBy[$0] != nil
                    && fullEvaluation(after: $0, in: range, until: window.to)
            })
        {
            evaluation = .full
        } else {
            evaluation = .partial
        }
        return FolderAudit(
            causes: describedMapping ? .described : (anyMapping ? .partial : .missing),
            measuresDocumented: measures, templateUsed: template, evaluation: evaluation,
            littleDocumentation: substantive <= window.littleLimit,
            evaluationOverdue: range.contains { i in
                documents.kind[i] == .actionPlan && documents.date[i] <= window.to
                    && overdue(plan: i, in: range, asOf: window.to)
            })
    }

    /// True when an evaluation of coverage `full` is dated on or after the plan, by `until`.
    func fullEvaluation(after plan: Int, in range: Range<Int>, until: Day) -> Bool {
        range.contains { i in
            documents.kind[i] == .evaluation && documents.coverage[i] == .full
                && documents.date[i] >= documents.date[plan] && documents.date[i] <= until
        }
    }

    /// True when the plan's `evaluateBy` is before `asOf` and no evaluation is dated on or after the plan by `asOf`.
    public func overdue(plan: Int, in range: Range<Int>, asOf: Day) -> Bool {
        guard let due = documents.evaluateBy[plan], due < asOf else { return false }
        return !range.contains { i in
            documents.kind[i] == .evaluation && documents.date[i] >= documents.date[plan]
                && documents.date[i] <= asOf
        }
    }
}
