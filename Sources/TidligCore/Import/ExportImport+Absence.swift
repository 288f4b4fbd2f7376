/// Absence registrations and consents.
extension ExportImport {
    // fravær: Fødselsnummer;Dato;Fraværstype;Minutter;Dokumentert;Merknad (Merknad never read)
    mutating func readAbsence(_ source: any RowSource) throws(ImportFailure) {
        var reading = AbsenceReading(
            types: CodeTable(column: header(.absence, "type"), codes: layout.absenceTypes),
            documentation: CodeTable(
                column: header(.absence, "documented"), codes: layout.documentation),
            context: ImportRowContext(file: source.name))
        if let csv = source as? CSVText {
            reading = try readInParallel(csv, reading)
        } else {
            let importer = self
            var columns: AbsenceFileColumns?
            reading.context = try Self.records(
                source, .absence, layout: layout, mappingName: mappingName
            ) {
                (context, map, row) throws(ImportFailure) in
                let c = columns ?? AbsenceFileColumns(map, importer)
                columns = c
                reading.context = context
                try reading.take(row, c, importer)
                context = reading.context
            }
        }
        note(reading.context)
        summary.notAbsence += reading.notAbsence
        summary.leave += reading.leave
        summary.late += reading.late
        summary.days += reading.days
        summary.hourRegistrations += reading.hours
        data.registrations = reading.registrations
        summary.codes.append((header(.absence, "type"), reading.types.seen))
        summary.codes.append((header(.absence, "documented"), reading.documentation.seen))
    }

    /// Minutes of an hour registration (`Minutter`), or hours (`Timer`) times 60; decimal comma or point.
    func length(_ row: ExportRow, _ map: HeaderMap, file: String, required: Bool)
        throws(ImportFailure) -> Float
    {
        let (field, scale, key) =
            map["minutes"].map { ($0, Float(1), "minutes") } ?? map["hours"].map {
                ($0, Float(60), "hours")
            }
            ?? (-1, 0, "minutes")
        guard field >= 0 else {
            if !required { return 0 }
            throw ImportFailure(
                file: file, line: map.headerLine,
                message:
                    "no column '\(header(.absence, "minutes"))' or '\(header(.absence, "hours"))'",
                note: "an hour registration needs its length")
        }
        let bytes = row.field(field)
        if bytes.isEmpty, !required { return 0 }
        guard let value = ExportImport.number(bytes), value > 0, value <= 24 * 60 / scale else {
            throw ImportFailure(
                file: file, line: row.line,
                message: "column \(header(.absence, key)) does not hold a length above 0",
                note: "an hour registration needs its \(key), e.g. 45 or 22,5")
        }
        return value * scale
    }

    /// A decimal number with a comma or a point: `45`, `22,5`, `0.75`.
    static func number(_ bytes: ArraySlice<UInt8>) -> Float? {
        var whole: Float = 0, fraction: Float = 0, scale: Float = 1
        var seenDigit = false, seenPoint = false
        for b in bytes {
            if b >= 0x30, b <= 0x39 {
                seenDigit = true
                if seenPoint {
                    scale /= 10
                    fraction += Float(b - 0x30) * scale
                } else {
                    whole = whole * 10 + Float(b - 0x30)
                    if whole > 1e9 { return nil }
                }
            } else if (b == 0x2C || b == 0x2E), !seenPoint {
                seenPoint = true
            } else {
                return nil
            }
        }
        return seenDigit ? whole + fraction : nil
    }

    // samtykker: Fødselsnummer;Referanse;Gitt;GittAv;Tjenester;Formål;Utløper;Trukket
    mutating func readConsents(_ source: any RowSource) throws(ImportFailure) {
        var givenBy = CodeTable(column: header(.consents, "given-by"), codes: layout.givenBy)
        var services = CodeTable(column: header(.consents, "services"), codes: layout.services)
        let file = source.name
        note(
            try Self.records(source, .consents, layout: layout, mappingName: mappingName) {
                (context, map, row) throws(ImportFailure) in
                let reference = row.string(map.required("reference"))
                guard !reference.isEmpty else {
                    throw ImportFailure(
                        file: file, line: row.line,
                        message: "column \(header(.consents, "reference")) is empty",
                        note: "a consent is recorded under the reference of the signed form")
                }
                let given = try date(
                    row, map.required("given"), header(.consents, "given"), file: file,
                    required: true)!
                let byField = row.field(map.required("given-by"))
                guard let by = givenBy.lookup(byField) else {
                    throw givenBy.failure(
                        byField, file: file, line: row.line, mappingName: mappingName)
                }
                var covered: [String] = []
                let list = row.field(map.required("services"))
                for item in list.split(whereSeparator: { $0 == 0x2C || $0 == 0x7C || $0 == 0x2B }) {
                    var trimmed = item[...]
                    while let first = trimmed.first, first == 0x20 { trimmed = trimmed.dropFirst() }
                    while let last = trimmed.last, last == 0x20 { trimmed = trimmed.dropLast() }
                    if trimmed.isEmpty { continue }
                    guard let service = services.lookup(ArraySlice(trimmed)) else {
                        throw services.failure(
                            ArraySlice(trimmed), file: file, line: row.line,
                            mappingName: mappingName)
                    }
                    if !covered.contains(service) { covered.append(service) }
                }
                guard !covered.isEmpty else {
                    throw ImportFailure(
                        file: file, line: row.line,
                        message: "column \(header(.consents, "services")) names no service")
                }
                let purpose = map["purpose"].map { row.string($0) }.flatMap {
                    $0.isEmpty ? nil : $0
                }
                let expires = try date(
                    row, map["expires"], header(.consents, "expires"), file: file, required: false)
                let withdrawn = try date(
                    row, map["withdrawn"], header(.consents, "withdrawn"), file: file,
                    required: false)
                guard let student = student(row, map.required("id"), &context, file: file) else {
                    return
                }
                summary.consents += 1
                data.students[Int(student)].consents.append(
                    .init(
                        reference: reference, given: given, givenBy: by, services: covered,
                        purpose: purpose,
                        expires: expires, withdrawn: withdrawn))
            })
        summary.codes.append((header(.consents, "given-by"), givenBy.seen))
        summary.codes.append((header(.consents, "services"), services.seen))
    }
}
