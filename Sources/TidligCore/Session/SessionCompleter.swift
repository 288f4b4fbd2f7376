/// Tab completion for the shell: commands, keywords, fields, school, service and student ids,
/// settings, and file paths after `load`.
public final class SessionCompleter: CompletionSource {
    private unowned let session: Session

    public init(session: Session) { self.session = session }

    static let keywords = ["where", "and", "or", "not", "in", "is", "null", "order", "by", "desc", "asc", "limit", "with", "as", "of"]

    public func complete(_ line: String) -> Completion {
        let word = String(line.reversed().prefix { !" \t(,=\"'".contains($0) }.reversed())
        let before = String(line.dropLast(word.count))
        let words = before.split(whereSeparator: { " \t".contains($0) }).map(String.init)
        if let quoted = quotedValues(before: before, word: word) { return Completion(word: word, candidates: quoted) }
        var candidates = Array(Set(self.candidates(before: before, words: words, word: word).filter { $0.hasPrefix(word) })).sorted()
        // Inside a string, a completed id closes its quote (the reader adds a space after it).
        if let quote = before.last, quote == "\"" || quote == "'" { candidates = candidates.map { $0 + String(quote) } }
        return Completion(word: word, candidates: candidates)
    }

    private func candidates(before: String, words: [String], word: String) -> [String] {
        guard let first = words.first?.lowercased() else { return CommandRegistry.words + session.named.keys }
        let last = words.last?.lowercased()
        if last == "into" || (first == "set" && words.count == 2 && last == "output") { return paths(word) }
        switch (first, words.count) {
        case ("load", 1), ("run", 1), ("source", 1), ("import", 1): return paths(word)
        case ("report", 1): return paths(word) + ["term"]
        case ("notify", 1), ("preview", 1): return session.data.map(SessionCompleter.serviceNames) ?? []
        case ("set", 2) where ["pager", "totals", "timing"].contains(words[1]): return ["on", "off"]
        case ("set", 2) where words[1] == "expanded": return RenderOptions.Expanded.allCases.map(\.rawValue)
        case ("set", 2) where words[1] == "output": return ["stdout"]
        case ("show", 1), ("case", 1): return studentIDs(word)
        case ("case", 2): return ["as"]
        case ("effect", 1): return ["of"]
        case ("effect", 2) where words[1] == "of": return ["measures"]
        case (_, 2...) where first == "cases" && last == "by": return ["owner", "service", "school"]
        case ("help", 1): return CommandRegistry.words + HelpTopics.words + FieldCatalog.all.map(\.name)
        case ("set", 1): return Settings.names.map(\.name)
        case ("set", 2) where words[1] == "format": return OutputFormat.allCases.map(\.rawValue)
        case ("problems", 1): return DataProblem.Kind.allCases.map(\.rawValue)
        case ("delays", 1):
            return (session.data.map(SessionCompleter.serviceNames) ?? []) + session.named.keys + ["students"]
        case ("simulate", 1), ("compare", _): return session.policies.names
        case ("policy", 1): return ["show", "load"]
        case ("policy", 2) where words[1] == "show": return session.policies.names
        case ("policy", 2) where words[1] == "load": return paths(word)
        case ("timeline", 3) where words[2] == "under": return session.policies.names
        case ("timeline", 2): return ["under", "as"]
        default: break
        }
        let trimmed = before.reversed().drop { $0 == " " }
        if trimmed.first == "(" { return session.data.map(SessionCompleter.serviceNames) ?? [] }
        if trimmed.first == "\"" || trimmed.first == "'" || trimmed.first == "=" {
            return (session.data?.schools.map(\.id) ?? []) + School.Stage.allCases.map(\.rawValue)
        }
        return FieldCatalog.all.map(\.name) + SessionCompleter.keywords + session.named.keys + ["students"]
    }

    private func studentIDs(_ prefix: String) -> [String] {
        guard let data = session.data, !prefix.isEmpty else { return [] }
        return Array(data.students.ids.lazy.filter { $0.hasPrefix(prefix) }.prefix(50))
    }

    /// Entries of the directory named by the word, directories with a trailing `/`; `~/`
    /// lists the home directory (and stays `~/` in the line).
    private func paths(_ word: String) -> [String] {
        let slash = word.lastIndex(of: "/")
        let directory = slash.map { String(word[...$0]) } ?? ""
        let listed = directory.hasPrefix("~/") ? ResultFile.path(directory, base: nil) : directory
        return FilePaths.list(listed.isEmpty ? "." : listed).map { entry in
            directory + entry.name + (entry.isDirectory ? "/" : "")
        }
    }

    /// After `school =` or `stage =` with no quote yet: the values, quoted (`school = ru` Tab
    /// gives `school = "runni"`).
    private func quotedValues(before: String, word: String) -> [String]? {
        let trimmed = before.reversed().drop { $0 == " " }
        guard trimmed.first == "=", let data = session.data else { return nil }
        let field = String(trimmed.dropFirst().drop { $0 == " " || $0 == "!" }.prefix { $0.isLetter }.reversed())
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
        for kind in data.services.compactMap({ $0.kind?.rawValue }) where !ids.contains(kind) && !kinds.contains(kind) {
            kinds.append(kind)
        }
        return ids + kinds
    }
}
