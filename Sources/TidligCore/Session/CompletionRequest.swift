/// What a command is asked when Tab is pressed after its word: the words typed after it and the
/// word being typed, with the session to look names up in.
public struct CompletionRequest {
    /// The words after the command word, before the one being typed: `["show"]` in `policy show n`.
    public var arguments: [String]
    /// The word being typed (maybe empty).
    public var word: String
    public unowned let session: Session

    /// The data's service ids and the kinds no id spells (`notify ppt`, `involved(ppt)`).
    public var services: [String] { session.data.map(SessionCompleter.serviceNames) ?? [] }

    /// The policies of the session, presets included.
    public var policies: [String] { session.policies.names }

    /// Student ids starting with the word (none for an empty word: there may be a million).
    public var studentIDs: [String] {
        guard let data = session.data, !word.isEmpty else { return [] }
        return Array(data.students.ids.lazy.filter { $0.hasPrefix(word) }.prefix(50))
    }

    /// Entries of the directory the word names, directories with a trailing `/`; `~/` lists the
    /// home directory (and stays `~/` in the line).
    public var paths: [String] {
        let slash = word.lastIndex(of: "/")
        let directory = slash.map { String(word[...$0]) } ?? ""
        let listed = directory.hasPrefix("~/") ? ResultFile.path(directory, base: nil) : directory
        return FilePaths.list(listed.isEmpty ? "." : listed).map { entry in
            directory + entry.name + (entry.isDirectory ? "/" : "")
        }
    }
}

extension Command {
    /// By default a command's words complete as a query: fields, keywords, ids.
    public static func complete(_ request: CompletionRequest) -> [String]? { nil }
}
