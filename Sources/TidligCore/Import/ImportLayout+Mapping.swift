/// Mapping files: another export's layout, checked like a policy file.
///
/// ```
/// # Visma Flyt Skole, Nes
/// separator = ";"
/// date-format = dd.mm.yyyy
///
/// [absence]
/// id = "Fnr"
/// type = "Registreringstype"
///
/// [absence.type]
/// "Dagsfravær" = day
/// "Timefravær" = hours
/// ```
///
/// Settings come first; `[students]`, `[absence]`, `[calendar]` and `[consents]` rename
/// columns (one or more headers, any of which matches); `[absence.type]`,
/// `[absence.documented]`, `[calendar.type]`, `[consents.given-by]` and `[consents.services]`
/// replace a code list. Everything not named keeps the built-in layout.
extension ImportLayout {
    static let codeSections = [
        "absence.type", "absence.documented", "calendar.type", "consents.given-by",
        "consents.services",
    ]
    static let settings = ["separator", "encoding", "date-format", "id-prefix", "hours-per-day"]

    /// Reads a mapping file over the built-in layout; an error points at the line and token.
    public static func load(mappingFile path: String) throws(ImportFailure) -> ImportLayout {
        guard let bytes = FileBytes.read(path: path) else {
            throw ImportFailure(
                file: path, message: "cannot read the mapping file: \(FileBytes.lastError)",
                isIOError: true)
        }
        let source = SourceFile(name: path, text: String(decoding: bytes, as: UTF8.self))
        var layout = ImportLayout.builtIn
        do throws(Diagnostic) {
            try layout.apply(source)
        } catch {
            throw ImportFailure(diagnostic: error, in: source)
        }
        return layout
    }

    /// A token of a mapping line: a bare word or a quoted string, with its span.
    struct MappingToken {
        var text: String
        var span: SourceSpan
        var quoted: Bool
    }

    // line = [ '[' section ']' | key '=' value { ',' value } ] [ '#' comment ]
    mutating func apply(_ source: SourceFile) throws(Diagnostic) {
        var section: String?
        var replaced: Set<String> = []
        var offset = 0
        let lines = source.text.split(separator: "\n", omittingEmptySubsequences: false)
        for (number, rawLine) in lines.enumerated() {
            defer { offset += rawLine.utf8.count + 1 }
            let tokens = try Self.tokens(String(rawLine), at: offset)
            guard let first = tokens.first else { continue }
            if first.text == "[", !first.quoted {
                guard tokens.count == 3, tokens[2].text == "]", !tokens[1].quoted else {
                    throw Diagnostic("a section is written [name]", at: first.span)
                }
                let name = tokens[1]
                let known = Table.allCases.map(\.rawValue) + Self.codeSections
                guard known.contains(name.text) else {
                    throw Diagnostic(
                        "unknown section '\(name.text)'", at: name.span,
                        note: importDidYouMean(name.text, in: known)
                            ?? "sections: \(known.joined(separator: ", "))")
                }
                if Self.codeSections.contains(name.text), replaced.contains(name.text) {
                    throw Diagnostic("section '\(name.text)' given twice", at: name.span)
                }
                section = name.text
                continue
            }
            guard tokens.count >= 3, tokens[1].text == "=", !tokens[1].quoted else {
                throw Diagnostic(
                    "expected KEY = VALUE", at: first.span,
                    note:
                        "e.g. date = \"Dato\" under [absence], or \"Dag\" = day under [absence.type]"
                )
            }
            var values: [MappingToken] = []
            var index = 2
            while index < tokens.count {
                values.append(tokens[index])
                index += 1
                if index < tokens.count {
                    guard tokens[index].text == ",", !tokens[index].quoted else {
                        throw Diagnostic("expected ',' between values", at: tokens[index].span)
                    }
                    index += 1
                    guard index < tokens.count else {
                        throw Diagnostic("a value is missing after ','", at: tokens[index - 1].span)
                    }
                }
            }
            try set(first, values, section: section, line: number + 1, replaced: &replaced)
        }
    }

    private mutating func set(
        _ key: MappingToken, _ values: [MappingToken], section: String?, line: Int,
        replaced: inout Set<String>
    ) throws(Diagnostic) {
        guard let section else { return try setting(key, values) }
        if let table = Table(rawValue: section) {
            let keys = columns[table]!.map(\.key)
            guard let index = columns[table]!.firstIndex(where: { $0.key == key.text }) else {
                throw Diagnostic(
                    "unknown column '\(key.text)' in [\(section)]", at: key.span,
                    note: importDidYouMean(key.text, in: keys)
                        ?? "columns: \(keys.joined(separator: ", "))")
            }
            columns[table]![index].headers = values.map(\.text)
            columns[table]![index].mappingLine = line
            return
        }
        guard values.count == 1 else {
            throw Diagnostic("a code means one thing", at: values[1].span)
        }
        let value = values[0]
        let fresh = replaced.insert(section).inserted
        func meaning(_ allowed: [String]) throws(Diagnostic) -> String {
            guard allowed.contains(value.text) else {
                throw Diagnostic(
                    "unknown meaning '\(value.text)' in [\(section)]", at: value.span,
                    note: importDidYouMean(value.text, in: allowed)
                        ?? "one of: \(allowed.joined(separator: ", "))")
            }
            return value.text
        }
        switch section {
        case "absence.type":
            if fresh { absenceTypes = [] }
            absenceTypes.append(
                (
                    key.text,
                    AbsenceType(rawValue: try meaning(AbsenceType.allCases.map(\.rawValue)))!
                ))
        case "absence.documented":
            if fresh { documentation = [] }
            documentation.append(
                (
                    key.text,
                    Documentation(rawValue: try meaning(Documentation.allCases.map(\.rawValue)))!
                ))
        case "calendar.type":
            if fresh { calendarTypes = [] }
            calendarTypes.append(
                (
                    key.text,
                    CalendarType(rawValue: try meaning(CalendarType.allCases.map(\.rawValue)))!
                ))
        case "consents.given-by":
            if fresh { givenBy = [] }
            givenBy.append((key.text, try meaning(["guardians", "student", "both"])))
        default:
            if fresh { services = [] }
            let allowed = Service.Kind.allCases.map(\.rawValue) + Service.nesDefaults.map(\.id)
            services.append((key.text, try meaning(Array(Set(allowed)).sorted())))
        }
    }

    private mutating func setting(_ key: MappingToken, _ values: [MappingToken]) throws(Diagnostic)
    {
        guard values.count == 1 else {
            throw Diagnostic("'\(key.text)' takes one value", at: values[1].span)
        }
        let value = values[0]
        switch key.text {
        case "separator":
            switch value.text {
            case ";", ",", "|": separator = value.text.utf8.first
            case "tab", "\t": separator = 0x09
            case "auto": separator = nil
            default:
                throw Diagnostic("a separator is \";\", \",\", \"|\", tab or auto", at: value.span)
            }
        case "encoding":
            guard let encoding = TextEncoding(rawValue: value.text.lowercased()) else {
                let names = TextEncoding.allCases.map(\.rawValue)
                throw Diagnostic(
                    "unknown encoding '\(value.text)'", at: value.span,
                    note: importDidYouMean(value.text, in: names)
                        ?? "one of: \(names.joined(separator: ", "))")
            }
            self.encoding = encoding
        case "date-format":
            guard let format = DateFormat(pattern: value.text) else {
                throw Diagnostic(
                    "a date format has dd, mm and yyyy with one separator", at: value.span,
                    note: "e.g. dd.mm.yyyy, yyyy-mm-dd, dd/mm/yyyy")
            }
            dateFormat = format
        case "id-prefix":
            let ok =
                !value.text.isEmpty && value.text.count <= 8
                && value.text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
            guard ok else {
                throw Diagnostic("an id prefix is 1 to 8 letters or digits", at: value.span)
            }
            idPrefix = value.text
        case "hours-per-day":
            guard let hours = Double(value.text), hours > 0, hours <= 24 else {
                throw Diagnostic("hours per day is a number above 0 and at most 24", at: value.span)
            }
            hoursPerDay = hours
        default:
            throw Diagnostic(
                "unknown setting '\(key.text)'", at: key.span,
                note: importDidYouMean(key.text, in: Self.settings)
                    ?? "settings: \(Self.settings.joined(separator: ", ")); columns and codes go under a [section]"
            )
        }
    }

    /// Bare words, quoted strings (`""` for a quote inside) and the symbols `[ ] = ,`.
    static func tokens(_ line: String, at offset: Int) throws(Diagnostic) -> [MappingToken] {
        let bytes = Array(line.utf8)
        var tokens: [MappingToken] = []
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x20 || b == 0x09 || b == 0x0D { i += 1; continue }
            if b == 0x23 { break }
            if b == 0x5B || b == 0x5D || b == 0x3D || b == 0x2C {
                tokens.append(
                    .init(
                        text: String(UnicodeScalar(b)),
                        span: .init(start: offset + i, end: offset + i + 1), quoted: false))
                i += 1
                continue
            }
            if b == 0x22 {
                var text: [UInt8] = []
                var j = i + 1
                while true {
                    guard j < bytes.count else {
                        throw Diagnostic(
                            "a quoted text is never closed",
                            at: .init(start: offset + i, end: offset + bytes.count))
                    }
                    if bytes[j] == 0x22 {
                        if j + 1 < bytes.count, bytes[j + 1] == 0x22 {
                            text.append(0x22); j += 2; continue
                        }
                        break
                    }
                    text.append(bytes[j])
                    j += 1
                }
                tokens.append(
                    .init(
                        text: String(decoding: text, as: UTF8.self),
                        span: .init(start: offset + i, end: offset + j + 1),
                        quoted: true))
                i = j + 1
                continue
            }
            var j = i
            while j < bytes.count,
                ![0x20, 0x09, 0x0D, 0x5B, 0x5D, 0x3D, 0x2C, 0x23, 0x22].contains(bytes[j])
            { j += 1 }
            tokens.append(
                .init(
                    text: String(decoding: bytes[i..<j], as: UTF8.self),
                    span: .init(start: offset + i, end: offset + j),
                    quoted: false))
            i = j
        }
        return tokens
    }
}
