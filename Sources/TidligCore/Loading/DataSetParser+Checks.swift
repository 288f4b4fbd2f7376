/// What happens when a student's object closes: its records are sorted by date (stably, so
/// file order breaks ties) and its data-quality problems are found on the sorted arrays,
/// reported with the file's indices.
extension DataSetParser {
    mutating func finishStudent(row: Int, id: String) {
        finishAbsence()
        finishDocuments()
        finishInvolvements()
        guard !scratch.problems.isEmpty else { return }
        let rank = scratch.sectionRank
        scratch.problems.sort { a, b in
            (rank[Int(a.section)], a.fileIndex, a.rank) < (
                rank[Int(b.section)], b.fileIndex, b.rank
            )
        }
        for pending in scratch.problems {
            problemRows.append(Int32(row))
            problems.append(
                DataProblem(
                    kind: pending.kind, studentID: id, path: "$.students[\(row)]\(pending.subpath)",
                    detail: pending.detail))
        }
    }

    private mutating func finishAbsence() {
        let lower = scratch.absenceStart, count = absence.date.count - lower
        guard count > 0 else { return }
        let reordered = sortByDate(absence.date, lower, count, &scratch.order)
        if reordered {
            permute(&absence.date, lower, &scratch.order)
            permute(&absence.hours, lower, &scratch.order)
            permute(&absence.flags, lower, &scratch.order)
        }
        let order = reordered ? scratch.order : nil
        if !scratch.reasons.isEmpty {
            absence.reasons.append(
                contentsOf: scratch.reasons.map {
                    (Int32(lower + position(of: Int($0.0), in: order)), $0.1)
                })
        }
        var group = 0
        while group < count {
            let day = absence.date[lower + group]
            var end = group + 1
            while end < count, absence.date[lower + end] == day { end += 1 }
            if end > group + 1 || !isPlainRecord(lower + group) {
                checkAbsence(day: day, positions: group..<end, lower: lower, order: order)
            }
            group = end
        }
    }

    /// True for the common record: on a school day, by `asOf`, at most a day of hours.
    @inline(__always) private func isPlainRecord(_ index: Int) -> Bool {
        let day = absence.date[index]
        if format == 2 {
            let status = yearStatus(day)
            guard status.open, day <= asOf else { return false }
            return absence.flags[index] & AbsenceFlags.day != 0
                || Double(absence.hours[index]) <= hoursPerDay(status.year) + 1e-6
        }
        let offset = Int(day.rawValue) - Int(calendar.start.rawValue)
        guard offset >= 0, offset < openDays.count, openDays[offset], day <= asOf else {
            return false
        }
        return absence.flags[index] & AbsenceFlags.day != 0
            || Double(absence.hours[index]) <= calendar.hoursPerDay + 1e-6
    }

    /// Problems of the records `positions` (sorted positions, one date, in file order).
    private mutating func checkAbsence(day: Day, positions: Range<Int>, lower: Int, order: [Int32]?)
    {
        let offset = Int(day.rawValue) - Int(calendar.start.rawValue)
        var outside = offset < 0 || offset >= openDays.count || !openDays[offset]
        var hoursPerDay = calendar.hoursPerDay
        var detail = { [self] in nonSchoolDayDetail(day) }
        if format == 2 {
            let status = yearStatus(day)
            outside = !status.open
            hoursPerDay = self.hoursPerDay(status.year)
            detail = { [self] in yearDetail(day, status) }
        }
        let late = day > asOf
        let hasWholeDay = positions.contains { absence.flags[lower + $0] & AbsenceFlags.day != 0 }
        var hours = 0.0
        var hoursReported = false
        for position in positions {
            let file = order.map { Int($0[position]) } ?? position
            func report(_ kind: DataProblem.Kind, _ rank: UInt8, _ detail: String) {
                scratch.problems.append(
                    PendingProblem(
                        section: StudentScratch.absence, fileIndex: Int32(file), rank: rank,
                        kind: kind,
                        subpath: ".absence[\(file)]", detail: detail))
            }
            if day.isWeekend {
                report(.weekendRecord, 0, "\(day) is a \(day.weekday == 5 ? "Saturday" : "Sunday")")
            } else if outside {
                report(.nonSchoolDayRecord, 1, detail())
            }
            if hasWholeDay, position > positions.lowerBound {
                report(.duplicateDate, 2, "another record for \(day), which has a whole-day record")
            }
            if absence.flags[lower + position] & AbsenceFlags.day == 0 {
                hours += Double(absence.hours[lower + position])
                if !hoursReported, hours > hoursPerDay + 1e-6 {
                    hoursReported = true
                    report(
                        .hoursAboveDay, 3,
                        "\(formatHours(hours)) hours on \(day), above a school day of \(formatHours(hoursPerDay)) hours"
                    )
                }
            }
            if late { report(.afterAsOf, 4, "absence on \(day), after asOf \(asOf)") }
        }
    }

    private func nonSchoolDayDetail(_ day: Day) -> String {
        if day < calendar.start {
            return "\(day) is before the school year starts (\(calendar.start))"
        }
        if day > calendar.end { return "\(day) is after the school year ends (\(calendar.end))" }
        guard let closure = calendar.closure(containing: day) else {
            return "\(day) is not a school day"
        }
        if let name = closure.name { return "\(day) is in the closure '\(name)'" }
        return "\(day) is in the closure \(closure.from) to \(closure.to)"
    }

    private mutating func finishDocuments() {
        let lower = scratch.documentStart, count = documents.date.count - lower
        guard count > 0 else { return }
        let reordered = sortByDate(documents.date, lower, count, &scratch.order)
        if reordered {
            permute(&documents.date, lower, &scratch.order)
            permute(&documents.kind, lower, &scratch.order)
            permute(&documents.quality, lower, &scratch.order)
            permute(&documents.template, lower, &scratch.order)
            permute(&documents.evaluateBy, lower, &scratch.order)
            permute(&documents.coverage, lower, &scratch.order)
            permute(&documents.bti, lower, &scratch.order)
            permute(&documents.sections, lower, &scratch.order)
            permute(&documents.services, lower, &scratch.order)
            permute(&documents.minutesSentTo, lower, &scratch.order)
            permute(&documents.calledBy, lower, &scratch.order)
        }
        let order = reordered ? scratch.order : nil
        if !scratch.texts.isEmpty {
            documents.texts.append(
                contentsOf: scratch.texts.map {
                    (Int32(lower + position(of: Int($0.0), in: order)), $0.1)
                })
        }
        for position in 0..<count where documents.date[lower + position] > asOf {
            let file = order.map { Int($0[position]) } ?? position
            let day = documents.date[lower + position]
            scratch.problems.append(
                PendingProblem(
                    section: StudentScratch.folder, fileIndex: Int32(file), rank: 4,
                    kind: .afterAsOf,
                    subpath: ".folder[\(file)]", detail: "document dated \(day), after asOf \(asOf)"
                ))
        }
    }

    private mutating func finishInvolvements() {
        let lower = scratch.involvementStart, count = involvements.date.count - lower
        guard count > 0 else { return }
        let reordered = sortByDate(involvements.date, lower, count, &scratch.order)
        if reordered {
            permute(&involvements.date, lower, &scratch.order)
            permute(&involvements.service, lower, &scratch.order)
            permute(&involvements.initiatedBy, lower, &scratch.order)
            permute(&involvements.ended, lower, &scratch.order)
        }
        let order = reordered ? scratch.order : nil
        for position in 0..<count where involvements.date[lower + position] > asOf {
            let stored = order.map { Int($0[position]) } ?? position
            let file = Int(scratch.involvementFileIndex[stored])
            let day = involvements.date[lower + position]
            scratch.problems.append(
                PendingProblem(
                    section: StudentScratch.involvements, fileIndex: Int32(file), rank: 4,
                    kind: .afterAsOf,
                    subpath: ".involvements[\(file)]",
                    detail: "involvement dated \(day), after asOf \(asOf)"))
        }
    }
}

/// Builds in `order` the stable date order of `dates[lower ..< lower + count]` (sorted position ->
/// offset); false, leaving `order` alone, when the dates are already in order.
private func sortByDate(_ dates: [Day], _ lower: Int, _ count: Int, _ order: inout [Int32]) -> Bool
{
    var inOrder = true
    for index in (lower + 1)..<(lower + count) where dates[index] < dates[index - 1] {
        inOrder = false
        break
    }
    if inOrder { return false }
    order.removeAll(keepingCapacity: true)
    order.append(contentsOf: 0..<Int32(count))
    order.sort { a, b in
        let left = dates[lower + Int(a)], right = dates[lower + Int(b)]
        return left != right ? left < right : a < b
    }
    return true
}

/// Moves `column[lower + order[k]]` to `column[lower + k]`, in place, cycle by cycle; entries of
/// `order` are marked done by complementing them, and restored at the end.
private func permute<T>(_ column: inout [T], _ lower: Int, _ order: inout [Int32]) {
    for start in 0..<order.count where order[start] >= 0 {
        let saved = column[lower + start]
        var position = start
        while true {
            let from = Int(order[position])
            order[position] = ~order[position]
            if from == start {
                column[lower + position] = saved
                break
            }
            column[lower + position] = column[lower + from]
            position = from
        }
    }
    for index in order.indices { order[index] = ~order[index] }
}

/// The sorted position of the record at `file` in the file's order.
private func position(of file: Int, in order: [Int32]?) -> Int {
    guard let order else { return file }
    return order.firstIndex(of: Int32(file)) ?? file
}

/// 7.5, 6, 0.25: a number of hours for a message.
private func formatHours(_ value: Double) -> String {
    let rounded = (value * 100).rounded() / 100
    guard abs(rounded) < 1e15 else { return rounded.description }
    return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
}
