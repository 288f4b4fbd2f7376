extension NotifyCommand {
    public func run(in session: Session) throws {
        let data = try session.requireData(service.span)
        let target = data.services[try Session.serviceIndex(service, in: data)]
        let basis = try resolvedBasis(target)
        let selection = try session.select(query)
        let template = try loadTemplate(session, kind: target.kind, basis: basis)
        let settings = session.settings.notify
        let builder = MessageBuilder(service: target, rule: rule?.text ?? "default", basis: basis, extras: extras,
                                     coordinator: settings.coordinator, template: template, context: selection.context)
        let channel = try makeChannel(settings, creating: !dryRun)
        if dryRun {
            try preview(selection, builder, channel: channel, session: session)
            return
        }
        let ledger = try NotifyCommand.openLedger(settings)
        let notifier = Notifier(ledger: ledger) { session.output.writeError($0 + "\n") }
        let retried = try notifier.retryPending(skip: session.notifyRun.tried) { entry in
            NotifyCommand.channel(for: entry, settings)
        }
        session.notifyRun.record(retried)
        let already = try ledger.students(rule: builder.rule, service: target.id, schoolYear: MessageBuilder.schoolYear(selection.context.data))
        let fresh = selection.rows.filter { !already.contains(data.students.ids[Int($0)]) }
        var counts = try notifier.send(fresh.map { entry(row: Int($0), builder, channel) }, via: channel)
        session.notifyRun.record(counts)
        counts.alreadyNotified += selection.rows.count - fresh.count
        if !retried.tried.isEmpty {
            session.say("retried \(retried.tried.count) pending from earlier: \(retried.sent) sent, \(retried.pending) pending, \(retried.failed) failed")
        }
        session.say("notify \(target.id) (rule \(builder.rule), \(MessageBuilder.schoolYear(selection.context.data))) via \(channel.kind) \(channel.destination): "
                    + "\(counts.sent) sent, \(counts.pending) pending, \(counts.failed) failed, \(counts.alreadyNotified) already notified")
    }

    /// The basis written, else anonymous; child welfare is refused without an explicit one.
    func resolvedBasis(_ target: Service) throws -> LegalBasis {
        if let basis { return basis.0 }
        guard target.kind != .childWelfare else {
            throw Diagnostic("notifying child welfare needs an explicit legal basis", at: service.span,
                             note: "add 'basis duty' (a duty to notify), 'basis consent REF', or 'basis anonymous' for an anonymous case discussion")
        }
        return .anonymous
    }

    /// The template named (a kind of service) or in a file; checked against what the message carries.
    func loadTemplate(_ session: Session, kind: Service.Kind?, basis: LegalBasis) throws -> MessageTemplate {
        guard let template else { return MessageTemplate.builtIn(for: kind, basis: basis) }
        if let named = Service.Kind(rawValue: template.text) { return MessageTemplate.builtIn(for: named, basis: basis) }
        let path = FilePaths.resolve(template.text, against: session.baseDirectory)
        let text: String
        do { text = try readText(path: path) } catch {
            throw Diagnostic("cannot read the template \(template.text): \(error.message)", at: template.span,
                             note: "give a file, or a built-in: " + Service.Kind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        do throws(MessageTemplate.Problem) {
            let parsed = try MessageTemplate(name: template.text, text: text)
            try parsed.check(carried: MessageBuilder.carried(basis: basis, extras: extras), basis: basis)
            return parsed
        } catch {
            throw Diagnostic("\(error.message) at \(template.text):\(error.line):\(error.column)", at: template.span, note: error.note)
        }
    }

    /// The channel written (or the default outbox); `creating` makes the outbox directory.
    func makeChannel(_ settings: NotifySettings, creating: Bool) throws -> any DeliveryChannel {
        do throws(ChannelProblem) {
            switch channel {
            case .outbox(let directory):
                let path = directory?.text ?? settings.outboxPath
                return creating ? try OutboxChannel(directory: path) : PreviewChannel(kind: "outbox", destination: path)
            case .webhook(let url, let secret):
                return try WebhookChannel(url: url.text, secretEnv: secret?.text ?? settings.secretEnv, timeout: settings.timeout,
                                          attempts: settings.retries, backoff: settings.backoff)
            }
        } catch {
            let span: SourceSpan? = switch channel {
            case .outbox(let token): token?.span
            case .webhook(let url, _): url.span
            }
            throw Diagnostic(error.message, at: span, note: error.note)
        }
    }

    /// The channel a pending entry was recorded for, rebuilt from the ledger.
    static func channel(for entry: LedgerEntry, _ settings: NotifySettings) -> Result<any DeliveryChannel, ChannelProblem> {
        do throws(ChannelProblem) {
            if entry.channel == "webhook" {
                return .success(try WebhookChannel(url: entry.destination, secretEnv: entry.secretEnv ?? settings.secretEnv,
                                                   timeout: settings.timeout, attempts: settings.retries, backoff: settings.backoff))
            }
            return .success(try OutboxChannel(directory: entry.destination))
        } catch {
            return .failure(error)
        }
    }

    static func openLedger(_ settings: NotifySettings) throws -> Ledger {
        do { return try Ledger(path: settings.ledgerPath) } catch { throw SessionError.io(error.description) }
    }

    /// A new pending ledger entry, body included, for one student.
    func entry(row: Int, _ builder: MessageBuilder, _ channel: any DeliveryChannel) -> LedgerEntry {
        let id = newMessageID()
        let content = builder.content(row: row, messageID: id)
        return LedgerEntry(messageID: id, createdAt: utcTimestamp(), sentAt: nil, service: builder.service.id,
                           student: builder.context.data.students.ids[row], schoolYear: MessageBuilder.schoolYear(builder.context.data),
                           rule: builder.rule, basis: builder.basis.kind, consentReference: builder.basis.reference,
                           fields: content.disclosedFields.joined(separator: ","), channel: channel.kind,
                           destination: channel.destination, secretEnv: (channel as? WebhookChannel)?.secretEnv,
                           body: content.json, status: .pending, attempts: 0, lastError: nil)
    }
}

/// Where a dry run would send: described, never touched.
struct PreviewChannel: DeliveryChannel {
    let kind: String
    let destination: String
    func deliver(messageID: String, body: String) -> DeliveryOutcome { .retryLater(attempts: 0, error: "dry run") }
}
