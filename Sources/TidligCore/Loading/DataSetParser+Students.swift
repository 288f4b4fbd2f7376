/// Students and their absence records, appended straight into the columns.
extension DataSetParser {
    // students = '[' [ student *( ',' student ) ] ']'
    mutating func parseStudents() throws(JSONFailure) {
        try s.openArray()
        if format == 2 { students.enrolmentStart = [0] }
        var first = true
        guard try s.nextElement(&first) else { return }
        let bounds = objectPartBounds(from: s.pos)
        if bounds.count > 1 {
            try parseStudentsInParts(bounds)
            return
        }
        _ = try parseStudentRun(row: 0, stopAt: Int.max)
    }

    /// Parses students from the element at the scanner (row `firstRow` of this parser) on, until
    /// the array closes (true, the scanner after `]`) or the next element starts at or after
    /// `stopAt` (false, the scanner at that element).
    mutating func parseStudentRun(row firstRow: Int, stopAt: Int) throws(JSONFailure) -> Bool {
        let runStart = s.pos
        var nextMaintenance = s.pos + Self.maintenanceStep
        var row = firstRow
        repeat {
            try within(index: row) { () throws(JSONFailure) in try parseStudent(row: row) }
            row += 1
            if row & 0x3FF == 0, Cancellation.isRequested {
                throw JSONFailure(offset: s.pos, message: "cancelled", cancelled: true)
            }
            if s.pos >= nextMaintenance {
                maintain(arrayStart: runStart)
                nextMaintenance = s.pos + Self.maintenanceStep
            }
            var first = false
            guard try s.nextElement(&first) else { return true }
        } while s.pos < stopAt
        return false
    }

    static let maintenanceStep = 4 << 20

    /// Every few MB: reserve the columns once from the rate so far, and release consumed pages.
    private mutating func maintain(arrayStart: Int) {
        let consumed = s.pos - arrayStart
        if !capacityReserved, consumed >= 16 << 20 {
            capacityReserved = true
            let scale =
                Double(min(reserveEnd ?? s.count, s.count) - arrayStart) / Double(consumed) * 1.05
            reserve(scale: scale)
        }
        if releasePages, s.pos - releasedUpTo >= 64 << 20 {
            releasedUpTo = MappedFile.release(
                base: s.base, from: releasedUpTo, to: s.pos - (1 << 20))
        }
    }

    private mutating func reserve(scale: Double) {
        func estimate(_ count: Int) -> Int { Int(Double(count) * scale) }
        let studentCount = estimate(students.ids.count)
        students.ids.reserveCapacity(studentCount)
        students.school.reserveCapacity(studentCount)
        students.grade.reserveCapacity(studentCount)
        students.absenceStart.reserveCapacity(studentCount + 1)
        students.documentStart.reserveCapacity(studentCount + 1)
        students.involvementStart.reserveCapacity(studentCount + 1)
        if buildIndex { students.index.reserveCapacity(studentCount) }
        if format == 2 {
            students.enrolmentStart.reserveCapacity(studentCount + 1)
            let enrolmentCount = estimate(enrolments.count)
            enrolments.year.reserveCapacity(enrolmentCount)
            enrolments.school.reserveCapacity(enrolmentCount)
            enrolments.grade.reserveCapacity(enrolmentCount)
            enrolments.from.reserveCapacity(enrolmentCount)
            enrolments.to.reserveCapacity(enrolmentCount)
        }
        let absenceCount = estimate(absence.date.count)
        absence.date.reserveCapacity(absenceCount)
        absence.hours.reserveCapacity(absenceCount)
        absence.flags.reserveCapacity(absenceCount)
        reserveDocuments(estimate(documents.date.count))
        let involvementCount = estimate(involvements.date.count)
        involvements.date.reserveCapacity(involvementCount)
        involvements.service.reserveCapacity(involvementCount)
        involvements.initiatedBy.reserveCapacity(involvementCount)
        involvements.ended.reserveCapacity(involvementCount)
    }

    // student = '{' { "id": id | "school": id | "grade": integer 1..10 (tidlig/1)
    //               | "enrolments": enrolments (tidlig/2) | "absence": absence
    //               | "folder": folder | "involvements": involvements | other: value } '}'
    mutating func parseStudent(row: Int) throws(JSONFailure) {
        let open = try s.openObject()
        scratch.begin(
            absence: absence.date.count, documents: documents.date.count,
            involvements: involvements.date.count,
            enrolments: enrolments.count)
        var seen: UInt8 = 0
        var seenAlso: UInt8 = 0  // birthYear, consents
        var id: String?
        var idOffset = 0
        var school = 0
        var grade = 0
        var keys = KeyLog()
        var first = true
        while let key = try s.nextKey(&first) {
            if key.is("absence") {
                try once(&seen, 8, key)
                scratch.noteSection(StudentScratch.absence)
                try within("absence") { () throws(JSONFailure) in try parseAbsence() }
            } else if key.is("id") {
                try once(&seen, 1, key)
                idOffset = s.pos
                if recordIDOffsets { idOffsets.append(idOffset) }
                id = try within("id") { () throws(JSONFailure) in s.idString(try s.readID()) }
            } else if format == 2, key.is("enrolments") {
                try once(&seen, 64, key)
                try within("enrolments") { () throws(JSONFailure) in try parseEnrolments() }
            } else if format == 2, key.is("school") || key.is("grade") {
                throw JSONFailure(
                    offset: key.offset,
                    message:
                        "a tidlig/2 student has no \"\(key.is("school") ? "school" : "grade")\" of its own; "
                        + "each of its \"enrolments\" has a school and a grade")
            } else if key.is("school") {
                try once(&seen, 2, key)
                school = try within("school") { () throws(JSONFailure) in try readSchoolReference()
                }
            } else if key.is("grade") {
                try once(&seen, 4, key)
                grade = try within("grade") { () throws(JSONFailure) in try s.readInteger(1...10) }
            } else if key.is("folder") {
                try once(&seen, 16, key)
                scratch.noteSection(StudentScratch.folder)
                try within("folder") { () throws(JSONFailure) in try parseFolder() }
            } else if key.is("involvements") {
                try once(&seen, 32, key)
                scratch.noteSection(StudentScratch.involvements)
                try within("involvements") { () throws(JSONFailure) in try parseInvolvements() }
            } else if key.is("birthYear") {
                try once(&seenAlso, 1, key)
                let year = try within("birthYear") { () throws(JSONFailure) in
                    try s.readInteger(1990...2030)
                }
                students.birthYear[Int32(row)] = Int16(year)
            } else if key.is("consents") {
                try once(&seenAlso, 2, key)
                let consents = try within("consents") { () throws(JSONFailure) in
                    try parseConsents()
                }
                if !consents.isEmpty { students.consents[Int32(row)] = consents }
            } else {
                try s.skipMember(key, &keys)
            }
        }
        guard let id else {
            throw JSONFailure(offset: open, message: "missing required field \"id\"")
        }
        if format == 2 {
            guard seen & 64 != 0 else {
                throw JSONFailure(offset: open, message: "missing required field \"enrolments\"")
            }
            try finishEnrolments(row: row)
            let last = enrolments.count - 1
            school = Int(enrolments.school[last])
            grade = Int(enrolments.grade[last])
        } else {
            guard seen & 2 != 0 else {
                throw JSONFailure(offset: open, message: "missing required field \"school\"")
            }
            guard seen & 4 != 0 else {
                throw JSONFailure(offset: open, message: "missing required field \"grade\"")
            }
        }
        if buildIndex, let earlier = students.index.updateValue(row, forKey: id) {
            throw JSONFailure(
                offset: idOffset,
                message: "duplicate student id \"\(id)\" (first at $.students[\(earlier)])",
                path: ".id")
        }
        students.ids.append(id)
        students.school.append(UInt16(school))
        students.grade.append(UInt8(grade))
        finishStudent(row: row, id: id)
        students.absenceStart.append(Int32(absence.date.count))
        students.documentStart.append(Int32(documents.date.count))
        students.involvementStart.append(Int32(involvements.date.count))
        if format == 2 { students.enrolmentStart.append(Int32(enrolments.count)) }
    }

    // consents = '[' [ consent *( ',' consent ) ] ']'
    private mutating func parseConsents() throws(JSONFailure) -> [Consent] {
        try s.openArray()
        var consents: [Consent] = []
        var first = true
        while try s.nextElement(&first) {
            let index = consents.count
            consents.append(
                try within(index: index) { () throws(JSONFailure) in try parseConsent() })
        }
        return consents
    }

    // consent = '{' { "reference": string | "given": date | "givenBy": "guardians" / "student" / "both"
    //               | "services": '[' string *( ',' string ) ']' | "purpose": string
    //               | "expires": date | "withdrawn": date | other: value } '}'
    private mutating func parseConsent() throws(JSONFailure) -> Consent {
        let open = try s.openObject()
        var reference: String?, given: Day?, givenBy: Consent.GivenBy?, services: [String]?
        var purpose: String?, expires: Day?, withdrawn: Day?
        var seen: UInt8 = 0
        var keys = KeyLog()
        var first = true
        while let key = try s.nextKey(&first) {
            if key.is("reference") {
                try once(&seen, 1, key)
                reference = try within("reference") { () throws(JSONFailure) in try s.readString() }
            } else if key.is("given") {
                try once(&seen, 2, key)
                given = try within("given") { () throws(JSONFailure) in try s.readDate() }
            } else if key.is("givenBy") {
                try once(&seen, 4, key)
                let index = try within("givenBy") { () throws(JSONFailure) in
                    try s.readEnum(Names.consentGivers)
                }
                givenBy = Consent.GivenBy.allCases[index]
            } else if key.is("services") {
                try once(&seen, 8, key)
                services = try within("services") { () throws(JSONFailure) in
                    try parseConsentServices()
                }
            } else if key.is("purpose") {
                try once(&seen, 16, key)
                purpose = try within("purpose") { () throws(JSONFailure) in try s.readString() }
            } else if key.is("expires") {
                try once(&seen, 32, key)
                expires = try within("expires") { () throws(JSONFailure) in try s.readDate() }
            } else if key.is("withdrawn") {
                try once(&seen, 64, key)
                withdrawn = try within("withdrawn") { () throws(JSONFailure) in try s.readDate() }
            } else {
                try s.skipMember(key, &keys)
            }
        }
        for (name, present) in [
            ("reference", reference != nil), ("given", given != nil),
            ("givenBy", givenBy != nil), ("services", services != nil),
        ] where !present {
            throw JSONFailure(offset: open, message: "missing required field \"\(name)\"")
        }
        guard let reference, !reference.isEmpty else {
            throw JSONFailure(
                offset: open, message: "a consent's \"reference\" may not be empty",
                path: ".reference")
        }
        return Consent(
            reference: reference, given: given!, givenBy: givenBy!, services: services!,
            purpose: purpose,
            expires: expires, withdrawn: withdrawn)
    }

    // consent-services = '[' string *( ',' string ) ']'   (at least one: ids or kinds)
    private mutating func parseConsentServices() throws(JSONFailure) -> [String] {
        let open = s.pos
        try s.openArray()
        var services: [String] = []
        var first = true
        while try s.nextElement(&first) {
            let index = services.count
            services.append(
                try within(index: index) { () throws(JSONFailure) in try s.readString() })
        }
        guard !services.isEmpty else {
            throw JSONFailure(
                offset: open, message: "a consent names at least one service (an id or a kind)")
        }
        return services
    }

    // school-reference = id, naming a school of "schools"
    mutating func readSchoolReference() throws(JSONFailure) -> Int {
        let token = try s.readID()
        if let index = s.withIDBytes(token, { schoolTable.lookup($0) }) { return index }
        let id = s.idString(token)
        let hint = schoolTable.suggestion(for: id).map { " (did you mean '\($0)'?)" } ?? ""
        throw JSONFailure(
            offset: token.offset,
            message: "unknown school \"\(id)\"; \(schoolTable.listing("schools"))\(hint)")
    }

    // absence = '[' [ absence-record *( ',' absence-record ) ] ']'
    private mutating func parseAbsence() throws(JSONFailure) {
        try s.openArray()
        var index = 0
        var first = true
        while try s.nextElement(&first) {
            try within(index: index) { () throws(JSONFailure) in
                try parseAbsenceRecord(index: index)
            }
            index += 1
        }
    }

    // absence-record = '{' { "date": date | "kind": "day" / "hours" | "hours": number in (0, 24]
    //                      | "documented": boolean | "reason": string | other: value } '}'
    private mutating func parseAbsenceRecord(index: Int) throws(JSONFailure) {
        let open = try s.openObject()
        var date: Day?
        var kind = -1
        var hours = -1.0
        var documented = false
        var keys = KeyLog()
        var first = true
        while let key = try s.nextKey(&first) {
            if key.is("date") {
                try keys.note(1, key, in: s)
                date = try within("date") { () throws(JSONFailure) in
                    let at = s.pos
                    let day = try s.readDate()
                    if format == 1, day < calendar.start || day > calendar.end {
                        throw outsideTheYear(day, at: at)
                    }
                    return day
                }
            } else if key.is("kind") {
                try keys.note(2, key, in: s)
                kind = try within("kind") { () throws(JSONFailure) in
                    try s.readEnum(Names.absenceKinds)
                }
            } else if key.is("hours") {
                try keys.note(4, key, in: s)
                hours = try within("hours") { () throws(JSONFailure) in
                    try s.readNumber(maximum: 24)
                }
            } else if key.is("documented") {
                try keys.note(8, key, in: s)
                documented = try within("documented") { () throws(JSONFailure) in try s.readBool() }
            } else if key.is("reason") {
                try keys.note(16, key, in: s)
                let reason = try within("reason") { () throws(JSONFailure) in try s.readString() }
                scratch.reasons.append((Int32(index), reason))
            } else {
                try s.skipMember(key, &keys)
            }
        }
        guard let date else {
            throw JSONFailure(offset: open, message: "missing required field \"date\"")
        }
        guard kind >= 0 else {
            throw JSONFailure(offset: open, message: "missing required field \"kind\"")
        }
        guard kind == 0 || hours > 0 else {
            throw JSONFailure(
                offset: open,
                message: "missing required field \"hours\" (required when kind is \"hours\")")
        }
        absence.date.append(date)
        absence.hours.append(kind == 0 ? 0 : Float(hours))
        absence.flags.append(
            (kind == 0 ? AbsenceFlags.day : 0) | (documented ? AbsenceFlags.documented : 0))
    }

    /// A tidlig/1 record dated outside its one school year: the file holds dates of another year.
    @inline(never) private func outsideTheYear(_ day: Day, at offset: Int) -> JSONFailure {
        let year = calendar.schoolYear.map { "the school year \($0) (" } ?? "the school year ("
        return JSONFailure(
            offset: offset,
            message:
                "absence on \(day) lies outside \(year)\(calendar.start) to \(calendar.end)) of the calendar; "
                + "a file of several school years is \"format\": \"tidlig/2\" (docs/DATA.md)")
    }
}
