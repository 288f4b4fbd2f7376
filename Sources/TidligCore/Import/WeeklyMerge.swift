/// `import ... --onto last-week.json`: this week's export added to last week's data set, and
/// what changed between them.
///
/// The export is the truth for the dates it covers (from its first registration to its
/// as-of date): a school system's report of "absence so far this year" replaces last week's
/// records on those dates, and corrections show as records added, removed or changed on
/// dates up to last week's as-of. Last week's absence before the export's first date is
/// carried over for every student the export still lists (same key, same pseudonym).
enum WeeklyMerge {
    /// The action threshold the report names crossings of (DOMAIN.md: 15 days in Nes).
    static let threshold = 15

    /// Per date: whole days, documented days, undocumented minutes, documented minutes.
    struct DateFigures: Equatable {
        var days = 0, documentedDays = 0
        var minutes: Float = 0, documentedMinutes: Float = 0
    }

    static func merge(onto path: String, into result: inout ImportResult) throws(ImportFailure)
        -> String
    {
        let last: DataSet
        do { last = try DataSetLoader.load(path: path) } catch {
            throw ImportFailure(
                file: path, message: "cannot load last week's data set: \(error.message)",
                note: error.description, isIOError: error.isIOError)
        }
        var data = result.data
        let firstFresh = data.registrations.lazy.map(\.date).min() ?? data.asOf.adding(days: 1)
        var index: [String: Int32] = [:]
        for (i, student) in data.students.enumerated() { index[student.id] = Int32(i) }

        // Last week's records, by the pseudonym; carried over before the export's first date.
        var before: [Int32: [Day: DateFigures]] = [:]
        var carried = 0, gone = 0
        for row in 0..<last.studentCount {
            guard let student = index[last.students.ids[row]] else {
                if !last.students.absenceRange(row).isEmpty { gone += 1 }
                continue
            }
            for r in last.students.absenceRange(row) {
                let day = last.absence.date[r], isDay = last.absence.isDay(r),
                    documented = last.absence.isDocumented(r)
                let minutes = isDay ? 0 : last.absence.hours[r] * 60
                before[student, default: [:]][day, default: DateFigures()].add(
                    isDay: isDay, documented: documented, minutes: minutes)
                guard day < firstFresh else { continue }
                carried += 1
                data.registrations.append(
                    .init(
                        student: student, date: day, type: isDay ? .day : .hours,
                        documentation: documented ? .yes : .no, minutes: minutes))
            }
        }
        var after: [Int32: [Day: DateFigures]] = [:]
        for r in data.registrations
        where r.type == .day || r.type == .dayNotOnDiploma || r.type == .hours {
            after[r.student, default: [:]][r.date, default: DateFigures()]
                .add(
                    isDay: r.type != .hours,
                    documented: r.documentation == .yes || r.type == .dayNotOnDiploma,
                    minutes: r.minutes)
        }
        result.data = data
        return report(
            before: before, after: after, last: last, data: data, carried: carried, gone: gone,
            path: path)
    }

    private static func report(
        before: [Int32: [Day: DateFigures]], after: [Int32: [Day: DateFigures]], last: DataSet,
        data: ImportedData, carried: Int, gone: Int, path: String
    ) -> String {
        let lastAsOf = last.asOf
        var fresh = 0, freshStudents = 0
        var added = 0, removed = 0, changed = 0
        var corrected: [String] = [], crossed: [String] = []
        let year = data.years.first { $0.contains(data.asOf) } ?? data.years.last!
        for dates in after.values {
            let newer = dates.filter { $0.key > lastAsOf }.count
            fresh += newer
            if newer > 0 { freshStudents += 1 }
        }
        for student in Set(before.keys).union(after.keys) {
            let old = before[student] ?? [:], new = after[student] ?? [:]
            var touched = false
            for day in Set(old.keys).union(new.keys) where day <= lastAsOf {
                switch (old[day], new[day]) {
                case (nil, .some): added += 1; touched = true
                case (.some, nil): removed += 1; touched = true
                case (let a?, let b?) where a != b: changed += 1; touched = true
                default: break
                }
            }
            let id = data.students[Int(student)].id
            if touched { corrected.append(id) }
            func days(_ figures: [Day: DateFigures], through: Day) -> Int {
                figures.reduce(0) {
                    $0 + ($1.key >= year.start && $1.key <= through ? $1.value.days : 0)
                }
            }
            if days(old, through: lastAsOf) < threshold, days(new, through: data.asOf) >= threshold
            {
                crossed.append(id)
            }
        }
        func list(_ ids: [String]) -> String {
            let sorted = ids.sorted()
            return sorted.prefix(20).joined(separator: ", ")
                + (sorted.count > 20 ? " and \(sorted.count - 20) more" : "")
        }
        var lines = ["changes since \(path) (as of \(lastAsOf)):"]
        lines.append(
            "  new registrations after \(lastAsOf): \(fresh) dates for \(freshStudents) students")
        lines.append(
            "  crossed \(threshold) days since: \(crossed.count) students"
                + (crossed.isEmpty ? "" : ": \(list(crossed))"))
        lines.append(
            "  corrections of dates up to \(lastAsOf): \(added) added, \(removed) removed, \(changed) changed"
                + (corrected.isEmpty ? "" : ", for \(corrected.count) students: \(list(corrected))")
        )
        lines.append(
            "  carried over from last week (before this export's first date): \(carried) records"
                + (gone > 0
                    ? "; \(gone) students of last week are not in this export and are left out"
                    : ""))
        return lines.joined(separator: "\n") + "\n"
    }
}

extension WeeklyMerge.DateFigures {
    mutating func add(isDay: Bool, documented: Bool, minutes length: Float) {
        if isDay {
            days += 1
            if documented { documentedDays += 1 }
        } else if documented {
            documentedMinutes += length
        } else {
            minutes += length
        }
    }
}
