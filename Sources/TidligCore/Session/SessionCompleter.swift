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
        var candidates = Array(Set(self.candidates(before: before, words: words, word: word).filter { $0.hasPrefix(word) })).sorted()
        // Inside a string, a completed id closes its quote (the reader adds a space after it).
        if let quote = before.last, quote == "\"" || quote == "'" { candidates = candidates.map { $0 + String(quote) } }
        return Completion(word: word, candidates: candidates)
    }

    private func candidates(before: String, words: [String], word: String) -> [String] {
        guard let first = words.first?.lowercased() else { return CommandRegistry.words + session.named.keys }
        switch (first, words.count) {
        case ("load", 1): return paths(word)
        case ("show", 1): return studentIDs(word)
        case ("help", 1): return CommandRegistry.words + ["fields"]
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

    /// Entries of the directory named by the word, directories with a trailing `/`.
    private func paths(_ word: String) -> [String] {
        let slash = word.lastIndex(of: "/")
        let directory = slash.map { String(word[...$0]) } ?? ""
        return FilePaths.list(directory.isEmpty ? "." : directory).map { entry in
            directory + entry.name + (entry.isDirectory ? "/" : "")
        }
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
