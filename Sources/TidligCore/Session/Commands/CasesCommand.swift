/// `cases [SELECTION] [by owner | service | school]`: the open cases as of the date in force,
/// per owner, per service that follows them, or per school.
public struct CasesCommand: Command {
    public static let name = "cases"
    public static let summary =
        "open and ended cases per owner, per service that follows them, per school"
    public static let usage =
        "cases [students | NAME] [where CONDITION] [by owner | service | school] [as of DATE]"
    public static let details = """
        A case is a student at BTI level 2 or 3 (two or more services cooperating) in the
        school year; it opens on the first such day and ends when the level falls back below
        2 (see 'help case'). By owner (the default): open, ended and all cases per owner (the
        service or the school that called the first level-2/3 meeting; 'not recorded' when
        the meeting does not say, 'no meeting' when none has been called). By service: the
        open cases each service follows (its involvement open at the date in force), those it
        owns, and its involvements ended this school year (Bærum counts its "35" PPT and
        "42" health cases this way). By school: open and ended cases, and open cases without
        a recorded owner.

        Examples:
          cases
          cases by service
          cases where stage = "lower-secondary" by owner as of 2025-01-31
          cases by school
        """

    enum Grouping: String { case owner, service, school }

    var query: Query

    public static func complete(_ request: CompletionRequest) -> [String]? {
        request.arguments.last?.lowercased() == "by" ? ["owner", "service", "school"] : nil
    }

    public static func parse(_ parser: inout Parser, keyword: Token) throws(ParseFailure)
        -> CasesCommand
    {
        CasesCommand(query: try parser.query([.by], defaultSource: true))
    }

    public func run(in session: Session) throws {
        var grouping = Grouping.owner
        if let by = query.groupBy {
            guard case .field(let name, let arguments, _) = by, arguments.isEmpty,
                let chosen = Grouping(rawValue: name)
            else {
                throw Diagnostic(
                    "cases group by owner, service or school", at: by.span,
                    note: "write 'by owner', 'by service' or 'by school'")
            }
            grouping = chosen
        }
        let selection = try session.select(query)
        let context = selection.context
        let index = CaseIndex(data: context.data, asOf: context.asOf, rows: selection.rows)
        let table: ResultTable =
            switch grouping {
            case .owner: CasesCommand.byOwner(index, context.data)
            case .service: CasesCommand.byService(index, context.data)
            case .school: CasesCommand.bySchool(index, context.data)
            }
        var withNotes = table
        let year = context.data.calendar.schoolYear.map { " in \($0)" } ?? ""
        withNotes.notes.append(
            "\(index.openCases.count) open and \(index.cases.count - index.openCases.count) ended "
                + "of \(index.cases.count) cases\(year) among \(selection.rows.count) students, as of \(context.asOf)"
        )
        withNotes.notes.append(
            "a case: the student at BTI level 2 or 3 this school year ('help case')")
        session.emit(withNotes)
    }

    static func byOwner(_ index: CaseIndex, _ data: DataSet) -> ResultTable {
        let owners: [CaseOwner] =
            [.school] + data.services.indices.map { .service($0) } + [.unrecorded, .noMeeting]
        var rows: [[Value]] = []
        for owner in owners {
            let cases = index.cases.filter { $0.owner == owner }
            let open = cases.filter(\.isOpen).count
            if case .service = owner, cases.isEmpty { continue }
            rows.append([
                .string(owner.label(data)), .int(open), .int(cases.count - open), .int(cases.count),
            ])
        }
        let open = index.openCases.count
        return ResultTable(
            columns: [.init("owner"), .number("open"), .number("ended"), .number("cases")],
            rows: rows,
            footer: [
                [
                    .string("total"), .int(open), .int(index.cases.count - open),
                    .int(index.cases.count),
                ]
            ],
            notes: [
                "owner: who called the case's first BTI level-2/3 meeting ('calledBy' in the data)"
            ])
    }

    static func byService(_ index: CaseIndex, _ data: DataSet) -> ResultTable {
        let involvements = data.involvements
        let start = data.calendar.start
        var rows: [[Value]] = []
        for service in data.services.indices {
            var following = 0, ended = 0
            for found in index.cases {
                let range = data.students.involvementRange(found.row).filter {
                    Int(involvements.service[$0]) == service
                }
                if found.isOpen,
                    range.contains(where: { i in
                        involvements.date[i] <= index.asOf
                            && (involvements.ended[i].map { $0 > index.asOf } ?? true)
                    })
                {
                    following += 1
                }
                ended +=
                    range.filter { i in
                        involvements.ended[i].map { $0 >= start && $0 <= index.asOf } ?? false
                    }.count
            }
            let owns = index.openCases.filter { $0.owner == .service(service) }.count
            rows.append([
                .string(data.services[service].id), .string(data.services[service].name),
                .int(following), .int(owns), .int(ended),
            ])
        }
        return ResultTable(
            columns: [
                .init("service"), .init("name"), .number("following"), .number("owns"),
                .number("ended"),
            ],
            rows: rows,
            notes: [
                "following: open cases with the service's involvement open; owns: open cases it called; "
                    + "ended: its involvements ended this school year"
            ])
    }

    static func bySchool(_ index: CaseIndex, _ data: DataSet) -> ResultTable {
        var rows: [[Value]] = []
        for school in data.schools.indices {
            let cases = index.cases.filter { Int(data.students.school[$0.row]) == school }
            guard !cases.isEmpty else { continue }
            let open = cases.filter(\.isOpen)
            let ownerless = open.filter { $0.owner == .unrecorded || $0.owner == .noMeeting }.count
            rows.append([
                .string(data.schools[school].id), .int(open.count), .int(cases.count - open.count),
                .int(cases.count), .int(ownerless),
            ])
        }
        let open = index.openCases
        let ownerless = open.filter { $0.owner == .unrecorded || $0.owner == .noMeeting }.count
        return ResultTable(
            columns: [
                .init("school"), .number("open"), .number("ended"), .number("cases"),
                .number("no owner"),
            ],
            rows: rows,
            footer: [
                [
                    .string("total"), .int(open.count), .int(index.cases.count - open.count),
                    .int(index.cases.count),
                    .int(ownerless),
                ]
            ],
            notes: [
                "no owner: open cases whose meeting does not say who called it, or with no level-2/3 meeting"
            ])
    }
}
