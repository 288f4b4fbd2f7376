extension NotifyCommand {
    /// `dry run`: every message that would go, exactly as it would be sent, and nothing sent or recorded.
    ///
    /// An existing ledger is read (never created) to leave out students already notified; the
    /// message id is assigned only when a message is recorded, so the preview shows a stand-in.
    func preview(_ selection: Selection, _ builder: MessageBuilder, channel: any DeliveryChannel, session: Session) throws {
        let data = selection.context.data
        var already: Set<String> = []
        var pending = 0
        do {
            if let ledger = try Ledger(readingOnly: session.settings.notify.ledgerPath) {
                already = try ledger.students(rule: builder.rule, service: builder.service.id, schoolYear: MessageBuilder.schoolYear(data))
                pending = try ledger.entries(status: .pending).count
            }
        } catch {
            throw SessionError.io(error.description)
        }
        var count = 0
        for row in selection.rows where !already.contains(data.students.ids[Int(row)]) {
            let content = builder.content(row: Int(row), messageID: "(assigned when sent)")
            let about = builder.basis.identifiesStudent ? data.students.ids[Int(row)] : "an anonymous student"
            var header = "to \(builder.service.id) via \(channel.kind) \(channel.destination), about \(about), on \(builder.basis.description)"
            if let webhook = channel as? WebhookChannel { header += ", signed with $\(webhook.secretEnv)" }
            session.output.write(header + ":\n" + content.json)
            count += 1
        }
        var summary = "dry run: \(count) message\(count == 1 ? "" : "s") to \(builder.service.id) (rule \(builder.rule), "
            + "\(MessageBuilder.schoolYear(data))), \(selection.rows.count - count) already notified"
        if pending > 0 { summary += "; \(pending) pending from earlier would be retried first" }
        session.say(summary + "; nothing was sent or recorded")
    }
}
