/// One student's folder gaps in words: what an auditor would write in the margin.
struct AuditGaps {
    let row: Int
    let context: EvaluationContext
    var data: DataSet { context.data }
    var window: AuditWindow { context.window }

    func lines() -> [String] {
        let audit = data.audit(row: row, window: window)
        var gaps: [String] = []
        gaps += causeGaps(audit)
        if !audit.measuresDocumented { gaps.append("no action plan or measure in the window") }
        if audit.measuresDocumented, !audit.templateUsed {
            gaps.append("no action plan on the municipal template (tiltaksplan)")
        }
        gaps += evaluationGaps()
        if audit.measuresDocumented, audit.evaluation == .none,
            !gaps.contains(where: { $0.hasPrefix("no evaluation") })
        {
            gaps.append("no evaluation of the measures in the window")
        }
        if audit.littleDocumentation {
            let count = substantiveCount()
            gaps.append(
                "little documentation: \(count) document\(count == 1 ? "" : "s") in the window")
        }
        let header = "\(data.students.ids[row]): folder audit, \(AuditTable.windowNote(context))"
        return [header] + (gaps.isEmpty ? ["  no gaps found"] : gaps.map { "  - " + $0 })
    }

    private var documents: Range<Int> { data.students.documentRange(row) }

    private func causeGaps(_ audit: FolderAudit) -> [String] {
        switch audit.causes {
        case .described: return []
        case .missing: return ["no cause mapping (kartlegging)"]
        case .partial:
            let mappings = documents.filter {
                data.documents.kind[$0] == .causeMapping && data.documents.date[$0] <= window.to
            }
            guard let last = mappings.last else { return [] }
            let date = data.documents.date[last]
            if !window.contains(date) {
                return ["causes last described \(date), before the window"]
            }
            return [
                "causes only partly described: the cause mapping of \(date) is \(data.documents.quality[last].name)"
            ]
        }
    }

    private func evaluationGaps() -> [String] {
        var gaps: [String] = []
        for plan in documents
        where data.documents.kind[plan] == .actionPlan && window.contains(data.documents.date[plan])
        {
            let date = data.documents.date[plan]
            guard let due = data.documents.evaluateBy[plan] else {
                gaps.append("the action plan of \(date) sets no evaluation date")
                continue
            }
            if data.fullEvaluation(after: plan, in: documents, until: window.to) { continue }
            let partial = documents.contains { i in
                data.documents.kind[i] == .evaluation && data.documents.date[i] >= date
                    && data.documents.date[i] <= window.to
            }
            if partial {
                gaps.append("the action plan of \(date) is only partly evaluated")
            } else if due < window.to {
                gaps.append("no evaluation of the action plan of \(date), due \(due)")
            } else {
                gaps.append("the action plan of \(date) is due for evaluation \(due)")
            }
        }
        return gaps
    }

    private func substantiveCount() -> Int {
        documents.filter {
            window.contains(data.documents.date[$0]) && data.documents.kind[$0] != .other
        }.count
    }
}
