/// The parts of a `tidlig/1` or `tidlig/2` document before the students: calendar, schools, services.
extension DataSetParser {
    // calendar = '{' { "start": date | "end": date | "hoursPerDay": number 1..24
    //               | "closures": '[' [ closure *( ',' closure ) ] ']' | "schoolYear": "YYYY/YYYY" | other: value } '}'
    /// A calendar; with `year` (the index of a tidlig/2 school year), also its "schools".
    mutating func parseCalendar(year: Int? = nil) throws(JSONFailure) -> SchoolCalendar {
        let open = try s.openObject()
        var start: Day?, end: Day?, endOffset = 0
        var hoursPerDay = 6.0
        var closures: [SchoolCalendar.Closure] = []
        var schoolYear: String?
        var keys = KeyLog()
        var first = true
        while let key = try s.nextKey(&first) {
            if key.is("start") {
                try keys.note(1, key, in: s)
                years.startOffset = s.pos
                start = try within("start") { () throws(JSONFailure) in try s.readDate() }
            } else if key.is("end") {
                try keys.note(2, key, in: s)
                endOffset = s.pos
                end = try within("end") { () throws(JSONFailure) in try s.readDate() }
            } else if key.is("hoursPerDay") {
                try keys.note(4, key, in: s)
                hoursPerDay = try within("hoursPerDay") { () throws(JSONFailure) in
                    try s.readNumber(minimum: 1, maximum: 24)
                }
            } else if key.is("closures") {
                try keys.note(8, key, in: s)
                closures = try within("closures") { () throws(JSONFailure) in try parseClosures() }
            } else if key.is("schoolYear") {
                try keys.note(16, key, in: s)
                years.labelOffset = s.pos
                schoolYear = try within("schoolYear") { () throws(JSONFailure) in
                    try readSchoolYear()
                }
            } else if let year, key.is("schools") {
                try keys.note(32, key, in: s)
                try within("schools") { () throws(JSONFailure) in
                    try parseSchoolClosures(year: year)
                }
            } else {
                try s.skipMember(key, &keys)
            }
        }
        guard let start else {
            throw JSONFailure(offset: open, message: "missing required field \"start\"")
        }
        guard let end else {
            throw JSONFailure(offset: open, message: "missing required field \"end\"")
        }
        guard start <= end else {
            throw JSONFailure(
                offset: endOffset,
                message:
                    "the calendar ends (\(end)) before it starts (\(start)); expected end >= start",
                path: ".end")
        }
        return SchoolCalendar(
            start: start, end: end, hoursPerDay: hoursPerDay, closures: closures,
            schoolYear: schoolYear)
    }

    // school-year = '"' 4digit '/' 4digit '"'
    private mutating func readSchoolYear() throws(JSONFailure) -> String {
        let start = s.pos
        let text = try s.readString()
        let bytes = Array(text.utf8)
        let valid =
            bytes.count == 9
            && bytes.indices.allSatisfy { index in
                index == 4
                    ? bytes[index] == UInt8(ascii: "/") : bytes[index] &- UInt8(ascii: "0") < 10
            }
        guard valid else {
            throw JSONFailure(
                offset: start,
                message: "expected a school year \"YYYY/YYYY\", found \(s.quoted(text))")
        }
        return text
    }

    // closures = '[' [ closure *( ',' closure ) ] ']'
    mutating func parseClosures() throws(JSONFailure) -> [SchoolCalendar.Closure] {
        try s.openArray()
        var closures: [SchoolCalendar.Closure] = []
        var first = true
        while try s.nextElement(&first) {
            closures.append(
                try within(index: closures.count) { () throws(JSONFailure) in try parseClosure() })
        }
        return closures
    }

    // closure = '{' { "from": date | "to": date | "name": string | other: value } '}'
    private mutating func parseClosure() throws(JSONFailure) -> SchoolCalendar.Closure {
        let open = try s.openObject()
        var from: Day?, to: Day?, toOffset = 0
        var name: String?
        var keys = KeyLog()
        var first = true
        while let key = try s.nextKey(&first) {
            if key.is("from") {
                try keys.note(1, key, in: s)
                from = try within("from") { () throws(JSONFailure) in try s.readDate() }
            } else if key.is("to") {
                try keys.note(2, key, in: s)
                toOffset = s.pos
                to = try within("to") { () throws(JSONFailure) in try s.readDate() }
            } else if key.is("name") {
                try keys.note(4, key, in: s)
                name = try within("name") { () throws(JSONFailure) in try s.readString() }
            } else {
                try s.skipMember(key, &keys)
            }
        }
        guard let from else {
            throw JSONFailure(offset: open, message: "missing required field \"from\"")
        }
        guard let to else {
            throw JSONFailure(offset: open, message: "missing required field \"to\"")
        }
        guard from <= to else {
            throw JSONFailure(
                offset: toOffset,
                message: "the closure ends (\(to)) before it starts (\(from)); expected to >= from",
                path: ".to")
        }
        return SchoolCalendar.Closure(from: from, to: to, name: name)
    }

    // schools = '[' [ school *( ',' school ) ] ']' ; at most 65,535 (the school column is 16-bit)
    mutating func parseSchools() throws(JSONFailure) {
        let (list, table) = try parseIDList("school", limit: Int(UInt16.max), \.id) {
            (p, offsets) throws(JSONFailure) in
            try p.parseSchool(idOffset: &offsets)
        }
        schools = list
        schoolTable = table
    }

    /// An array of objects with unique ids (schools, services): at most `limit`, the first
    /// duplicate refused at its id with the place of the first one.
    private mutating func parseIDList<T>(
        _ noun: String, limit: Int, _ id: (T) -> String,
        element: (inout DataSetParser, inout [Int]) throws(JSONFailure) -> T
    ) throws(JSONFailure) -> ([T], IDTable) {
        try s.openArray()
        var list: [T] = []
        var idOffsets: [Int] = []
        var first = true
        while try s.nextElement(&first) {
            guard list.count < limit else {
                throw JSONFailure(
                    offset: s.pos,
                    message: "more than \(limit) \(noun)s; tidlig keeps at most \(limit)",
                    path: "[\(list.count)]")
            }
            list.append(
                try within(index: list.count) { () throws(JSONFailure) in
                    try element(&self, &idOffsets)
                })
        }
        var duplicate: Int?
        let table = IDTable(list.map(id), duplicate: &duplicate)
        if let duplicate {
            let earlier = list.firstIndex { id($0) == id(list[duplicate]) } ?? 0
            throw JSONFailure(
                offset: idOffsets[duplicate],
                message:
                    "duplicate \(noun) id \"\(id(list[duplicate]))\" (first at $.\(noun)s[\(earlier)])",
                path: "[\(duplicate)].id")
        }
        return (list, table)
    }

    // school = '{' { "id": id | "name": string | "stage": "primary" / "lower-secondary" / "combined"
    //              | "visitEveryDays": integer >= 1 | other: value } '}'
    private mutating func parseSchool(idOffset: inout [Int]) throws(JSONFailure) -> School {
        let open = try s.openObject()
        var id: String?, name: String?, stage: School.Stage?, visitEveryDays: Int?
        var keys = KeyLog()
        var first = true
        idOffset.append(open)
        while let key = try s.nextKey(&first) {
            if key.is("id") {
                try keys.note(1, key, in: s)
                idOffset[idOffset.count - 1] = s.pos
                id = try within("id") { () throws(JSONFailure) in s.idString(try s.readID()) }
            } else if key.is("name") {
                try keys.note(2, key, in: s)
                name = try within("name") { () throws(JSONFailure) in try s.readString() }
            } else if key.is("stage") {
                try keys.note(4, key, in: s)
                stage =
                    School.Stage.allCases[
                        try within("stage") { () throws(JSONFailure) in try s.readEnum(Names.stages)
                        }]
            } else if key.is("visitEveryDays") {
                try keys.note(8, key, in: s)
                visitEveryDays = try within("visitEveryDays") { () throws(JSONFailure) in
                    try s.readInteger(1...Int.max)
                }
            } else {
                try s.skipMember(key, &keys)
            }
        }
        guard let id else {
            throw JSONFailure(offset: open, message: "missing required field \"id\"")
        }
        guard let name else {
            throw JSONFailure(offset: open, message: "missing required field \"name\"")
        }
        return School(id: id, name: name, stage: stage, visitEveryDays: visitEveryDays)
    }

    // services = '[' [ service *( ',' service ) ] ']' ; at most 64 (bit sets of services are 64-bit)
    mutating func parseServices() throws(JSONFailure) {
        let (list, table) = try parseIDList("service", limit: 64, \.id) {
            (p, offsets) throws(JSONFailure) in
            try p.parseService(idOffset: &offsets)
        }
        services = list
        serviceTable = table
    }

    // service = '{' { "id": id | "name": string | "kind": service-kind | "visitEveryDays": integer >= 1 | other: value } '}'
    private mutating func parseService(idOffset: inout [Int]) throws(JSONFailure) -> Service {
        let open = try s.openObject()
        var id: String?, name: String?, kind: Service.Kind?, visitEveryDays: Int?
        var keys = KeyLog()
        var first = true
        idOffset.append(open)
        while let key = try s.nextKey(&first) {
            if key.is("id") {
                try keys.note(1, key, in: s)
                idOffset[idOffset.count - 1] = s.pos
                id = try within("id") { () throws(JSONFailure) in s.idString(try s.readID()) }
            } else if key.is("name") {
                try keys.note(2, key, in: s)
                name = try within("name") { () throws(JSONFailure) in try s.readString() }
            } else if key.is("kind") {
                try keys.note(4, key, in: s)
                kind =
                    Service.Kind.allCases[
                        try within("kind") { () throws(JSONFailure) in
                            try s.readEnum(Names.serviceKinds)
                        }]
            } else if key.is("visitEveryDays") {
                try keys.note(8, key, in: s)
                visitEveryDays = try within("visitEveryDays") { () throws(JSONFailure) in
                    try s.readInteger(1...Int.max)
                }
            } else {
                try s.skipMember(key, &keys)
            }
        }
        guard let id else {
            throw JSONFailure(offset: open, message: "missing required field \"id\"")
        }
        guard let name else {
            throw JSONFailure(offset: open, message: "missing required field \"name\"")
        }
        return Service(id: id, name: name, kind: kind, visitEveryDays: visitEveryDays)
    }
}
