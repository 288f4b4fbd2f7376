import GRDB

extension Ledger {
    /// Students a rule has already told a service about in a school year (any status).
    public func students(rule: String, service: String, schoolYear: String) throws(Failure) -> Set<
        String
    > {
        try reading { db in
            Set(
                try String.fetchAll(
                    db,
                    sql:
                        "SELECT student FROM disclosure WHERE rule = ? AND service = ? AND schoolYear = ?",
                    arguments: [rule, service, schoolYear]))
        }
    }

    /// Records new messages as pending, all in one transaction, before any is delivered.
    ///
    /// A message whose key (rule, service, student, school year) is already recorded is left out;
    /// returns the entries actually recorded.
    public func recordPending(_ entries: [LedgerEntry]) throws(Failure) -> [LedgerEntry] {
        try writing { db in
            var recorded: [LedgerEntry] = []
            for entry in entries {
                try db.execute(
                    sql: """
                        INSERT OR IGNORE INTO disclosure (messageId, createdAt, service, student, schoolYear, rule, basis,
                            consentReference, ground, fields, channel, destination, secretEnv, body, status, attempts)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0)
                        """,
                    arguments: [
                        entry.messageID, entry.createdAt, entry.service, entry.student,
                        entry.schoolYear,
                        entry.rule, entry.basis, entry.consentReference, entry.ground, entry.fields,
                        entry.channel, entry.destination, entry.secretEnv, entry.body,
                    ])
                if db.changesCount == 1 { recorded.append(entry) }
            }
            return recorded
        }
    }

    /// Records one delivery attempt's outcome: sent (the body is cleared), still pending, or failed.
    public func recordOutcome(
        messageID: String, status: LedgerEntry.Status, attempts: Int, error: String?
    ) throws(Failure) {
        try writing { db in
            if status == .sent {
                try db.execute(
                    sql: """
                        UPDATE disclosure SET status = 'sent', sentAt = ?, attempts = attempts + ?, lastError = NULL, body = NULL
                        WHERE messageId = ?
                        """, arguments: [utcTimestamp(), attempts, messageID])
            } else {
                try db.execute(
                    sql:
                        "UPDATE disclosure SET status = ?, attempts = attempts + ?, lastError = ? WHERE messageId = ?",
                    arguments: [status.rawValue, attempts, error, messageID])
            }
        }
    }

    /// Puts failed messages back to pending, so the next `notify` tries them again; returns how many.
    public func retryFailed(messageID: String?) throws(Failure) -> Int {
        try writing { db in
            try db.execute(
                sql: """
                    UPDATE disclosure SET status = 'pending'
                    WHERE status = 'failed' AND body IS NOT NULL AND (? IS NULL OR messageId = ?)
                    """, arguments: [messageID, messageID])
            return db.changesCount
        }
    }

    /// Entries in the order they were recorded, filtered by status, service and student when given.
    public func entries(
        status: LedgerEntry.Status? = nil, service: String? = nil, student: String? = nil
    ) throws(Failure) -> [LedgerEntry] {
        try reading { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM disclosure WHERE (?1 IS NULL OR status = ?1) AND (?2 IS NULL OR service = ?2)
                        AND (?3 IS NULL OR student = ?3) ORDER BY createdAt, rowid
                    """, arguments: [status?.rawValue, service, student]
            ).map(Ledger.entry)
        }
    }

    static func entry(_ row: Row) -> LedgerEntry {
        LedgerEntry(
            messageID: row["messageId"], createdAt: row["createdAt"], sentAt: row["sentAt"],
            service: row["service"],
            student: row["student"], schoolYear: row["schoolYear"], rule: row["rule"],
            basis: row["basis"],
            consentReference: row["consentReference"], ground: row["ground"], fields: row["fields"],
            channel: row["channel"],
            destination: row["destination"], secretEnv: row["secretEnv"], body: row["body"],
            status: LedgerEntry.Status(rawValue: row["status"]) ?? .pending,
            attempts: row["attempts"],
            lastError: row["lastError"])
    }
}

extension Ledger {
    /// Removes the bodies of messages recorded before `cutoff` (UTC ISO 8601) and still not sent:
    /// each becomes `failed`, saying so; returns how many. Run by every `notify` (`set keepbodies`).
    public func expireBodies(before cutoff: String, days: Int) throws(Failure) -> Int {
        let due = try reading { db in
            try Int.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) FROM disclosure WHERE status IN ('pending', 'failed') AND body IS NOT NULL AND createdAt < ?
                    """, arguments: [cutoff]) ?? 0
        }
        guard due > 0 else { return 0 }
        return try writing { db in
            try db.execute(
                sql: """
                    UPDATE disclosure SET status = 'failed', body = NULL,
                        lastError = 'not delivered within ' || ? || ' days: its text was removed, nothing was sent'
                    WHERE status IN ('pending', 'failed') AND body IS NOT NULL AND createdAt < ?
                    """, arguments: [days, cutoff])
            return db.changesCount
        }
    }

    /// One recorded purge: when, the cut-off, the command, how many records, and what kind.
    public struct Purge: Sendable, Equatable {
        public var at: String
        public var before: String
        public var command: String
        public var removed: Int
        public var detail: String
    }

    /// Deletes every record created before `day` and records the purge (what, when, by which command).
    public func purge(before day: Day, command: String) throws(Failure) -> Purge {
        try writing { db in
            let cutoff = day.description
            let groups = try Row.fetchAll(
                db,
                sql: """
                    SELECT service, status, COUNT(*) AS n FROM disclosure WHERE createdAt < ?
                    GROUP BY service, status ORDER BY service, status
                    """, arguments: [cutoff])
            let detail = groups.map { row -> String in
                let service: String = row["service"], status: String = row["status"],
                    n: Int = row["n"]
                return "\(service) \(status) \(n)"
            }.joined(separator: ", ")
            try db.execute(sql: "DELETE FROM disclosure WHERE createdAt < ?", arguments: [cutoff])
            let purge = Purge(
                at: utcTimestamp(), before: cutoff, command: command, removed: db.changesCount,
                detail: detail.isEmpty ? "nothing" : detail)
            try db.execute(
                sql:
                    "INSERT INTO purge (at, before, command, removed, detail) VALUES (?, ?, ?, ?, ?)",
                arguments: [purge.at, purge.before, purge.command, purge.removed, purge.detail])
            return purge
        }
    }

    /// Every purge recorded, oldest first.
    public func purges() throws(Failure) -> [Purge] {
        try reading { db in
            guard try db.tableExists("purge") else { return [] }
            return try Row.fetchAll(db, sql: "SELECT * FROM purge ORDER BY rowid").map { row in
                Purge(
                    at: row["at"], before: row["before"], command: row["command"],
                    removed: row["removed"],
                    detail: row["detail"])
            }
        }
    }
}
