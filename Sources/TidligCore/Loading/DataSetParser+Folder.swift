/// Folder documents (elevmappe) and service involvements of a student.
extension DataSetParser {
    // folder = '[' [ document *( ',' document ) ] ']'
    mutating func parseFolder() throws(JSONFailure) {
        try s.openArray()
        var index = 0
        var first = true
        while try s.nextElement(&first) {
            try within(index: index) { () throws(JSONFailure) in try parseDocument(index: index) }
            index += 1
        }
    }

    // document = '{' { "date": date | "kind": document-kind | "quality": quality | "template": boolean
    //                | "sections": sections | "evaluateBy": date | "coverage": "full" / "partial"
    //                | "services": service-list | "bti": integer 0..3 | "minutesSentTo": service-list
    //                | "calledBy": id / "school" | "text": string | other: value } '}'
    private mutating func parseDocument(index: Int) throws(JSONFailure) {
        let open = try s.openObject()
        var date: Day?, evaluateBy: Day?, coverage: EvaluationCoverage?
        var kind = -1, quality = 0, bti: Int8 = -1
        var template: UInt8 = 0, sections: UInt8 = 0
        var services: UInt64 = 0, minutesSentTo: UInt64 = 0
        var calledBy = CaseOwner.notStated
        var keys = KeyLog()
        var first = true
        while let key = try s.nextKey(&first) {
            if key.is("date") {
                try keys.note(1, key, in: s)
                date = try within("date") { () throws(JSONFailure) in try s.readDate() }
            } else if key.is("kind") {
                try keys.note(2, key, in: s)
                kind = try within("kind") { () throws(JSONFailure) in
                    try s.readEnum(Names.documentKinds)
                }
            } else if key.is("quality") {
                try keys.note(4, key, in: s)
                quality = try within("quality") { () throws(JSONFailure) in
                    try s.readEnum(Names.qualities)
                }
            } else if key.is("template") {
                try keys.note(8, key, in: s)
                template =
                    try within("template") { () throws(JSONFailure) in try s.readBool() } ? 2 : 1
            } else if key.is("sections") {
                try keys.note(16, key, in: s)
                sections = try within("sections") { () throws(JSONFailure) in try parseSections() }
            } else if key.is("evaluateBy") {
                try keys.note(32, key, in: s)
                evaluateBy = try within("evaluateBy") { () throws(JSONFailure) in try s.readDate() }
            } else if key.is("coverage") {
                try keys.note(64, key, in: s)
                coverage =
                    try within("coverage") { () throws(JSONFailure) in
                        try s.readEnum(Names.coverages)
                    } == 0 ? .full : .partial
            } else if key.is("services") {
                try keys.note(128, key, in: s)
                services = try within("services") { () throws(JSONFailure) in
                    try parseServiceList(document: index, field: "services")
                }
            } else if key.is("bti") {
                try keys.note(256, key, in: s)
                bti = Int8(try within("bti") { () throws(JSONFailure) in try s.readInteger(0...3) })
            } else if key.is("minutesSentTo") {
                try keys.note(512, key, in: s)
                minutesSentTo = try within("minutesSentTo") { () throws(JSONFailure) in
                    try parseServiceList(document: index, field: "minutesSentTo")
                }
            } else if key.is("calledBy") {
                try keys.note(2048, key, in: s)
                calledBy = try within("calledBy") { () throws(JSONFailure) in
                    try parseCaller(document: index)
                }
            } else if key.is("text") {
                try keys.note(1024, key, in: s)
                let text = try within("text") { () throws(JSONFailure) in try s.readString() }
                scratch.texts.append((Int32(index), text))
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
        documents.date.append(date)
        documents.kind.append(DocumentKind(rawValue: UInt8(kind)) ?? .other)
        documents.quality.append(MappingQuality(rawValue: UInt8(quality)) ?? .described)
        documents.template.append(template)
        documents.evaluateBy.append(evaluateBy)
        documents.coverage.append(coverage)
        documents.bti.append(bti)
        documents.sections.append(sections)
        documents.services.append(services)
        documents.minutesSentTo.append(minutesSentTo)
        documents.calledBy.append(calledBy)
    }

    // caller = id ; a service id, or "school" for the student's school (unless a service has that id)
    private mutating func parseCaller(document: Int) throws(JSONFailure) -> Int16 {
        let token = try s.readID()
        if let service = s.withIDBytes(token, { serviceTable.lookup($0) }) { return Int16(service) }
        if s.idString(token) == "school" { return CaseOwner.schoolCode }
        scratch.problems.append(
            PendingProblem(
                section: StudentScratch.folder, fileIndex: Int32(document), rank: 5,
                kind: .unknownService,
                subpath: ".folder[\(document)].calledBy",
                detail: unknownServiceDetail(token) + "; \"school\" names the student's school"))
        return CaseOwner.notStated
    }

    mutating func reserveDocuments(_ count: Int) {
        documents.date.reserveCapacity(count)
        documents.kind.reserveCapacity(count)
        documents.quality.reserveCapacity(count)
        documents.template.reserveCapacity(count)
        documents.evaluateBy.reserveCapacity(count)
        documents.coverage.reserveCapacity(count)
        documents.bti.reserveCapacity(count)
        documents.sections.reserveCapacity(count)
        documents.services.reserveCapacity(count)
        documents.minutesSentTo.reserveCapacity(count)
        documents.calledBy.reserveCapacity(count)
    }

    // sections = '[' [ section *( ',' section ) ] ']' ; each section at most once
    private mutating func parseSections() throws(JSONFailure) -> UInt8 {
        try s.openArray()
        var bits: UInt8 = 0
        var index = 0
        var first = true
        while try s.nextElement(&first) {
            let start = s.pos
            let section = try within(index: index) { () throws(JSONFailure) in
                try s.readEnum(Names.sections)
            }
            guard bits & (1 << section) == 0 else {
                throw JSONFailure(
                    offset: start,
                    message:
                        "section \"\(Names.sections[section])\" listed twice; each at most once",
                    path: "[\(index)]")
            }
            bits |= 1 << section
            index += 1
        }
        return bits
    }

    // service-list = '[' [ id *( ',' id ) ] ']' ; ids not in "services" are reported and dropped
    private mutating func parseServiceList(document: Int, field: StaticString) throws(JSONFailure)
        -> UInt64
    {
        try s.openArray()
        var bits: UInt64 = 0
        var index = 0
        var first = true
        while try s.nextElement(&first) {
            let token = try within(index: index) { () throws(JSONFailure) in try s.readID() }
            if let service = s.withIDBytes(token, { serviceTable.lookup($0) }) {
                bits |= 1 << UInt64(service)
            } else {
                scratch.problems.append(
                    PendingProblem(
                        section: StudentScratch.folder, fileIndex: Int32(document), rank: 5,
                        kind: .unknownService,
                        subpath: ".folder[\(document)].\(field)[\(index)]",
                        detail: unknownServiceDetail(token)))
            }
            index += 1
        }
        return bits
    }

    // involvements = '[' [ involvement *( ',' involvement ) ] ']'
    mutating func parseInvolvements() throws(JSONFailure) {
        try s.openArray()
        var index = 0
        var first = true
        while try s.nextElement(&first) {
            try within(index: index) { () throws(JSONFailure) in try parseInvolvement(index: index)
            }
            index += 1
        }
    }

    // involvement = '{' { "service": id | "date": date | "initiatedBy": initiator | "ended": date
    //                   | other: value } '}'          ; "ended" on or after "date"
    private mutating func parseInvolvement(index: Int) throws(JSONFailure) {
        let open = try s.openObject()
        var service: IDToken?
        var date: Day?
        var ended: (day: Day, offset: Int)?
        var initiator = 0
        var keys = KeyLog()
        var first = true
        while let key = try s.nextKey(&first) {
            if key.is("service") {
                try keys.note(1, key, in: s)
                service = try within("service") { () throws(JSONFailure) in try s.readID() }
            } else if key.is("date") {
                try keys.note(2, key, in: s)
                date = try within("date") { () throws(JSONFailure) in try s.readDate() }
            } else if key.is("initiatedBy") {
                try keys.note(4, key, in: s)
                initiator = try within("initiatedBy") { () throws(JSONFailure) in
                    try s.readEnum(Names.initiators)
                }
            } else if key.is("ended") {
                try keys.note(8, key, in: s)
                s.skipWhitespace()
                let offset = s.pos
                let day = try within("ended") { () throws(JSONFailure) in try s.readDate() }
                ended = (day, offset)
            } else {
                try s.skipMember(key, &keys)
            }
        }
        guard let service else {
            throw JSONFailure(offset: open, message: "missing required field \"service\"")
        }
        guard let date else {
            throw JSONFailure(offset: open, message: "missing required field \"date\"")
        }
        if let ended, ended.day < date {
            throw JSONFailure(
                offset: ended.offset,
                message: "\"ended\" \(ended.day) is before the involvement's \"date\" \(date); "
                    + "an involvement ends on or after the day it began", path: ".ended")
        }
        guard let known = s.withIDBytes(service, { serviceTable.lookup($0) }) else {
            scratch.problems.append(
                PendingProblem(
                    section: StudentScratch.involvements, fileIndex: Int32(index), rank: 5,
                    kind: .unknownService,
                    subpath: ".involvements[\(index)].service",
                    detail: unknownServiceDetail(service)))
            return
        }
        involvements.service.append(UInt16(known))
        involvements.date.append(date)
        involvements.initiatedBy.append(Initiator(rawValue: UInt8(initiator)) ?? .school)
        involvements.ended.append(ended?.day)
        scratch.involvementFileIndex.append(Int32(index))
    }

    private func unknownServiceDetail(_ token: IDToken) -> String {
        let id = s.idString(token)
        let hint = serviceTable.suggestion(for: id).map { " (did you mean '\($0)'?)" } ?? ""
        return "unknown service \"\(id)\", dropped; \(serviceTable.listing("services"))\(hint)"
    }
}
