#if canImport(Glibc)
    import Glibc
#endif

/// `report term as of DATE [since DATE] FILE`: the school owner's report for the term
/// (Nes collects it three times a year "som en internkontroll"), as Markdown or HTML.
struct TermReport {
    let data: DataSet
    /// The end of the term: every figure is as of this date.
    let context: EvaluationContext
    /// The date of the last report, if there was one: changes and crossings are since then.
    let since: Day?
    /// The national figure beside the 10th grade median (`set national`), and its source.
    let national: (median: Double, source: String)

    /// The first day of the term: the day after the last report, else the school year's start.
    var from: Day { since.map { $0.adding(days: 1) } ?? data.calendar.start }

    func document() throws -> ReportDocument {
        let asOf = context.asOf
        var lead = [
            "\(data.calendar.schoolYear.map { "School year \($0), " } ?? "")as of \(asOf); "
                + "action threshold \(context.threshold) days."
        ]
        lead.append(
            since.map { "Changes and crossings since the last report, as of \($0)." }
                ?? "No earlier report given ('since DATE'): crossings since the start of the school year."
        )
        lead.append(
            "Days are whole-day absence records (dagsfravær) on or before the date; "
                + "hours are hour records (timefravær).")
        return ReportDocument(
            title: "Term report on absence: \(data.municipality ?? data.source)",
            lead: lead,
            sections: [
                try tableOne(), spread(), try crossed(), cases(), try delays(), try folderAudit(),
                weekdays(),
                holidays(),
            ])
    }

    // MARK: Table 1 and the change since the last report

    func tableOne() throws -> ReportDocument.Section {
        var tallies = [SchoolTable.Tally](repeating: .init(), count: data.schools.count)
        var total = SchoolTable.Tally()
        var before = tallies, totalBefore = total
        let earlier = since.map { day in
            let view = data.view(asOf: day)
            return EvaluationContext(
                data: view, asOf: day, threshold: context.threshold,
                totals: AbsenceTotals(data: view, asOf: day), named: [:])
        }
        for row in 0..<data.studentCount where data.isMember(row) {
            let school = Int(data.students.school[row])
            tallies[school].add(row, context)
            total.add(row, context)
            if let earlier {
                before[school].add(row, earlier)
                totalBefore.add(row, earlier)
            }
        }
        func cells(
            _ now: SchoolTable.Tally, _ then: SchoolTable.Tally, _ id: String, _ name: String
        ) -> [Value] {
            var cells = now.cells(id, name)
            guard earlier != nil else { return cells }
            let n = Double(max(now.students, 1))
            cells += [
                .number(Double(now.days - then.days) / n), .number((now.hours - then.hours) / n),
                .int(now.atThreshold - then.atThreshold),
                .int(now.aboveTenPercent - then.aboveTenPercent),
            ]
            return cells
        }
        var columns: [ResultTable.Column] = [
            .init("school"), .init("name"), .number("students"), .number("days/student"),
            .number("hours/student"),
            .number(">= \(context.threshold) days"), .number("> 10 %"),
        ]
        if earlier != nil {
            columns += [
                .number("Δ days/student"), .number("Δ hours/student"),
                .number("Δ >= \(context.threshold)"),
                .number("Δ > 10 %"),
            ]
        }
        var notes = [
            "as of \(context.asOf); days and hours are means per student (the audit's Table 1)"
        ]
        if let since { notes.append("Δ: the change since the last report, as of \(since)") }
        let table = ResultTable(
            columns: columns,
            rows: data.schools.indices.map {
                cells(tallies[$0], before[$0], data.schools[$0].id, data.schools[$0].name)
            },
            footer: [cells(total, totalBefore, "", "Total")], notes: notes)
        return .init(title: "Table 1: absence per school", blocks: [.table(table)])
    }

    // MARK: Median, mean, bands, 10th grade

    func spread() -> ReportDocument.Section {
        var schools = [TermFigures.Spread](repeating: .init(), count: data.schools.count)
        var tenth = schools
        var total = TermFigures.Spread(), totalTenth = TermFigures.Spread()
        for row in 0..<data.studentCount where data.isMember(row) {
            let school = Int(data.students.school[row]), days = Int(context.totals.days[row])
            schools[school].add(days)
            total.add(days)
            if data.students.grade[row] == 10 {
                tenth[school].add(days)
                totalTenth.add(days)
            }
        }
        let nationalCell = Value.number(national.median)
        func cells(_ id: String, _ s: TermFigures.Spread, _ t: TermFigures.Spread) -> [Value] {
            [
                .string(id), .int(s.days.count), s.median.map(Value.number) ?? .null,
                s.mean.map(Value.number) ?? .null,
            ]
                + s.shares.map { $0.map(Value.number) ?? .null }
                + [.int(t.days.count), t.median.map(Value.number) ?? .null, nationalCell]
        }
        let table = ResultTable(
            columns: [
                .init("school"), .number("students"), .number("median days"), .number("mean days"),
            ]
                + TermFigures.bandNames.map { .number("\($0) %") }
                + [.number("10th grade"), .number("10th median"), .number("national")],
            rows: data.schools.indices.map { cells(data.schools[$0].id, schools[$0], tenth[$0]) },
            footer: [cells("total", total, totalTenth)],
            notes: [
                "bands: share of students by whole days as of \(context.asOf) (0-4, 5-14, 15-29, 30-59, 60+; "
                    + "the Attendance Works tiers adapted to days); median: the middle value, or the mean of the two",
                "national: \(formatDecimal(national.median, places: 1)) days, \(national.source)",
            ])
        let bars = ReportDocument.Bars(
            title: "median whole days per school, as of \(context.asOf)",
            bars: data.schools.indices.map { i in
                (
                    data.schools[i].id, schools[i].median ?? 0,
                    schools[i].median.map { formatDecimal($0, places: 1) } ?? "-"
                )
            })
        return .init(
            title: "Days per student: median, mean and bands", blocks: [.table(table), .bars(bars)])
    }

    // MARK: Crossed the threshold since the last report

    func crossed() throws -> ReportDocument.Section {
        var counts = [Int](repeating: 0, count: data.schools.count)
        var byStage: [String: Int] = [:]
        for row in 0..<data.studentCount
        where data.isMember(row) && Int(context.totals.days[row]) >= context.threshold {
            if row & 0xFFFF == 0 { try Cancellation.check() }
            guard
                let crossing = data.crossingDate(
                    row: row, days: context.threshold, asOf: context.asOf),
                crossing >= from
            else { continue }
            let school = Int(data.students.school[row])
            counts[school] += 1
            byStage[data.students.stage(row).rawValue, default: 0] += 1
        }
        let schools = ResultTable(
            columns: [.init("school"), .init("stage"), .number("crossed")],
            rows: data.schools.indices.map {
                [
                    .string(data.schools[$0].id), .string(data.schools[$0].stage?.rawValue ?? ""),
                    .int(counts[$0]),
                ]
            },
            footer: [[.string("total"), .string(""), .int(counts.reduce(0, +))]],
            notes: [
                "students whose \(context.threshold)th whole day fell from \(from) to \(context.asOf)"
            ])
        let stages = ResultTable(
            columns: [.init("stage"), .number("crossed")],
            rows: byStage.keys.sorted().map { [.string($0), .int(byStage[$0]!)] },
            notes: ["stage by the student's grade: 1-7 primary, 8-10 lower secondary"])
        return .init(
            title: "Crossed the action threshold since the last report",
            blocks: [.table(schools), .table(stages)])
    }

    // MARK: Cases opened and ended

    /// The cases (CaseIndex: a student at BTI level 2 or 3 in the school year) opened and
    /// ended in the term, per owner and per service that took part, and those open at its end.
    func cases() -> ReportDocument.Section {
        let index = CaseIndex(data: data, asOf: context.asOf)
        let opened = index.opened(from: from, through: context.asOf)
        let ended = index.ended(from: from, through: context.asOf)
        let open = index.openCases
        let owners: [CaseOwner] =
            [.school] + data.services.indices.map { .service($0) } + [.unrecorded, .noMeeting]
        func count(_ cases: [StudentCase], _ owner: CaseOwner) -> Value {
            .int(cases.filter { $0.owner == owner }.count)
        }
        let byOwner = ResultTable(
            columns: [
                .init("owner"), .number("opened"), .number("ended"),
                .number("open at \(context.asOf)"),
            ],
            rows: owners.map {
                [.string($0.label(data)), count(opened, $0), count(ended, $0), count(open, $0)]
            },
            footer: [[.string("total"), .int(opened.count), .int(ended.count), .int(open.count)]],
            notes: [
                "owner: who called the case's first BTI level-2/3 meeting ('calledBy'); 'not recorded' when "
                    + "the meeting does not say, 'no meeting' when none has been called"
            ])
        let involvements = data.involvements
        /// True when `service` took part in the case: one of its involvements raised the level.
        func takesPart(_ found: StudentCase, _ service: Int) -> Bool {
            found.levels.contains {
                if case .started(let i) = $0.cause {
                    return Int(involvements.service[i]) == service
                }
                return false
            }
        }
        let byService = ResultTable(
            columns: [
                .init("service"), .init("name"), .number("opened"), .number("ended"),
                .number("open at \(context.asOf)"),
            ],
            rows: data.services.indices.map { service in
                [
                    .string(data.services[service].id), .string(data.services[service].name),
                    .int(opened.filter { takesPart($0, service) }.count),
                    .int(ended.filter { takesPart($0, service) }.count),
                    .int(open.filter { takesPart($0, service) }.count),
                ]
            },
            notes: [
                "a service counts every case it took part in (an involvement of it in the case this school "
                    + "year), so a case with two services counts under both"
            ])
        let year = data.calendar.schoolYear.map { " of \($0)" } ?? ""
        return .init(
            title: "Cases opened and ended",
            blocks: [
                .paragraph(
                    "A case is a student at BTI level 2 or 3 (the school and one or more services cooperating) "
                        + "in the school year\(year); it opens on the first such day and ends when the level falls "
                        + "back below 2. Opened and ended: from \(from) to \(context.asOf); \(opened.count) opened, "
                        + "\(ended.count) ended, \(open.count) open at \(context.asOf)."),
                .table(byOwner), .table(byService),
            ])
    }

    // MARK: Involvement delays

    func delays() throws -> ReportDocument.Section {
        let all = data.memberRows()
        let summaries = try data.delays(
            rows: all, services: Array(data.services.indices), threshold: context.threshold,
            asOf: context.asOf, days: context.totals.days)
        let labels = summaries.map { data.services[$0.service].id }
        let survival = DelayTable.survival(
            summaries, firstColumn: "service", labels: labels, context: context)
        let plain = DelayTable.make(
            summaries, firstColumn: "service", labels: labels, context: context)
        let horizon = summaries.compactMap { $0.kaplanMeier.horizon }.max() ?? 0
        let curves = zip(labels, summaries).filter { $0.1.involved > 0 }.map { label, summary in
            let km = summary.kaplanMeier
            return (label: label, share: (0...max(horizon, 1)).map { km.involved(within: $0) })
        }
        var blocks: [ReportDocument.Block] = [
            .paragraph(
                "Time from crossing the action threshold to each service's involvement, counting the students "
                    + "still waiting (Kaplan-Meier):"),
            .table(survival),
        ]
        if !curves.isEmpty {
            blocks.append(
                .steps(
                    .init(
                        title: "share involved, days after crossing \(context.threshold) days",
                        curves: curves, from: 0, to: max(horizon, 1))))
        }
        blocks += [
            .paragraph("The plain figures, over the involved students only:"), .table(plain),
        ]
        return .init(title: "Involvement delays per service", blocks: blocks)
    }

    // MARK: Folder audit above 60 days

    func folderAudit() throws -> ReportDocument.Section {
        let rows = data.memberRows().filter { context.totals.days[Int($0)] > 60 }
        let table = AuditTable.findings(
            Selection(rows: rows, context: context, matched: rows.count))
        return .init(
            title: "Folder audit of the students above 60 days",
            blocks: [
                .paragraph(
                    "\(rows.count) student\(rows.count == 1 ? " has" : "s have") more than 60 whole days "
                        + "as of \(context.asOf)."),
                .table(table),
            ])
    }

    // MARK: Weekdays and holidays

    func weekdays() -> ReportDocument.Section {
        let counts = TermFigures.recordsPerSchoolDay(data, through: context.asOf)
        let rates = TermFigures.byWeekday(data, from: from, to: context.asOf, counts: counts)
        let names = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
        let table = ResultTable(
            columns: [
                .init("weekday"), .number("school days"), .number("day records"),
                .number("absent %", decimals: 2),
            ],
            rows: zip(names, rates).map {
                [
                    .string($0), .int($1.schoolDays), .int($1.records),
                    $1.percent.map(Value.number) ?? .null,
                ]
            },
            notes: [rateNote])
        let bars = ReportDocument.Bars(
            title: "whole-day absence by weekday, \(from) to \(context.asOf) (%)",
            bars: zip(names, rates).map {
                ($0, $1.percent ?? 0, $1.percent.map { formatDecimal($0, places: 2) } ?? "-")
            })
        return .init(title: "Absence by weekday", blocks: [.table(table), .bars(bars)])
    }

    var rateNote: String {
        "absent %: 100 × whole-day records on those school days ÷ (\(data.memberCount) students × school days), "
            + "school days from \(from) to \(context.asOf)"
    }

    func holidays() -> ReportDocument.Section {
        let counts = TermFigures.recordsPerSchoolDay(data, through: context.asOf)
        let weeks = TermFigures.weeksAfterClosures(data.calendar, from: from, to: context.asOf)
        var after = Set<Int>()
        for week in weeks { after.formUnion(week.days) }
        let others = TermFigures.schoolDayIndexes(data.calendar, from: from, to: context.asOf)
            .filter { !after.contains($0) }
        var rows: [[Value]] = []
        var bars: [(label: String, value: Double, text: String)] = []
        for week in weeks {
            let rate = TermFigures.rate(week.days, counts: counts, students: data.memberCount)
            let name = week.closure.name ?? "closure"
            rows.append([
                .string(name), .date(week.closure.from), .date(week.closure.to),
                .int(rate.schoolDays),
                .int(rate.records), rate.percent.map(Value.number) ?? .null,
            ])
            bars.append(
                (
                    "after \(name)", rate.percent ?? 0,
                    rate.percent.map { formatDecimal($0, places: 2) } ?? "-"
                ))
        }
        let rest = TermFigures.rate(others, counts: counts, students: data.memberCount)
        let footer: [Value] = [
            .string("other school days"), .null, .null, .int(rest.schoolDays), .int(rest.records),
            rest.percent.map(Value.number) ?? .null,
        ]
        bars.append(
            (
                "other school days", rest.percent ?? 0,
                rest.percent.map { formatDecimal($0, places: 2) } ?? "-"
            ))
        let table = ResultTable(
            columns: [
                .init("week after"), .init("from"), .init("to"), .number("school days"),
                .number("day records"),
                .number("absent %", decimals: 2),
            ],
            rows: rows, footer: [footer],
            notes: [
                "the week after a closure: its first 5 school days after it, those in the term; "
                    + rateNote
            ])
        return .init(
            title: "Absence after the holidays",
            blocks: [
                .paragraph(
                    "Bærum names the vulnerability \"etter ferier\" (after holidays): the school "
                        + "week right after each closure beside the other school days."),
                .table(table),
                .bars(.init(title: "whole-day absence after each closure (%)", bars: bars)),
            ])
    }
}
