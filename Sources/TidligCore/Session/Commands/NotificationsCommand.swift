/// `notifications [sent|pending|failed] [service S] [student ID]`, `notifications export FILE`,
/// `notifications retry [MESSAGE]`: the ledger of disclosures.
public struct NotificationsCommand: Command {
    public static let name = "notifications"
    public static let summary =
        "list the notification ledger; export it as CSV; retry refused messages"
    public static let usage = """
        notifications [sent | pending | failed] [service SERVICE] [student ID] | notifications export FILE
        | notifications retry [MESSAGE] | notifications purge before DATE | notifications purges
        """
    public static let details = """
        Lists every disclosure in the ledger ('set ledger', '--ledger'): when, to which service,
        about which student, on what basis, by which rule, which fields, the channel, the
        status, the attempts and the last error. 'export FILE' writes all of it as CSV (mode
        0600) for the data-protection officer, with the basis, the consent reference or the
        ground of the duty, and the fields of every message; message bodies are never exported.
        'retry' puts refused (failed) messages back to pending, for the next 'notify' to send
        again. 'purge before DATE' deletes the records made before DATE (retention) and records
        the purge itself in the ledger: when, by which command, how many of which kind;
        'purges' lists them. A message's text is kept only until it is sent, and at most 'set
        keepbodies' days (default 30) while it is not. 'disclosures ID' shows one student's.

        Examples:
          notifications pending
          notifications service ppt
          notifications export disclosures.csv
          notifications purge before 2024-08-01
        """

    enum Action {
        case list(status: LedgerEntry.Status?, service: Token?, student: Token?)
        case export(Token)
        case retry(Token?)
        case purge(Day, command: String)
        case purges
    }

    var action: Action

    // notifications -> 'export' WORD | 'retry' [WORD] | [STATUS] ['service' WORD] ['student' WORD]
    public static func parse(_ parser: inout Parser, keyword: Token) throws(ParseFailure)
        -> NotificationsCommand
    {
        if try parser.accept("export") != nil {
            let command = NotificationsCommand(
                action: .export(try parser.word("a CSV file to write")))
            try parser.expectEnd()
            return command
        }
        if try parser.accept("purges") != nil {
            try parser.expectEnd()
            return NotificationsCommand(action: .purges)
        }
        if try parser.accept("purge") != nil {
            try parser.expect("before")
            let date = try parser.advance()
            guard date.kind == .date, let day = Day(date.text) else {
                throw parser.unexpected(
                    date, expected: "a date (YYYY-MM-DD): records made before it are deleted")
            }
            try parser.expectEnd()
            return NotificationsCommand(
                action: .purge(
                    day,
                    command: String(
                        parser.text.drop(while: \.isWhitespace).reversed().drop(
                            while: \.isWhitespace
                        ).reversed())))
        }
        if try parser.accept("retry") != nil {
            let command = NotificationsCommand(
                action: .retry(parser.atEnd ? nil : try parser.word("a message id")))
            try parser.expectEnd()
            return command
        }
        var status: LedgerEntry.Status?
        let next = try parser.peek()
        if next.kind == .identifier,
            let named = LedgerEntry.Status(rawValue: next.text.lowercased())
        {
            try parser.advance()
            status = named
        }
        var service: Token?, student: Token?
        while !parser.atEnd {
            let word = try parser.advance()
            if word.isKeyword("service"), service == nil {
                service = try parser.word("a service id")
            } else if word.isKeyword("student"), student == nil {
                student = try parser.word("a student id")
            } else {
                throw parser.unexpected(
                    word,
                    expected:
                        "'sent', 'pending', 'failed', 'service', 'student', 'export', 'retry' or the end of the statement"
                )
            }
        }
        return NotificationsCommand(
            action: .list(status: status, service: service, student: student))
    }

    public func run(in session: Session) throws {
        let settings = session.settings.notify
        do {
            switch action {
            case .list(let status, let service, let student):
                let entries =
                    try Ledger(readingOnly: settings.ledgerPath)?.entries(
                        status: status, service: service?.text, student: student?.text) ?? []
                session.emit(NotificationsCommand.table(entries, full: false))
            case .export(let file):
                let path = FilePaths.resolve(file.text, against: session.baseDirectory)
                let entries = try Ledger(readingOnly: settings.ledgerPath)?.entries() ?? []
                do {
                    try SecureFile.write(
                        path: path,
                        text: OutputFormat.csv.render(
                            NotificationsCommand.table(entries, full: true)))
                } catch {
                    throw SessionError.io("\(error)")
                }
                session.say(
                    "wrote \(entries.count) disclosure\(entries.count == 1 ? "" : "s") to \(file.text)"
                )
            case .retry(let id):
                let count = try Ledger(path: settings.ledgerPath).retryFailed(messageID: id?.text)
                session.say(
                    "\(count) failed message\(count == 1 ? "" : "s") put back to pending; the next 'notify' sends \(count == 1 ? "it" : "them")"
                )
            case .purge(let day, let command):
                let purge = try Ledger(path: settings.ledgerPath).purge(
                    before: day, command: command)
                session.say(
                    "purged \(purge.removed) record\(purge.removed == 1 ? "" : "s") made before \(day) "
                        + "(\(purge.detail)); the purge is recorded in the ledger ('notifications purges')"
                )
            case .purges:
                let purges = try Ledger(readingOnly: settings.ledgerPath)?.purges() ?? []
                session.emit(
                    ResultTable(
                        columns: [
                            .init("at"), .init("before"), .number("removed", decimals: 0),
                            .init("what"), .init("command"),
                        ],
                        rows: purges.map {
                            [
                                .string($0.at), .string($0.before), .int($0.removed),
                                .string($0.detail), .string($0.command),
                            ]
                        },
                        notes: ["\(purges.count) purge\(purges.count == 1 ? "" : "s") recorded"]))
            }
        } catch let failure as Ledger.Failure {
            throw SessionError.io(failure.description)
        }
    }

    /// The ledger as a table; `full` adds the columns the export carries.
    static func table(_ entries: [LedgerEntry], full: Bool) -> ResultTable {
        var columns = [
            "created", "service", "student", "rule", "basis", "status", "attempts", "last error",
            "message",
        ]
        if full {
            columns += [
                "sent", "school year", "consent reference", "ground", "fields", "channel",
                "destination",
            ]
        }
        let rows: [[Value]] = entries.map { e in
            var row: [Value] = [
                .string(e.createdAt), .string(e.service), .string(e.student), .string(e.rule),
                .string(e.basis),
                .string(e.status.rawValue), .int(e.attempts),
                e.lastError.map(Value.string) ?? .null, .string(e.messageID),
            ]
            if full {
                row += [
                    e.sentAt.map(Value.string) ?? .null, .string(e.schoolYear),
                    e.consentReference.map(Value.string) ?? .null,
                    e.ground.map(Value.string) ?? .null, .string(e.fields), .string(e.channel),
                    .string(e.destination),
                ]
            }
            return row
        }
        let counts = LedgerEntry.Status.allCases.map { status in
            "\(entries.count { $0.status == status }) \(status.rawValue)"
        }
        return ResultTable(
            columns: columns.map { $0 == "attempts" ? .number($0, decimals: 0) : .init($0) },
            rows: rows,
            notes: [
                "\(entries.count) disclosure\(entries.count == 1 ? "" : "s"): "
                    + counts.joined(separator: ", ")
            ])
    }
}
