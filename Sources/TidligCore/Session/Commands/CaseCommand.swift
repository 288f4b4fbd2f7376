/// `case ID`: one student's case (sak) on one screen: owner, BTI level over time, involvements,
/// measures with their evaluation deadlines, and minutes not sent to a service that took part.
public struct CaseCommand: Command {
    public static let name = "case"
    public static let summary =
        "one student's case: owner, BTI level, involvements, measures, minutes"
    public static let usage = "case ID [as of DATE]"
    public static let details = """
        The student's case in the school year, as of the date in force: who owns it (the
        service or the school that called its first BTI level-2/3 meeting, 'calledBy' in the
        data), when it opened (the first day at level 2 or 3) and whether it has ended, the
        level over time (meetings set it; involvements that begin raise it, ones that end
        lower it), open and ended involvements, the action plans and measures of the audit
        window with their evaluation deadlines (an overdue one in red on a terminal), and the
        meetings whose minutes did not go to a service that took part.

        Example:
          case S0000042
          case S0000042 as of 2025-01-31
        """

    var id: Token
    var asOf: (Day, SourceSpan)?

    public static func complete(_ request: CompletionRequest) -> [String]? {
        switch request.arguments.count {
        case 0: return request.studentIDs
        case 1: return ["as"]
        default: return nil
        }
    }

    public static func parse(_ parser: inout Parser, keyword: Token) throws(ParseFailure)
        -> CaseCommand
    {
        let (id, asOf) = try parser.studentTarget()
        return CaseCommand(id: id, asOf: asOf)
    }

    public func run(in session: Session) throws {
        let context = try session.context(asOf: asOf)
        let row = try session.studentRow(id)
        // Never colour in a file (`into FILE`, `set output FILE`), only on the terminal itself.
        let red =
            session.outputColor && session.settings.format == .table
            && !(session.output is FileResultSink)
        let screen = CaseScreen(row: row, context: context, red: red)
        session.output.write(screen.lines().joined(separator: "\n") + "\n")
    }
}

/// The text of `case`.
struct CaseScreen {
    let row: Int
    let context: EvaluationContext
    /// Overdue deadlines in red (ANSI), only on a terminal.
    let red: Bool
    var data: DataSet { context.data }
    var asOf: Day { context.asOf }

    func lines() -> [String] {
        let index = CaseIndex(data: data, asOf: asOf, rows: [Int32(row)])
        let found = index.studentCase(row: row)
        var lines = header(found)
        if let found { lines += [""] + levelLines(found) }
        lines += [""] + involvementLines()
        lines += [""] + measureLines()
        lines += [""] + minutesLines(owner: found?.owner)
        return lines
    }

    func header(_ found: StudentCase?) -> [String] {
        let school = data.schools[Int(data.students.school[row])]
        let year = data.calendar.schoolYear.map { " \($0)" } ?? ""
        var lines = [
            "\(data.students.ids[row])  \(school.name) (\(school.id)), grade \(data.students.grade[row]); "
                + "case\(year) as of \(asOf)"
        ]
        guard let found else {
            lines.append(
                "no case: never at BTI level 2 or 3 this school year (no level-2/3 meeting, no service involved)"
            )
            return lines
        }
        lines.append("owner: " + ownerText(found))
        let state = found.ended.map { "ended \($0)" } ?? "open"
        lines.append("opened \(found.opened); \(state); BTI level \(found.level) as of \(asOf)")
        return lines
    }

    func ownerText(_ found: StudentCase) -> String {
        let meeting = found.ownerMeeting.map {
            "the BTI level-\(data.documents.bti[$0]) meeting of \(data.documents.date[$0])"
        }
        switch found.owner {
        case .school: return "the school, which called \(meeting ?? "the meeting")"
        case .service(let index):
            return
                "\(data.services[index].id) (\(data.services[index].name)), which called \(meeting ?? "the meeting")"
        case .unrecorded:
            return "not recorded: \(meeting ?? "the meeting") does not say who called it"
        case .noMeeting: return "none yet: no BTI level-2/3 meeting has been called"
        }
    }

    func levelLines(_ found: StudentCase) -> [String] {
        var lines = ["BTI level over time:"]
        for change in found.levels {
            let what: String
            switch change.cause {
            case .meeting(let i):
                let caller =
                    data.documents.calledBy[i] == CaseOwner.notStated
                    ? "" : ", called by " + CaseOwner(code: data.documents.calledBy[i]).label(data)
                what = "meeting at level \(data.documents.bti[i])\(caller)"
            case .started(let i):
                let service = data.services[Int(data.involvements.service[i])].id
                what =
                    data.involvements.date[i] < change.date
                    ? "\(service) involved (since \(data.involvements.date[i]))"
                    : "\(service) involved"
            case .ended(let i):
                what = "\(data.services[Int(data.involvements.service[i])].id) ended"
            }
            lines.append("  \(change.date)  level \(change.level)  \(what)")
        }
        return lines
    }

    func involvementLines() -> [String] {
        let range = data.students.involvementRange(row).filter {
            data.involvements.date[$0] <= asOf
        }
        let ended = range.filter { i in data.involvements.ended[i].map { $0 <= asOf } ?? false }
        var lines = ["involvements: \(range.count - ended.count) open, \(ended.count) ended"]
        let width =
            range.map { data.services[Int(data.involvements.service[$0])].id.count }.max() ?? 0
        for i in range {
            let service = data.services[Int(data.involvements.service[i])].id
            let start = data.involvements.date[i]
            let state: String
            if let end = data.involvements.ended[i], end <= asOf {
                state = "ended \(end), after \(start.days(to: end)) days"
            } else {
                state = "open, \(start.days(to: asOf)) days so far"
            }
            let padded = service + String(repeating: " ", count: width - service.count)
            lines.append(
                "  \(start)  \(padded)  \(state), initiated by \(data.involvements.initiatedBy[i].name)"
            )
        }
        return lines
    }

    /// Action plans and measures in the audit window, with what became of each plan's evaluation.
    func measureLines() -> [String] {
        let range = data.students.documentRange(row)
        let window = context.window
        let measures = range.filter { i in
            (data.documents.kind[i] == .actionPlan || data.documents.kind[i] == .measure)
                && window.contains(data.documents.date[i])
        }
        var lines = ["measures (\(window.from) to \(window.to)): \(measures.count)"]
        for i in measures {
            var line = "  \(data.documents.date[i])  \(data.documents.kind[i].name)"
            if data.documents.kind[i] == .actionPlan {
                line += data.documents.template[i] == 2 ? ", template" : ""
                line += "; " + evaluationText(plan: i, in: range)
            } else if let text = data.documents.texts[Int32(i)] {
                line += ": \(text)"
            }
            lines.append(line)
        }
        return lines
    }

    func evaluationText(plan: Int, in range: Range<Int>) -> String {
        let documents = data.documents
        let evaluation = range.first { i in
            documents.kind[i] == .evaluation && documents.date[i] >= documents.date[plan]
                && documents.date[i] <= asOf
        }
        let due = documents.evaluateBy[plan]
        if let evaluation {
            let coverage =
                documents.coverage[evaluation].map { $0 == .full ? " (full)" : " (partial)" } ?? ""
            return (due.map { "evaluate by \($0), " } ?? "no evaluation date; ")
                + "evaluated \(documents.date[evaluation])\(coverage)"
        }
        guard let due else { return "no evaluation date set, not evaluated" }
        if due < asOf {
            let text = "evaluate by \(due): overdue by \(due.days(to: asOf)) days"
            return red ? "\u{1B}[31m\(text)\u{1B}[0m" : text
        }
        return "evaluate by \(due): due in \(asOf.days(to: due)) days"
    }

    /// Meetings on or before the date in force whose minutes did not reach a service present
    /// (the one that called the meeting wrote them).
    func minutesLines(owner: CaseOwner?) -> [String] {
        let documents = data.documents
        var lines: [String] = []
        for i in data.students.documentRange(row)
        where documents.kind[i] == .meeting && documents.date[i] <= asOf {
            var missing = documents.services[i] & ~documents.minutesSentTo[i]
            if documents.calledBy[i] >= 0 {
                missing &= ~(UInt64(1) << UInt64(documents.calledBy[i]))
            }
            guard missing != 0 else { continue }
            let ids = data.services.indices.filter { $0 < 64 && missing & (1 << UInt64($0)) != 0 }
                .map { data.services[$0].id }
            let level = documents.bti[i] >= 0 ? "BTI level \(documents.bti[i]) meeting" : "meeting"
            lines.append(
                "  \(documents.date[i])  \(level): not sent to \(ids.joined(separator: ", "))")
        }
        return [
            "minutes not sent to a service that took part: \(lines.isEmpty ? "none" : String(lines.count))"
        ] + lines
    }
}
