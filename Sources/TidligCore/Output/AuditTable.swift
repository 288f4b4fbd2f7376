/// Tables of folder-audit findings, in the shape of the audit's own summary.
enum AuditTable {
    /// Tallies of audit findings over some students.
    struct Tally {
        var students = 0
        var causes = [Int](repeating: 0, count: 3), evaluation = [Int](repeating: 0, count: 3)
        var measures = 0, template = 0, little = 0, overdue = 0

        mutating func add(_ audit: FolderAudit) {
            students += 1
            causes[FolderAudit.Causes.allCases.firstIndex(of: audit.causes)!] += 1
            evaluation[FolderAudit.Evaluation.allCases.firstIndex(of: audit.evaluation)!] += 1
            if audit.measuresDocumented { measures += 1 }
            if audit.templateUsed { template += 1 }
            if audit.littleDocumentation { little += 1 }
            if audit.evaluationOverdue { overdue += 1 }
        }

        mutating func merge(_ other: Tally) {
            students += other.students
            for i in 0..<3 {
                causes[i] += other.causes[i]
                evaluation[i] += other.evaluation[i]
            }
            measures += other.measures
            template += other.template
            little += other.little
            overdue += other.overdue
        }

        /// (finding, count) in the audit's order.
        var findings: [(String, Int)] {
            [
                ("causes described", causes[0]), ("causes partial", causes[1]),
                ("causes missing", causes[2]),
                ("measures documented", measures), ("measures not documented", students - measures),
                ("template used", template), ("template not used", students - template),
                ("evaluation full", evaluation[0]), ("evaluation partial", evaluation[1]),
                ("evaluation none", evaluation[2]),
                ("little documentation", little), ("evaluation overdue", overdue),
            ]
        }
    }

    static func tally(_ rows: some Sequence<Int32>, _ context: EvaluationContext) throws -> Tally {
        var tally = Tally()
        for (n, row) in rows.enumerated() {
            if n & 0xFFFF == 0 { try Cancellation.check() }
            tally.add(context.data.audit(row: Int(row), window: context.window))
        }
        return tally
    }

    static func windowNote(_ context: EvaluationContext) -> String {
        let limit = context.window.littleLimit
        return
            "window \(context.window.from) to \(context.window.to); little documentation: at most \(limit) document\(limit == 1 ? "" : "s")"
    }

    /// One row per finding: count and share of the selection.
    static func findings(_ selection: Selection) -> ResultTable {
        let tally = (try? tally(selection.rows, selection.context)) ?? Tally()
        let n = Double(tally.students)
        return ResultTable(
            columns: [.init("finding"), .number("students"), .number("share %")],
            rows: tally.findings.map {
                [
                    .string($0.0), .int($0.1),
                    tally.students == 0 ? .null : .number(100 * Double($0.1) / n),
                ]
            },
            notes: [
                "\(tally.students) student\(tally.students == 1 ? "" : "s"); \(windowNote(selection.context))"
            ])
    }

    /// One row per school (the only grouping the audit table takes).
    static func bySchool(_ selection: Selection, by: Expression, query: Query) throws -> ResultTable
    {
        guard case .field("school", _, _) = by else {
            throw Diagnostic("audit groups by school only", at: by.span, note: "write 'by school'")
        }
        let context = selection.context
        var groups = [[Int32]](repeating: [], count: context.data.schools.count)
        for row in selection.rows {
            groups[Int(context.data.students.school[Int(row)])].append(row)
        }
        let names = [
            "described", "partial", "missing", "measures", "no measures", "template", "no template",
            "eval full", "eval partial", "eval none", "little", "overdue",
        ]
        var rows: [[Value]] = []
        var total = Tally()
        for (index, group) in groups.enumerated() where !group.isEmpty {
            let tally = try tally(group, context)
            total.merge(tally)
            rows.append(
                [.string(context.data.schools[index].id), .int(tally.students)]
                    + tally.findings.map { .int($0.1) })
        }
        return ResultTable(
            columns: [.init("school"), .number("students")] + names.map { .number($0) },
            rows: rows,
            footer: [[.string("total"), .int(total.students)] + total.findings.map { .int($0.1) }],
            notes: [
                "causes described/partial/missing, measures documented or not, template used or not, "
                    + "evaluation full/partial/none, little documentation, evaluation overdue",
                windowNote(context),
            ])
    }
}
