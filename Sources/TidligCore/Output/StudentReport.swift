/// The text of `show`: summary, weeks, folder, involvements.
struct StudentReport {
    let row: Int
    let context: EvaluationContext
    var data: DataSet { context.data }

    func lines() -> [String] {
        summary() + [""] + weeks() + [""] + folder() + [""] + involvementLines()
    }

    func summary() -> [String] {
        let school = data.schools[Int(data.students.school[row])]
        let days = context.totals.days[row], documented = context.totals.documentedDays[row]
        let hours = context.totals.hours[row]
        let schoolDays = data.calendar.schoolDaysThrough(context.asOf)
        var lines = [
            "\(data.students.ids[row])  \(school.name) (\(school.id)), grade \(data.students.grade[row]), \(data.students.stage(row).rawValue)",
            "as of \(context.asOf): \(days) days (\(documented) documented, \(days - documented) undocumented), "
                + "\(formatDecimal(hours, places: 1)) hours = \(formatDecimal(context.equivalents(row), places: 1)) day equivalents, "
                + "\(formatDecimal(context.percent(row), places: 1)) % of \(schoolDays) school days",
        ]
        let crossing = data.crossingDate(row: row, days: context.threshold, asOf: context.asOf)
        lines.append(
            (crossing.map { "crossed \(context.threshold) days on \($0)" }
                ?? "below \(context.threshold) days")
                + "; longest run \(data.longestRun(row: row, asOf: context.asOf)) school days"
                + "; last 4 weeks \(data.recentDays(row: row, weeks: 4, asOf: context.asOf)) days")
        return lines
    }

    /// One line per week from the first school week to the week of the date in force.
    func weeks() -> [String] {
        let calendar = data.calendar
        var marks: [Day: Character] = [:]
        for i in data.students.absenceRange(row) where data.absence.date[i] <= context.asOf {
            let date = data.absence.date[i]
            if data.absence.isDay(i) {
                marks[date] = data.absence.isDocumented(i) ? "D" : "U"
            } else if marks[date] == nil {
                marks[date] = "h"
            }
        }
        var lines = ["week  monday      Mo Tu We Th Fr"]
        var monday = calendar.start.adding(days: -calendar.start.weekday)
        let last = min(context.asOf, calendar.end)
        while monday <= last {
            var cells: [String] = []
            for offset in 0..<5 {
                let day = monday.adding(days: offset)
                let mark: Character =
                    day > last ? " " : (marks[day] ?? (calendar.isSchoolDay(day) ? "." : "-"))
                cells.append(String(mark))
            }
            let week = String(isoWeek(monday))
            lines.append(
                (week.count < 2 ? " " : "") + week + "    \(monday)  "
                    + cells.joined(separator: "  "))
            monday = monday.adding(days: 7)
        }
        lines.append("D documented day, U undocumented day, h hours, . present, - no school")
        return lines.map { TableRenderer.trimTrailing($0) }
    }

    func folder() -> [String] {
        // As of a date, the folder holds only what was written by then.
        let range = data.students.documentRange(row).filter {
            data.documents.date[$0] <= context.asOf
        }
        var lines = ["folder: \(range.count) document\(range.count == 1 ? "" : "s")"]
        for i in range {
            lines.append("  \(data.documents.date[i])  \(describeDocument(i))")
        }
        return lines
    }

    func describeDocument(_ i: Int) -> String {
        let documents = data.documents
        var words = [documents.kind[i].name]
        switch documents.kind[i] {
        case .causeMapping: words.append(documents.quality[i].name)
        case .actionPlan:
            words.append(
                documents.template[i] == 2
                    ? "template" : (documents.template[i] == 1 ? "no template" : ""))
            if let due = documents.evaluateBy[i] { words.append("evaluate by \(due)") }
        case .evaluation:
            if let coverage = documents.coverage[i] {
                words.append(coverage == .full ? "full" : "partial")
            }
        case .meeting:
            if documents.bti[i] >= 0 { words.append("BTI level \(documents.bti[i])") }
            let present = serviceIDs(documents.services[i])
            if !present.isEmpty { words.append("with " + present.joined(separator: ", ")) }
            words.append(
                "minutes to "
                    + (serviceIDs(documents.minutesSentTo[i]).joined(separator: ", ").nonEmpty
                        ?? "nobody"))
        case .referral:
            let to = serviceIDs(documents.services[i])
            if !to.isEmpty { words.append("to " + to.joined(separator: ", ")) }
        default: break
        }
        return words.filter { !$0.isEmpty }.joined(separator: ", ")
    }

    func serviceIDs(_ bits: UInt64) -> [String] {
        data.services.indices.filter { $0 < 64 && bits & (1 << UInt64($0)) != 0 }.map {
            data.services[$0].id
        }
    }

    func involvementLines() -> [String] {
        let range = data.students.involvementRange(row).filter {
            data.involvements.date[$0] <= context.asOf
        }
        var lines = ["involvements: \(range.count)"]
        for i in range {
            let service = data.services[Int(data.involvements.service[i])]
            lines.append(
                "  \(data.involvements.date[i])  \(service.id) (\(service.name)), initiated by \(data.involvements.initiatedBy[i].name)"
            )
        }
        return lines
    }
}

/// ISO 8601 week number of a date.
func isoWeek(_ day: Day) -> Int {
    let thursday = day.adding(days: 3 - day.weekday)
    let year = thursday.components.year
    let firstDay = Day(year: year, month: 1, day: 1)!
    return firstDay.days(to: thursday) / 7 + 1
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
