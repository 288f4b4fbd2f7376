#if canImport(Glibc)
    import Glibc
#endif

extension NotifyCommand {
    public func run(in session: Session) throws {
        let data = try session.requireData(service.span)
        let target = data.services[try Session.serviceIndex(service, in: data)]
        let basis = try resolvedBasis(target)
        let selection = try session.select(query)
        if let reference = basis.reference, selection.rows.count > 1, let span = self.basis?.1 {
            throw Diagnostic(
                "a consent is given per child: a typed reference (\(reference)) covers one student, "
                    + "and this selection has \(selection.rows.count)", at: span,
                note: "write 'basis consent' to use each student's consents recorded in the data")
        }
        let template = try loadTemplate(session, kind: target.kind, basis: basis)
        let settings = session.settings.notify
        let builder = MessageBuilder(
            service: target, rule: rule?.text ?? "default", basis: basis, extras: extras,
            coordinator: settings.coordinator, template: template, context: selection.context)
        let channel = try makeChannel(settings, creating: !dryRun)
        if dryRun {
            try preview(selection, builder, channel: channel, session: session)
            return
        }
        do {
            try deliver(selection, builder, channel: channel, settings: settings, session: session)
        } catch let failure as Ledger.Failure {
            throw SessionError.io(failure.description)
        } catch let failure as LedgerLock.Failure {
            switch failure {
            case .busy(let message): throw SessionError.busy(message)
            case .io(let message): throw SessionError.io(message)
            }
        }
    }

    /// Under the ledger's run lock: retries what is pending, then records and delivers the new messages.
    private func deliver(
        _ selection: Selection, _ builder: MessageBuilder, channel: any DeliveryChannel,
        settings: NotifySettings, session: Session
    ) throws {
        let data = selection.context.data
        let lock = try LedgerLock(ledgerPath: settings.ledgerPath, wait: settings.lockWait) {
            session.output.writeError("warning: " + $0 + "\n")
        }
        defer { withExtendedLifetime(lock) {} }
        let ledger = try NotifyCommand.openLedger(settings)
        let expired = try ledger.expireBodies(
            before: NotifyCommand.cutoff(days: settings.keepBodies), days: settings.keepBodies)
        if expired > 0 {
            session.output.writeError(
                "warning: \(expired) message\(expired == 1 ? "" : "s") not delivered within "
                    + "\(settings.keepBodies) days: \(expired == 1 ? "its text was" : "their texts were") "
                    + "removed and \(expired == 1 ? "it is" : "they are") not sent (notifications failed)\n"
            )
        }
        var notifier = Notifier(ledger: ledger) { session.output.writeError($0 + "\n") }
        notifier.deliveryTime = settings.deliveryTime
        notifier.deadline = HTTPClient.monotonicSeconds() + settings.deliveryTime
        let already = try ledger.students(
            rule: builder.rule, service: builder.service.id,
            schoolYear: MessageBuilder.schoolYear(data))
        let fresh = selection.rows.filter { !already.contains(data.students.ids[Int($0)]) }
        let plan = NotifyPlan(
            fresh.map(Int.init), builder, otherwiseAnonymous: otherwiseAnonymous != nil)
        try checkConfirmed(plan.messages.count, above: settings.confirmAbove)
        let retried = try notifier.retryPending(skip: session.notifyRun.tried) { entry in
            NotifyCommand.channel(for: entry, settings)
        }
        session.notifyRun.record(retried)
        var counts = try notifier.send(
            plan.messages.map { entry($0, builder, channel, anonymity: plan.anonymity) },
            via: channel)
        session.notifyRun.record(counts)
        counts.alreadyNotified += selection.rows.count - fresh.count
        if !retried.tried.isEmpty {
            session.say(
                "retried \(retried.tried.count) pending from earlier: \(retried.sent) sent, \(retried.pending) pending, \(retried.failed) failed"
            )
        }
        var summary =
            "notify \(builder.service.id) (rule \(builder.rule), \(MessageBuilder.schoolYear(data))) via \(channel.kind) "
            + "\(channel.destination): \(counts.sent) sent, \(counts.pending) pending, \(counts.failed) failed, "
            + "\(counts.alreadyNotified) already notified"
        if !plan.refused.isEmpty {
            summary += ", \(plan.refused.count) not sent (no valid consent)"
        }
        session.say(summary)
        plan.tell(session)
    }

    /// Refuses a notify of more messages than `set confirm` unless `confirm N` covers them.
    func checkConfirmed(_ count: Int, above: Int) throws {
        if let (n, span) = confirm {
            guard count > n else { return }
            throw Diagnostic(
                "this notify would send \(count) messages, more than the \(n) confirmed; nothing was "
                    + "sent or recorded", at: span, note: "look at them with 'dry run' first")
        }
        guard count > above else { return }
        throw Diagnostic(
            "this notify would send \(count) messages, more than \(above) ('set confirm'); "
                + "nothing was sent or recorded", at: service.span,
            note: "look at them with 'dry run', then add 'confirm \(count)' to send them")
    }

    /// The basis written, else anonymous; child welfare needs an explicit one, a duty exists only
    /// towards child welfare, and an anonymous discussion carries no free text or exact figures.
    func resolvedBasis(_ target: Service) throws -> LegalBasis {
        guard let (basis, span) = basis else {
            guard target.kind != .childWelfare else {
                throw Diagnostic(
                    "notifying child welfare needs an explicit legal basis", at: service.span,
                    note:
                        "add 'basis duty GROUND' (the duty to inform, on its ground), 'basis consent', "
                        + "or 'basis anonymous' for an anonymous case discussion")
            }
            try checkAnonymousFields()
            return .anonymous
        }
        if case .duty = basis, target.kind != .childWelfare {
            let kind = target.kind.map { "of kind \($0.rawValue)" } ?? "without a kind"
            throw Diagnostic(
                "a duty to inform exists only towards child welfare (barnevernsloven § 13-2); "
                    + "'\(target.id)' is a service \(kind)", at: span,
                note: "possible bases here: 'basis consent' (each student's recorded consent) or "
                    + "'basis anonymous' (an anonymous case discussion)")
        }
        if basis == .anonymous { try checkAnonymousFields() }
        return basis
    }

    /// `fields` never goes with an anonymous basis: free text and exact figures name the child.
    func checkAnonymousFields() throws {
        guard !extras.isEmpty, let span = extrasSpan else { return }
        throw Diagnostic(
            "an anonymous case discussion carries no free text and no exact figures", at: span,
            note: "leave out 'fields', or send on 'basis consent'")
    }

    /// The template named (a kind of service) or in a file; checked against what the message carries.
    func loadTemplate(_ session: Session, kind: Service.Kind?, basis: LegalBasis) throws
        -> MessageTemplate
    {
        guard let template else { return MessageTemplate.builtIn(for: kind, basis: basis) }
        if let named = Service.Kind(rawValue: template.text) {
            return MessageTemplate.builtIn(for: named, basis: basis)
        }
        let path = FilePaths.resolve(template.text, against: session.baseDirectory)
        let text: String
        do { text = try readText(path: path) } catch {
            throw Diagnostic(
                "cannot read the template \(template.text): \(error.message)", at: template.span,
                note: "give a file, or a built-in: "
                    + Service.Kind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        do throws(MessageTemplate.Problem) {
            let parsed = try MessageTemplate(name: template.text, text: text)
            try parsed.check(
                carried: MessageBuilder.carried(basis: basis, extras: extras), basis: basis)
            return parsed
        } catch {
            throw Diagnostic(
                "\(error.message) at \(template.text):\(error.line):\(error.column)",
                at: template.span, note: error.note)
        }
    }

    /// The channel written (or the default outbox); `creating` makes the outbox directory.
    func makeChannel(_ settings: NotifySettings, creating: Bool) throws -> any DeliveryChannel {
        do throws(ChannelProblem) {
            switch channel {
            case .outbox(let directory):
                let path = directory?.text ?? settings.outboxPath
                return creating
                    ? try OutboxChannel(directory: path)
                    : PreviewChannel(kind: "outbox", destination: path)
            case .webhook(let url, let secret):
                return try WebhookChannel(
                    url: url.text, secretEnv: secret?.text ?? settings.secretEnv,
                    timeout: settings.timeout,
                    attempts: settings.retries, backoff: settings.backoff, caFile: settings.caFile)
            }
        } catch {
            let span: SourceSpan? =
                switch channel {
                case .outbox(let token): token?.span
                case .webhook(let url, _): url.span
                }
            throw Diagnostic(error.message, at: span, note: error.note)
        }
    }

    /// The channel a pending entry was recorded for, rebuilt from the ledger.
    static func channel(for entry: LedgerEntry, _ settings: NotifySettings) -> Result<
        any DeliveryChannel, ChannelProblem
    > {
        do throws(ChannelProblem) {
            if entry.channel == "webhook" {
                return .success(
                    try WebhookChannel(
                        url: entry.destination, secretEnv: entry.secretEnv ?? settings.secretEnv,
                        timeout: settings.timeout, attempts: settings.retries,
                        backoff: settings.backoff, caFile: settings.caFile))
            }
            return .success(try OutboxChannel(directory: entry.destination))
        } catch {
            return .failure(error)
        }
    }

    static func openLedger(_ settings: NotifySettings) throws -> Ledger {
        do { return try Ledger(path: settings.ledgerPath) } catch {
            throw SessionError.io(error.description)
        }
    }

    /// The cut-off for `keepbodies`: now less `days`, as the ledger's timestamps are written.
    static func cutoff(days: Int) -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec - days * 86400
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return
            "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):"
            + "\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }

    /// A new pending ledger entry, body included, for one planned message.
    func entry(
        _ message: NotifyPlan.Message, _ builder: MessageBuilder, _ channel: any DeliveryChannel,
        anonymity: Anonymity?
    ) -> LedgerEntry {
        let id = newMessageID()
        let row = message.row
        let content = builder.content(
            row: row, messageID: id, basis: message.basis, anonymity: anonymity)
        return LedgerEntry(
            messageID: id, createdAt: utcTimestamp(), sentAt: nil, service: builder.service.id,
            student: builder.context.data.students.ids[row],
            schoolYear: MessageBuilder.schoolYear(builder.context.data),
            rule: builder.rule, basis: message.basis.kind,
            consentReference: message.basis.reference,
            ground: message.basis.ground,
            fields: content.disclosedFields.joined(separator: ","), channel: channel.kind,
            destination: channel.destination, secretEnv: (channel as? WebhookChannel)?.secretEnv,
            body: content.json, status: .pending, attempts: 0, lastError: nil)
    }
}

/// Where a dry run would send: described, never touched.
struct PreviewChannel: DeliveryChannel {
    let kind: String
    let destination: String
    func deliver(messageID: String, body: String, deadline: Double) -> DeliveryOutcome {
        .retryLater(attempts: 0, error: "dry run")
    }
}
