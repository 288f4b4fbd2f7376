extension Session {
    /// The row of a student id, or a diagnostic with a close id when there is one.
    func studentRow(_ id: Token) throws -> Int {
        let data = try requireData(id.span)
        if let row = data.studentIndex(id: id.text) { return row }
        let similar = data.students.ids.lazy.filter { $0.count == id.text.count }
        throw Diagnostic(
            "no student with id '\(id.text)'", at: id.span,
            note: didYouMean(id.text, in: similar.prefix(200_000))
                ?? "ids look like '\(data.students.ids.first ?? "")'")
    }

    /// The index of a service id of `data`, or a diagnostic with a close id when there is one.
    static func serviceIndex(_ token: Token, in data: DataSet) throws -> Int {
        if let index = data.serviceIndex(named: token.text) { return index }
        let ids = data.services.map(\.id)
        throw Diagnostic(
            "unknown service '\(token.text)'", at: token.span,
            note: didYouMean(token.text, in: ids) ?? "services: \(ids.joined(separator: ", "))")
    }
}
