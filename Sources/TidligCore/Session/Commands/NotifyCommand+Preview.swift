extension NotifyCommand {
    /// `dry run`: every message that would go, exactly as it would be sent, and nothing sent or recorded.
    ///
    /// An existing ledger is read (never created) to leave out students already notified; the
    /// message id is assigned only when a message is recorded, so the preview shows a stand-in.
    func preview(
        _ selection: Selection, _ builder: MessageBuilder, channel: any DeliveryChannel,
        session: Session
    ) throws {
        let data = selection.context.data
        var already: Set<String> = []
        var pending = 0
        do {
            if let ledger = try Ledger(readingOnly: session.settings.notify.ledgerPath) {
                already = try ledger.students(
                    rule: builder.rule, service: builder.service.id,
                    schoolYear: MessageBuilder.schoolYear(data))
                pending = try ledger.entries(status: .pending).count
            }
        } catch {
            throw SessionError.io(error.description)
        }
        let fresh = selection.rows.filter { !already.contains(data.students.ids[Int($0)]) }.map(
            Int.init)
        let plan = NotifyPlan(fresh, builder, otherwiseAnonymous: otherwiseAnonymous != nil)
        for message in plan.messages {
            let content = builder.content(
                row: message.row, messageID: "(assigned when sent)", basis: message.basis,
                anonymity: plan.anonymity)
            let about =
                message.basis.identifiesStudent
                ? data.students.ids[message.row] : "an anonymous student"
            var header =
                "to \(builder.service.id) via \(channel.kind) \(channel.destination), about \(about), "
                + "on \(message.basis.description)"
            if let webhook = channel as? WebhookChannel {
                header += ", signed with $\(webhook.secretEnv)"
            }
            session.output.write(header + ":\n" + content.json)
        }
        let count = plan.messages.count
        var summary =
            "dry run: \(count) message\(count == 1 ? "" : "s") to \(builder.service.id) (rule \(builder.rule), "
            + "\(MessageBuilder.schoolYear(data))), \(selection.rows.count - fresh.count) already notified"
        if !plan.refused.isEmpty {
            summary += ", \(plan.refused.count) not sent (no valid consent)"
        }
        if pending > 0 { summary += "; \(pending) pending from earlier would be retried first" }
        session.say(summary + "; nothing was sent or recorded")
        plan.tell(session)
        let above = session.settings.notify.confirmAbove
        if count > (confirm?.0 ?? above) {
            session.say(
                "a real run needs 'confirm \(count)': more than \(confirm.map { "the \($0.0) confirmed" } ?? "\(above) ('set confirm')")"
            )
        }
    }
}
