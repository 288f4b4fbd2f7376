/// `disclosures ID`: everything the ledger records as told about one student, for the right of
/// access (GDPR art. 15): to whom, when, on which basis and consent, which fields.
public struct DisclosuresCommand: Command {
    public static let name = "disclosures"
    public static let summary =
        "everything ever sent about one student: to whom, when, on which basis, which fields"
    public static let usage = "disclosures STUDENT"
    public static let details = """
        Lists every message the ledger records about the student (sent, pending or refused):
        when it was recorded and sent, to which service, by which rule, on which basis (with the
        consent reference or the ground of the duty), which fields it carried, and the channel.
        Anonymous case discussions are listed too: the ledger knows whom they were about, the
        receiver does not. Records removed by 'notifications purge' are gone; the purges are
        named below the table.

        Example:
          disclosures S1
        """

    var student: Token

    public static func parse(_ parser: inout Parser, keyword: Token) throws(ParseFailure)
        -> DisclosuresCommand
    {
        let student = try parser.word("a student id")
        try parser.expectEnd()
        return DisclosuresCommand(student: student)
    }

    public func run(in session: Session) throws {
        let path = session.settings.notify.ledgerPath
        let entries: [LedgerEntry]
        let purges: [Ledger.Purge]
        do {
            let ledger = try Ledger(readingOnly: path)
            entries = try ledger?.entries(student: student.text) ?? []
            purges = try ledger?.purges() ?? []
        } catch {
            throw SessionError.io(error.description)
        }
        let columns: [ResultTable.Column] = [
            .init("recorded"), .init("sent"), .init("service"), .init("rule"),
            .init("basis"), .init("consent / ground"), .init("fields"),
            .init("channel"), .init("status"),
        ]
        let rows: [[Value]] = entries.map { e in
            [
                .string(e.createdAt), e.sentAt.map(Value.string) ?? .null, .string(e.service),
                .string(e.rule),
                .string(e.basis), (e.consentReference ?? e.ground).map(Value.string) ?? .null,
                .string(e.fields),
                .string(e.channel + " " + e.destination), .string(e.status.rawValue),
            ]
        }
        let sent = entries.count { $0.status == .sent }
        var notes = [
            "\(entries.count) disclosure\(entries.count == 1 ? "" : "s") about \(student.text) "
                + "recorded, \(sent) sent"
        ]
        if let last = purges.last {
            notes.append(
                "records made before \(last.before) were purged on \(last.at) (\(purges.count) purge"
                    + "\(purges.count == 1 ? "" : "s"): 'notifications purges')")
        }
        session.emit(ResultTable(columns: columns, rows: rows, notes: notes))
    }
}
