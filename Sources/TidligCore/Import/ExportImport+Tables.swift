/// The four tables of an import, read in order: calendar, students, absence, consents.
extension ExportImport {
    // kalender: Fra;Til;Type;Skole[;Navn] -- Type 'Skoleår' (first and last school day) or 'Fri'
    mutating func readCalendar(_ source: any RowSource) throws(ImportFailure) {
        var types = CodeTable(column: header(.calendar, "type"), codes: layout.calendarTypes)
        var closures: [(Int, String?, SchoolCalendar.Closure)] = []
        note(
            try Self.records(source, .calendar, layout: layout, mappingName: mappingName) {
                (_, map, row) throws(ImportFailure) in
                let from = try date(
                    row, map.required("from"), header(.calendar, "from"), file: source.name,
                    required: true)!
                let to = try date(
                    row, map.required("to"), header(.calendar, "to"), file: source.name,
                    required: true)!
                guard from <= to else {
                    throw ImportFailure(
                        file: source.name, line: row.line,
                        message: "the last date is before the first")
                }
                let typeField = row.field(map.required("type"))
                guard let type = types.lookup(typeField) else {
                    throw types.failure(
                        typeField, file: source.name, line: row.line, mappingName: mappingName)
                }
                let school = map["school"].map { row.string($0) }.flatMap { $0.isEmpty ? nil : $0 }
                switch type {
                case .schoolYear:
                    guard school == nil else {
                        throw ImportFailure(
                            file: source.name, line: row.line,
                            message: "a school year with a school",
                            note:
                                "a school year is the municipality's; a school's own days off are 'Fri' rows"
                        )
                    }
                    data.years.append(.init(start: from, end: to))
                case .closure:
                    let name = map["name"].map { row.string($0) }.flatMap { $0.isEmpty ? nil : $0 }
                    closures.append((row.line, school, .init(from: from, to: to, name: name)))
                }
            })
        guard !data.years.isEmpty else {
            throw ImportFailure(
                file: source.name, message: "no school year",
                note:
                    "a row of type '\(layout.calendarTypes.first { $0.meaning == .schoolYear }?.code ?? "")' gives the first and last school day"
            )
        }
        data.years.sort { $0.start < $1.start }
        for (earlier, later) in zip(data.years, data.years.dropFirst())
        where later.start <= earlier.end {
            throw ImportFailure(
                file: source.name,
                message: "school years \(earlier.label) and \(later.label) overlap")
        }
        for (line, school, closure) in closures {
            guard let year = data.years.firstIndex(where: { $0.contains(closure.from) }) else {
                throw ImportFailure(
                    file: source.name, line: line, message: "a closure outside every school year")
            }
            if let school {
                pendingClosures.append((school, line, year, closure))
            } else {
                data.years[year].closures.append(closure)
            }
        }
    }

    // elever: Fødselsnummer;Fornavn;Etternavn;Skoleår;Skole;Trinn;Innmeldt;Utmeldt (names never read)
    mutating func readStudents(_ source: any RowSource) throws(ImportFailure) {
        var seenIDs: [UInt64: UInt64] = [:]
        note(
            try Self.records(source, .students, layout: layout, mappingName: mappingName) {
                (context, map, row) throws(ImportFailure) in
                guard let number = NationalID.parse(row.field(map.required("id"))) else {
                    context.refuse(
                        row.line,
                        row.field(map.required("id")).isEmpty
                            ? "no fødselsnummer" : "fødselsnummer fails its check digits")
                    return
                }
                let year = try schoolYear(row, map, file: source.name)
                let school = try schoolID(row, map.required("school"), file: source.name)
                let grade = try gradeValue(row, map.required("grade"), file: source.name)
                var from = try date(
                    row, map["from"], header(.students, "from"), file: source.name, required: false)
                var to = try date(
                    row, map["to"], header(.students, "to"), file: source.name, required: false)
                let bounds = data.years[year]
                if let day = from, day <= bounds.start { from = nil }
                if let day = to, day >= bounds.end { to = nil }
                guard (from ?? bounds.start) <= (to ?? bounds.end),
                    (from ?? bounds.start) <= bounds.end,
                    (to ?? bounds.end) >= bounds.start
                else {
                    throw ImportFailure(
                        file: source.name, line: row.line,
                        message: "the enrolment lies outside school year \(bounds.label)",
                        note:
                            "\(header(.students, "from")) and \(header(.students, "to")) must overlap \(bounds.start) to \(bounds.end)"
                    )
                }
                data.schools[school].lowestGrade = min(data.schools[school].lowestGrade, grade)
                data.schools[school].highestGrade = max(data.schools[school].highestGrade, grade)
                let enrolment = ImportedData.Enrolment(
                    year: year, school: school, grade: grade, from: from, to: to, line: row.line)
                if let index = studentIndex[number] {
                    try addEnrolment(enrolment, to: Int(index), file: source.name)
                    return
                }
                let (id, bits) = pseudonyms.id(for: number)
                if let other = seenIDs[bits], other != number {
                    throw ImportFailure(
                        file: source.name, line: row.line,
                        message: "two students share the pseudonym \(id)",
                        note: "a one in many millions chance: use another key")
                }
                seenIDs[bits] = number
                studentIndex[number] = Int32(data.students.count)
                data.students.append(
                    .init(
                        id: id, bits: bits, birthYear: NationalID.birthYear(number),
                        enrolments: [enrolment]))
            })
    }

    private mutating func addEnrolment(
        _ enrolment: ImportedData.Enrolment, to student: Int, file: String
    ) throws(ImportFailure) {
        let years = data.years
        func span(_ e: ImportedData.Enrolment) -> (Day, Day) {
            (e.from ?? years[e.year].start, e.to ?? years[e.year].end)
        }
        let (from, to) = span(enrolment)
        for other in data.students[student].enrolments {
            let (otherFrom, otherTo) = span(other)
            if other.school == enrolment.school, other.grade == enrolment.grade, otherFrom == from,
                otherTo == to
            {
                return
            }
            guard to < otherFrom || from > otherTo else {
                throw ImportFailure(
                    file: file, line: enrolment.line,
                    message: "this enrolment overlaps the same student's on line \(other.line)",
                    note:
                        "a student who changed school has one row per school, with \(header(.students, "to")) on the first and \(header(.students, "from")) on the second"
                )
            }
        }
        data.students[student].enrolments.append(enrolment)
        data.students[student].enrolments.sort { span($0).0 < span($1).0 }
    }

    /// The school year of a student row: by its label, or the only one when there is no column.
    private func schoolYear(_ row: ExportRow, _ map: HeaderMap, file: String) throws(ImportFailure)
        -> Int
    {
        let labels = data.years.map(\.label)
        guard let field = map["school-year"] else {
            guard data.years.count == 1 else {
                throw ImportFailure(
                    file: file, line: map.headerLine,
                    message: "no column '\(header(.students, "school-year"))'",
                    note:
                        "the calendar has school years \(labels.joined(separator: ", ")); each row must say which"
                )
            }
            return 0
        }
        let text = row.string(field)
        let digits = text.split(whereSeparator: { !$0.isNumber }).map(String.init)
        var start: Int?
        if digits.count == 2, let a = Int(digits[0]), let b = Int(digits[1]) {
            let first = a < 100 ? 2000 + a : a
            if b % 100 == (first + 1) % 100 { start = first }
        }
        guard let start,
            let index = data.years.firstIndex(where: { $0.start.components.year == start })
        else {
            let shown =
                text.count <= 12 && text.allSatisfy({ $0.isNumber || $0 == "/" || $0 == "-" })
                ? "'\(text)'" : "this value"
            throw ImportFailure(
                file: file, line: row.line, message: "school year \(shown) is not in the calendar",
                note: "the calendar's school years are \(labels.joined(separator: ", "))")
        }
        return index
    }

    /// The school named in the row, added on first sight (id made from the name).
    private mutating func schoolID(_ row: ExportRow, _ field: Int, file: String)
        throws(ImportFailure) -> Int
    {
        let name = row.string(field)
        guard !name.isEmpty else {
            throw ImportFailure(
                file: file, line: row.line,
                message: "column \(header(.students, "school")) is empty")
        }
        let key = HeaderMap.normalize(name)
        if let index = schoolIndex[key] { return index }
        var id = ImportedData.slug(name)
        var suffix = 2
        while data.schools.contains(where: { $0.id == id }) {
            id = ImportedData.slug(name) + "-\(suffix)"
            suffix += 1
        }
        schoolIndex[key] = data.schools.count
        data.schools.append(.init(id: id, name: name))
        return data.schools.count - 1
    }

    /// A grade 1 to 10: `8`, `8.`, `8. trinn`.
    private func gradeValue(_ row: ExportRow, _ field: Int, file: String) throws(ImportFailure)
        -> Int
    {
        let text = HeaderMap.normalize(row.string(field))
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        let rest = text.dropFirst(digits.count).trimmingPrefix(".").drop { $0 == " " }
        guard let grade = Int(digits), (1...10).contains(grade), rest.isEmpty || rest == "trinn"
        else {
            throw ImportFailure(
                file: file, line: row.line,
                message: "column \(header(.students, "grade")) does not hold a grade from 1 to 10")
        }
        return grade
    }

    /// Closures of one school go to that school's map in the school year.
    mutating func placeSchoolClosures() throws(ImportFailure) {
        for (name, line, year, closure) in pendingClosures {
            guard let school = schoolIndex[HeaderMap.normalize(name)] else {
                let hint =
                    importDidYouMean(name, in: data.schools.map(\.name))
                    ?? "the schools are \(data.schools.map(\.name).joined(separator: ", "))"
                throw ImportFailure(
                    file: files.calendar, line: line,
                    message: "no school '\(name)' in \(files.students)", note: hint)
            }
            data.years[year].schoolClosures[school, default: []].append(closure)
        }
    }
}

extension ImportedData {
    /// An id from a school name: `Årnes barneskole` -> `arnes-barneskole`.
    static func slug(_ name: String) -> String {
        var out = ""
        for character in name.lowercased() {
            switch character {
            case "æ": out += "ae"
            case "ø", "ö", "ó", "ò": out += "o"
            case "å", "ä", "á", "à": out += "a"
            case "é", "è", "ê": out += "e"
            case "ü": out += "u"
            default:
                if character.isASCII, character.isLetter || character.isNumber {
                    out.append(character)
                } else if !out.isEmpty, out.last != "-" {
                    out += "-"
                }
            }
        }
        while out.last == "-" { out.removeLast() }
        return out.isEmpty ? "school" : String(out.prefix(64))
    }
}
