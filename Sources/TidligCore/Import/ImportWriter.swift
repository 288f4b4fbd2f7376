/// Writes `ImportedData` as `tidlig/1` (one school year, one whole-year school per student,
/// no per-school closures) or `tidlig/2` (/work/wt/TIDLIG2.md), streamed in 1 MB chunks.
///
/// Hour registrations of one student, date and documentation are summed into one `hours`
/// record (minutes / 60). Leave (permisjon) and late arrivals (forsentkomming) go into the
/// student's `otherRecords`, which every figure ignores (the loaders skip the key).
/// Students are written in the order of their pseudonyms, so the file's order tells nothing
/// about the export's (which is often by name).
struct ImportWriter {
    let data: ImportedData
    private var out = ByteBuffer()

    init(data: ImportedData) { self.data = data }

    /// Streams the JSON to `sink`, which is called on a thread of its own (the next chunk is
    /// made while the last is written) and never after this returns.
    mutating func write(to sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        try withoutActuallyEscaping(sink) { sink in
            let writer = BackgroundWriter(capacity: (1 << 20) + 65536, sink: sink)
            do { try write(to: writer) } catch {
                try? writer.finish()
                throw error
            }
            try writer.finish()
        }
    }

    private mutating func write(to sink: BackgroundWriter) throws {
        let several = data.needsSeveralYears
        out.raw(several ? "{\"format\":\"tidlig/2\"" : "{\"format\":\"tidlig/1\"")
        if let municipality = data.municipality {
            out.raw(",\"municipality\":"); out.string(municipality)
        }
        out.raw(",\"asOf\":"); out.date(data.asOf)
        if several {
            out.raw(",\"schoolYears\":[")
            for (index, year) in data.years.enumerated() {
                if index > 0 { out.raw(",") }
                calendar(year)
            }
            out.raw("]")
        } else {
            out.raw(",\"calendar\":")
            calendar(data.years[0])
        }
        out.raw(",\"schools\":[")
        for (index, school) in data.schools.enumerated() {
            if index > 0 { out.raw(",") }
            out.raw("{\"id\":"); out.string(school.id)
            out.raw(",\"name\":"); out.string(school.name)
            out.raw(",\"stage\":"); out.string(school.stage)
            out.raw("}")
        }
        out.raw("],\"students\":[\n")
        let (order, lower, upper, records) = groupedRegistrations()
        for (position, student) in order.enumerated() {
            if position > 0 { out.raw(",\n") }
            let index = Int(student)
            self.student(
                index, several: several, records: inRankOrder(records[lower[index]..<upper[index]]))
            if out.count >= 1 << 20 { try out.flush(to: sink) }
        }
        out.raw("\n]}\n")
        try out.flush(to: sink)
    }

    private mutating func calendar(_ year: ImportedData.SchoolYear) {
        out.raw("{\"schoolYear\":"); out.string(year.label)
        out.raw(",\"start\":"); out.date(year.start)
        out.raw(",\"end\":"); out.date(year.end)
        out.raw(",\"hoursPerDay\":"); out.number(data.hoursPerDay)
        out.raw(",\"closures\":")
        closures(year.closures)
        if !year.schoolClosures.isEmpty {
            out.raw(",\"schools\":{")
            for (index, school) in year.schoolClosures.keys.sorted().enumerated() {
                if index > 0 { out.raw(",") }
                out.string(data.schools[school].id)
                out.raw(":{\"closures\":")
                closures(year.schoolClosures[school]!)
                out.raw("}")
            }
            out.raw("}")
        }
        out.raw("}")
    }

    private mutating func closures(_ list: [SchoolCalendar.Closure]) {
        out.raw("[")
        for (index, closure) in list.sorted(by: { $0.from < $1.from }).enumerated() {
            if index > 0 { out.raw(",") }
            out.raw("{\"from\":"); out.date(closure.from)
            out.raw(",\"to\":"); out.date(closure.to)
            if let name = closure.name { out.raw(",\"name\":"); out.string(name) }
            out.raw("}")
        }
        out.raw("]")
    }

    /// Students in pseudonym order, and each student's registrations in file order as
    /// `records[lower[i]..<upper[i]]`: ranges of `data.registrations` itself when the export
    /// lists each student's rows together (the usual case: nothing is copied), else a copy
    /// grouped by student (a stable counting sort).
    private func groupedRegistrations() -> ([Int32], [Int], [Int], [ImportedData.Registration]) {
        let count = data.students.count
        let order = (0..<Int32(count)).sorted {
            data.students[Int($0)].bits < data.students[Int($1)].bits
        }
        var lower = [Int](repeating: -1, count: count), upper = [Int](repeating: 0, count: count)
        var grouped = true, previous: Int32 = -1
        for (i, r) in data.registrations.enumerated() {
            let s = Int(r.student)
            if r.student != previous {
                guard lower[s] < 0 else { grouped = false; break }
                lower[s] = i
                previous = r.student
            }
            upper[s] = i + 1
        }
        if grouped {
            for i in 0..<count where lower[i] < 0 { lower[i] = 0 }
            return (order, lower, upper, data.registrations)
        }
        var starts = [Int](repeating: 0, count: count + 1)
        for r in data.registrations { starts[Int(r.student) + 1] += 1 }
        for i in 0..<count { starts[i + 1] += starts[i] }
        var next = starts
        var sorted = data.registrations
        for r in data.registrations {
            sorted[next[Int(r.student)]] = r
            next[Int(r.student)] += 1
        }
        return (order, Array(starts.dropLast()), Array(starts.dropFirst()), sorted)
    }

    /// One student's registrations by date, kind and documentation (file order kept among
    /// equals), so that the hours to sum lie next to each other. Exports are mostly in date
    /// order already: only a student whose rows are not is sorted, in a copy of their own.
    private func inRankOrder(_ records: ArraySlice<ImportedData.Registration>) -> ArraySlice<
        ImportedData.Registration
    > {
        func rankKey(_ r: ImportedData.Registration) -> Int64 {
            Int64(r.date.rawValue) << 16 | Int64(ImportWriter.rank(r.type)) << 8
                | Int64(ImportWriter.rank(r.documentation))
        }
        if zip(records, records.dropFirst()).allSatisfy({ rankKey($0) <= rankKey($1) }) {
            return records
        }
        return ArraySlice(
            records.enumerated().sorted {
                (rankKey($0.element), $0.offset) < (rankKey($1.element), $1.offset)
            }
            .map(\.element))
    }

    static func rank(_ type: ImportLayout.AbsenceType) -> Int {
        switch type {
        case .day: 0
        case .hours: 1
        case .dayNotOnDiploma: 2
        case .leave: 3
        case .late: 4
        case .notAbsence: 5
        }
    }

    static func rank(_ documentation: ImportLayout.Documentation) -> Int {
        switch documentation {
        case .yes: 0
        case .no: 1
        case .reported: 2
        }
    }

    private mutating func student(
        _ index: Int, several: Bool, records: ArraySlice<ImportedData.Registration>
    ) {
        let student = data.students[index]
        out.raw("{\"id\":"); out.string(student.id)
        if several {
            if let year = student.birthYear, (1990...2030).contains(year) {
                out.raw(",\"birthYear\":"); out.int(year)
            }
            out.raw(",\"enrolments\":[")
            for (position, enrolment) in student.enrolments.enumerated() {
                if position > 0 { out.raw(",") }
                out.raw("{\"schoolYear\":"); out.string(data.years[enrolment.year].label)
                out.raw(",\"school\":"); out.string(data.schools[enrolment.school].id)
                out.raw(",\"grade\":"); out.int(enrolment.grade)
                if let from = enrolment.from { out.raw(",\"from\":"); out.date(from) }
                if let to = enrolment.to { out.raw(",\"to\":"); out.date(to) }
                out.raw("}")
            }
            out.raw("]")
        } else {
            let enrolment = student.enrolments[0]
            out.raw(",\"school\":"); out.string(data.schools[enrolment.school].id)
            out.raw(",\"grade\":"); out.int(enrolment.grade)
            if let year = student.birthYear, (1990...2030).contains(year) {
                out.raw(",\"birthYear\":"); out.int(year)
            }
        }
        absence(records)
        if several { out.raw(",\"folder\":[],\"involvements\":[]") }
        out.raw(",\"consents\":[")
        for (position, consent) in student.consents.enumerated() {
            if position > 0 { out.raw(",") }
            out.raw("{\"reference\":"); out.string(consent.reference)
            out.raw(",\"given\":"); out.date(consent.given)
            out.raw(",\"givenBy\":"); out.string(consent.givenBy)
            out.raw(",\"services\":[")
            for (k, service) in consent.services.enumerated() {
                if k > 0 { out.raw(",") }
                out.string(service)
            }
            out.raw("]")
            if let purpose = consent.purpose { out.raw(",\"purpose\":"); out.string(purpose) }
            if let expires = consent.expires { out.raw(",\"expires\":"); out.date(expires) }
            if let withdrawn = consent.withdrawn { out.raw(",\"withdrawn\":"); out.date(withdrawn) }
            out.raw("}")
        }
        out.raw("]}")
    }

    /// `absence` (days, and hours summed per date and documentation) and `otherRecords`.
    private mutating func absence(_ records: ArraySlice<ImportedData.Registration>) {
        out.raw(",\"absence\":[")
        var first = true
        var index = records.startIndex
        while index < records.endIndex {
            let r = records[index]
            switch r.type {
            case .day, .dayNotOnDiploma:
                if !first { out.raw(",") }
                first = false
                out.raw("{\"date\":"); out.date(r.date)
                out.raw(
                    r.type == .dayNotOnDiploma || r.documentation == .yes
                        ? ",\"kind\":\"day\",\"documented\":true"
                        : ",\"kind\":\"day\",\"documented\":false")
                if r.documentation == .reported { out.raw(",\"reported\":true") }
                if r.type == .dayNotOnDiploma { out.raw(",\"onDiploma\":false") }
                out.raw("}")
            case .hours:
                var minutes: Float = 0
                while index < records.endIndex, records[index].date == r.date,
                    records[index].type == .hours,
                    records[index].documentation == r.documentation
                {
                    minutes += records[index].minutes
                    index += 1
                }
                index -= 1
                if !first { out.raw(",") }
                first = false
                out.raw("{\"date\":"); out.date(r.date)
                out.raw(",\"kind\":\"hours\",\"hours\":"); out.number(Double(minutes) / 60)
                out.raw(r.documentation == .yes ? ",\"documented\":true" : ",\"documented\":false")
                if r.documentation == .reported { out.raw(",\"reported\":true") }
                out.raw("}")
            default: break
            }
            index += 1
        }
        out.raw("]")
        let others = records.filter { $0.type == .leave || $0.type == .late }
        guard !others.isEmpty else { return }
        out.raw(",\"otherRecords\":[")
        for (position, r) in others.enumerated() {
            if position > 0 { out.raw(",") }
            out.raw("{\"date\":"); out.date(r.date)
            out.raw(r.type == .leave ? ",\"kind\":\"leave\"" : ",\"kind\":\"late\"")
            if r.minutes > 0 { out.raw(",\"minutes\":"); out.number(Double(r.minutes)) }
            out.raw("}")
        }
        out.raw("]")
    }
}
