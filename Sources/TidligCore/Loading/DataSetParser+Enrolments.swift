/// tidlig/2: a student's enrolment periods (innmelding to utmelding).
extension DataSetParser {
    // enrolments = '[' enrolment *( ',' enrolment ) ']' ; at least one
    mutating func parseEnrolments() throws(JSONFailure) {
        let at = s.pos
        try s.openArray()
        var first = true
        var index = 0
        while try s.nextElement(&first) {
            scratch.enrolmentOffsets.append(s.pos)
            try within(index: index) { () throws(JSONFailure) in try parseEnrolment() }
            index += 1
        }
        guard index > 0 else {
            throw JSONFailure(offset: at, message: "expected at least one enrolment")
        }
    }

    // enrolment = '{' { "schoolYear": school-year | "school": id | "grade": integer 1..10
    //                 | "from": date | "to": date | other: value } '}' ; from <= to, inside the year
    private mutating func parseEnrolment() throws(JSONFailure) {
        let open = try s.openObject()
        var year: Int?, school: Int?, grade: Int?
        var from: Day?, to: Day?, fromOffset = 0, toOffset = 0
        var keys = KeyLog()
        var first = true
        while let key = try s.nextKey(&first) {
            if key.is("schoolYear") {
                try keys.note(1, key, in: s)
                year = try within("schoolYear") { () throws(JSONFailure) in try readYearReference()
                }
            } else if key.is("school") {
                try keys.note(2, key, in: s)
                school = try within("school") { () throws(JSONFailure) in try readSchoolReference()
                }
            } else if key.is("grade") {
                try keys.note(4, key, in: s)
                grade = try within("grade") { () throws(JSONFailure) in try s.readInteger(1...10) }
            } else if key.is("from") {
                try keys.note(8, key, in: s)
                fromOffset = s.pos
                from = try within("from") { () throws(JSONFailure) in try s.readDate() }
            } else if key.is("to") {
                try keys.note(16, key, in: s)
                toOffset = s.pos
                to = try within("to") { () throws(JSONFailure) in try s.readDate() }
            } else {
                try s.skipMember(key, &keys)
            }
        }
        guard let year else {
            throw JSONFailure(offset: open, message: "missing required field \"schoolYear\"")
        }
        guard let school else {
            throw JSONFailure(offset: open, message: "missing required field \"school\"")
        }
        guard let grade else {
            throw JSONFailure(offset: open, message: "missing required field \"grade\"")
        }
        let calendar = years.list[year].calendar
        let label = years.list[year].label
        for (day, offset, name) in [(from, fromOffset, "from"), (to, toOffset, "to")] {
            guard let day, day < calendar.start || day > calendar.end else { continue }
            throw JSONFailure(
                offset: offset,
                message:
                    "\(day) is outside the school year \(label) (\(calendar.start) to \(calendar.end)); "
                    + "an enrolment lies inside its school year", path: ".\(name)")
        }
        let start = from ?? calendar.start, end = to ?? calendar.end
        guard start <= end else {
            throw JSONFailure(
                offset: toOffset,
                message:
                    "the enrolment ends (\(end)) before it starts (\(start)); expected to >= from",
                path: ".to")
        }
        enrolments.year.append(UInt8(year))
        enrolments.school.append(UInt16(school))
        enrolments.grade.append(UInt8(grade))
        enrolments.from.append(start)
        enrolments.to.append(end)
    }

    // school-year-reference = '"' YYYY/YYYY '"', naming one of "schoolYears"
    private mutating func readYearReference() throws(JSONFailure) -> Int {
        let at = s.pos
        let label = try s.readString()
        if let index = years.byLabel[label] { return index }
        let known = years.list.map { "\"\($0.label)\"" }.joined(separator: ", ")
        throw JSONFailure(
            offset: at,
            message: "unknown school year \(s.quoted(label)); the file's school years are \(known)")
    }

    /// Puts the student's enrolments in date order and refuses periods that overlap.
    mutating func finishEnrolments(row: Int) throws(JSONFailure) {
        let lower = scratch.enrolmentStart, count = enrolments.count - lower
        var order = Array(0..<count)
        var sorted = true
        for k in 1..<max(count, 1) where enrolments.from[lower + k] < enrolments.from[lower + k - 1]
        { sorted = false }
        if !sorted {
            order.sort { a, b in
                let x = enrolments.from[lower + a], y = enrolments.from[lower + b]
                return x != y ? x < y : a < b
            }
        }
        for k in 1..<max(count, 1) {
            let earlier = lower + order[k - 1], later = lower + order[k]
            guard enrolments.from[later] <= enrolments.to[earlier] else { continue }
            throw JSONFailure(
                offset: scratch.enrolmentOffsets[order[k]],
                message:
                    "the enrolment from \(enrolments.from[later]) overlaps $.students[\(row)].enrolments[\(order[k - 1])] "
                    + "(\(enrolments.from[earlier]) to \(enrolments.to[earlier])); a student's periods do not overlap",
                path: ".enrolments[\(order[k])]")
        }
        guard !sorted else { return }
        func apply<T>(_ column: inout [T]) {
            let copy = order.map { column[lower + $0] }
            for k in 0..<count { column[lower + k] = copy[k] }
        }
        apply(&enrolments.year)
        apply(&enrolments.school)
        apply(&enrolments.grade)
        apply(&enrolments.from)
        apply(&enrolments.to)
    }
}
