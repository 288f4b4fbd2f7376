/// Tab completion for the shell. The first word completes to a command or a named result; after
/// it, the command answers (`Command.complete`), or the words complete as a query: fields,
/// keywords, named results, a field's arguments (from `FieldCatalog`), schools and stages.
public final class SessionCompleter: CompletionSource {
    private unowned let session: Session

    public init(session: Session) { self.session = session }

    static let keywords = [
        "where", "and", "or", "not", "in", "is", "null", "order", "by", "desc", "asc", "limit",
        "with", "as", "of",
    ]

    public func complete(_ line: String) -> Completion {
        let word = String(line.reversed().prefix { !" \t(,=\"'".contains($0) }.reversed())
        let before = String(line.dropLast(word.count))
        let words = before.split(whereSeparator: { " \t".contains($0) }).map(String.init)
        if let quoted = quotedValues(before: before, word: word) {
            return Completion(word: word, candidates: quoted)
        }
        var candidates = Array(
            Set(
                self.candidates(before: before, words: words, word: word).filter {
                    $0.hasPrefix(word)
                })
        ).sorted()
        // Inside a string, a completed id closes its quote (the reader adds a space after it).
        if let quote = before.last, quote == "\"" || quote == "'" {
            candidates = candidates.map { $0 + String(quote) }
        }
        return Completion(word: word, candidates: candidates)
    }

    private func candidates(before: String, words: [String], word: String) -> [String] {
        guard let first = words.first else { return CommandRegistry.words + session.named.keys }
        let request = CompletionRequest(
            arguments: Array(words.dropFirst()), word: word, session: session)
        // `into FILE` ends any statement.
        if words.count > 1, words.last?.lowercased() == "into" { return request.paths }
        if let command = CommandRegistry.command(named: first),
            let answer = command.complete(request)
        {
            return answer
        }
        if let argument = fieldArgument(before) { return argument }
        let trimmed = before.reversed().drop { $0 == " " }
        if trimmed.first == "\"" || trimmed.first == "'" || trimmed.first == "=" {
            return (session.data?.schools.map(\.id) ?? []) + School.Stage.allCases.map(\.rawValue)
        }
        return FieldCatalog.all.map(\.name) + SessionCompleter.keywords + session.named.keys + [
            "students"
        ]
    }

    /// Inside a field's parentheses, what its parameter at that place takes (`involved(` → services).
    private func fieldArgument(_ before: String) -> [String]? {
        guard let open = before.lastIndex(of: "("), !before[open...].contains(")") else {
            return nil
        }
        let name = String(
            before[..<open].reversed().prefix { $0.isLetter || $0.isNumber || $0 == "_" }.reversed()
        )
        guard let field = FieldCatalog.field(named: name.lowercased()) else { return nil }
        let inside = before[before.index(after: open)...]
        let index = inside.count(where: { $0 == "," })
        guard index < field.parameters.count else { return [] }
        let current = inside.split(separator: ",", omittingEmptySubsequences: false).last ?? ""
        let afterNumber = current.contains { $0.isNumber } && current.last == " "
        return field.parameters[index].completions(
            services: session.data.map(SessionCompleter.serviceNames) ?? [],
            afterNumber: afterNumber)
    }

    /// After `school =` or `stage =` with no quote yet: the values, quoted (`school = ru` Tab
    /// gives `school = "runni"`).
    private func quotedValues(before: String, word: String) -> [String]? {
        let trimmed = before.reversed().drop { $0 == " " }
        guard trimmed.first == "=", let data = session.data else { return nil }
        let field = String(
            trimmed.dropFirst().drop { $0 == " " || $0 == "!" }.prefix { $0.isLetter }.reversed())
        guard let values = ValueDomain.values(of: field.lowercased(), in: data) else { return nil }
        return values.filter { $0.hasPrefix(word) }.map { "\"\($0)\"" }
    }
}

extension SessionCompleter {
    /// The data's service ids, then the kinds of its services that no id spells (a file's
    /// `pp-tjenesten` also answers to `ppt`).
    static func serviceNames(_ data: DataSet) -> [String] {
        let ids = data.services.map(\.id)
        var kinds: [String] = []
        for kind in data.services.compactMap({ $0.kind?.rawValue })
        where !ids.contains(kind) && !kinds.contains(kind) {
            kinds.append(kind)
        }
        return ids + kinds
    }
}
