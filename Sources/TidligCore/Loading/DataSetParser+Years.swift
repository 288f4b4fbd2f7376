/// `tidlig/2`: the school years, and the tables the students' parse checks records against.
struct YearTables {
    var list: [SchoolYear] = []
    /// "2024/2025" -> index in `list`.
    var byLabel: [String: Int] = [:]
    /// Closures of single schools, by school id, resolved once "schools" is known.
    var pending: [PendingSchoolClosures] = []
    var prepared = false
    /// The first year's start: offset 0 of `dayYear`, `schoolOpen` and the parser's `openDays`.
    var spanStart = Day(rawValue: 0)
    /// `dayYear[offset]`: the index of the year holding `spanStart + offset`, or 255 for none.
    var dayYear: [UInt8] = []
    /// Open days of the schools with their own closures, by school index, at the same offsets.
    var schoolOpen: [Int: [Bool]] = [:]
    /// Offsets of the start and of the "schoolYear" value of the year being parsed.
    var startOffset = 0, labelOffset = 0

    static let limit = 254
}

/// The extra closures of one school in one school year, before the school id is checked.
struct PendingSchoolClosures {
    var year: Int
    var id: String
    /// Offset of the key (the school id) in the file.
    var offset: Int
    var closures: [SchoolCalendar.Closure]
}

extension DataSetParser {
    // school-years = '[' school-year *( ',' school-year ) ']' ; 1 to 254, in date order, not overlapping
    // school-year = calendar with a required "schoolYear" and "schools": school-closures
    mutating func parseSchoolYears() throws(JSONFailure) {
        let at = s.pos
        try s.openArray()
        years = YearTables()
        var first = true
        while try s.nextElement(&first) {
            let index = years.list.count
            let open = s.pos
            guard index < YearTables.limit else {
                throw JSONFailure(
                    offset: open, message: "more than \(YearTables.limit) school years",
                    path: "[\(index)]")
            }
            let calendar = try within(index: index) { () throws(JSONFailure) in
                try parseCalendar(year: index)
            }
            guard let label = calendar.schoolYear else {
                throw JSONFailure(
                    offset: open,
                    message:
                        "missing required field \"schoolYear\" (enrolments name their year by it)",
                    path: "[\(index)]")
            }
            if let earlier = years.byLabel[label] {
                throw JSONFailure(
                    offset: years.labelOffset,
                    message:
                        "duplicate school year \"\(label)\" (first at $.schoolYears[\(earlier)])",
                    path: "[\(index)].schoolYear")
            }
            if let previous = years.list.last, calendar.start <= previous.calendar.end {
                throw JSONFailure(
                    offset: years.startOffset,
                    message:
                        "the school year starts (\(calendar.start)) before the one before it ends "
                        + "(\(previous.label), \(previous.calendar.end)); school years are in date order and do not overlap",
                    path: "[\(index)].start")
            }
            years.byLabel[label] = index
            years.list.append(SchoolYear(calendar: calendar))
        }
        guard !years.list.isEmpty else {
            throw JSONFailure(
                offset: at, message: "expected at least one school year in \"schoolYears\"")
        }
    }

    // school-closures = '{' { school-id: '{' { "closures": closures | other: value } '}' } '}'
    mutating func parseSchoolClosures(year: Int) throws(JSONFailure) {
        _ = try s.openObject()
        var first = true
        var ids: Set<String> = []
        while let key = try s.nextKey(&first) {
            let id = String(
                decoding: UnsafeBufferPointer(start: key.start, count: max(key.count, 0)),
                as: UTF8.self)
            guard ids.insert(s.keyName(key)).inserted else { throw s.duplicateKeyFailure(key) }
            do throws(JSONFailure) {
                let open = try s.openObject()
                var closures: [SchoolCalendar.Closure]?
                var fields = KeyLog()
                var inner = true
                while let field = try s.nextKey(&inner) {
                    if field.is("closures") {
                        try fields.note(1, field, in: s)
                        closures = try within("closures") { () throws(JSONFailure) in
                            try parseClosures()
                        }
                    } else {
                        try s.skipMember(field, &fields)
                    }
                }
                guard let closures else {
                    throw JSONFailure(offset: open, message: "missing required field \"closures\"")
                }
                years.pending.append(
                    PendingSchoolClosures(
                        year: year, id: id, offset: key.offset, closures: closures))
            } catch {
                var failure = error
                failure.path = ".\(id)" + failure.path
                throw failure
            }
        }
    }

    /// Checks the schools the years name and builds the per-day tables, once "schools" and
    /// "schoolYears" are both read.
    mutating func prepareYears() throws(JSONFailure) {
        guard !years.prepared else { return }
        years.prepared = true
        for pending in years.pending {
            let index =
                pending.id.utf8.withContiguousStorageIfAvailable { schoolTable.lookup($0) } ?? nil
            guard let school = index else {
                let hint =
                    schoolTable.suggestion(for: pending.id).map { " (did you mean '\($0)'?)" } ?? ""
                throw JSONFailure(
                    offset: pending.offset,
                    message:
                        "unknown school \"\(pending.id)\"; \(schoolTable.listing("schools"))\(hint)",
                    path: ".schoolYears[\(pending.year)].schools.\(pending.id)")
            }
            let calendar = years.list[pending.year].calendar
            years.list[pending.year].schoolCalendars[school] = SchoolCalendar(
                start: calendar.start, end: calendar.end, hoursPerDay: calendar.hoursPerDay,
                closures: calendar.closures + pending.closures, schoolYear: calendar.schoolYear)
        }
        let start = years.list[0].calendar.start
        let length = start.days(to: years.list[years.list.count - 1].calendar.end) + 1
        years.spanStart = start
        years.dayYear = [UInt8](repeating: 255, count: length)
        var open = [Bool](repeating: false, count: length)
        var schoolOpen: [Int: [Bool]] = [:]
        for (k, year) in years.list.enumerated() {
            let first = start.days(to: year.calendar.start),
                last = start.days(to: year.calendar.end)
            for offset in first...last {
                years.dayYear[offset] = UInt8(k)
                open[offset] = year.calendar.isSchoolDay(start.adding(days: offset))
            }
        }
        for year in years.list {
            for (school, calendar) in year.schoolCalendars {
                var table = schoolOpen[school] ?? open
                let first = start.days(to: calendar.start), last = start.days(to: calendar.end)
                for offset in first...last {
                    table[offset] = calendar.isSchoolDay(start.adding(days: offset))
                }
                schoolOpen[school] = table
            }
        }
        openDays = open
        years.schoolOpen = schoolOpen
    }

    /// tidlig/2: whether `day` is a school day of the student at the school enrolled on it, the
    /// year holding it, and the enrolment (of the current student) holding it.
    func yearStatus(_ day: Day) -> (open: Bool, year: Int?, enrolment: Int?) {
        let offset = years.spanStart.days(to: day)
        let inSpan = offset >= 0 && offset < years.dayYear.count
        let year = inSpan && years.dayYear[offset] != 255 ? Int(years.dayYear[offset]) : nil
        var holding: Int?
        for e in scratch.enrolmentStart..<enrolments.count
        where enrolments.from[e] <= day && day <= enrolments.to[e] {
            holding = e
            break
        }
        guard let holding, inSpan else { return (false, year, holding) }
        let open =
            years.schoolOpen.isEmpty
            ? openDays[offset]
            : years.schoolOpen[Int(enrolments.school[holding])]?[offset] ?? openDays[offset]
        return (open, year, holding)
    }

    /// Why `day` is not a school day of the student (tidlig/2).
    func yearDetail(_ day: Day, _ status: (open: Bool, year: Int?, enrolment: Int?)) -> String {
        guard let year = status.year else {
            return "\(day) is outside every school year of the file"
        }
        guard let enrolment = status.enrolment else {
            return "\(day) is outside the student's enrolments"
        }
        let calendar = years.list[year].calendar(school: Int(enrolments.school[enrolment]))
        guard let closure = calendar.closure(containing: day) else {
            return "\(day) is not a school day"
        }
        if let name = closure.name { return "\(day) is in the closure '\(name)'" }
        return "\(day) is in the closure \(closure.from) to \(closure.to)"
    }

    /// The hours in a school day of the year holding `day` (the first year's outside them all).
    func hoursPerDay(_ year: Int?) -> Double { years.list[year ?? 0].calendar.hoursPerDay }
}
