#if canImport(Glibc)
    import Glibc
#endif

/// Counts of one `notify`: what was delivered, what stays pending or failed, what was already told.
public struct NotifyCounts: Sendable, Equatable {
    public var sent = 0
    public var pending = 0
    public var failed = 0
    /// Students this rule had already told this service about this school year.
    public var alreadyNotified = 0
    /// Every message tried, with whether it stays pending or was refused.
    public var tried: [String] = []
    public var pendingIDs: [String] = []
    public var failedIDs: [String] = []

    public init() {}

    mutating func add(_ outcome: DeliveryOutcome, id: String) {
        tried.append(id)
        switch outcome {
        case .delivered: sent += 1
        case .retryLater: pending += 1; pendingIDs.append(id)
        case .rejected: failed += 1; failedIDs.append(id)
        }
    }
}

/// The delivery protocol: record pending before delivering, deliver, record the outcome.
///
/// 1. Every new message is inserted as `pending`, body included, in one transaction, before
///    anything is delivered. A kill before that commit leaves no trace and nothing sent.
/// 2. Each message is delivered under its id; then its row is marked `sent` (or keeps `pending`
///    with the error, or becomes `failed` on a refusal). A kill between delivery and that mark
///    leaves it `pending`, and the next run delivers the same bytes under the same id again.
/// 3. Every run first retries the ledger's pending rows.
///
/// So delivery is at least once, and exactly once as seen by a receiver that treats the id as an
/// idempotency key (outbox: the same file name; webhook: `Idempotency-Key`).
public struct Notifier {
    public let ledger: Ledger
    /// Called with a line for standard error when a delivery does not go through.
    public var report: (String) -> Void
    /// A pause before each delivery, for the crash tests (`TIDLIG_TEST_DELIVERY_DELAY_MS`).
    var delay: Double = Notifier.testDelay()
    /// When the run stops trying webhooks (monotonic seconds): what is left stays pending.
    public var deadline = Double.infinity
    /// The run's delivery time in seconds, for the message when it is used up.
    public var deliveryTime = Double.infinity

    public init(ledger: Ledger, report: @escaping (String) -> Void) {
        self.ledger = ledger
        self.report = report
    }

    static func testDelay() -> Double {
        guard let text = getenv("TIDLIG_TEST_DELIVERY_DELAY_MS"),
            let ms = Double(String(cString: text))
        else { return 0 }
        return ms / 1000
    }

    /// Records `entries` as pending, then delivers those actually recorded through `channel`.
    public func send(_ entries: [LedgerEntry], via channel: any DeliveryChannel) throws(Ledger
        .Failure) -> NotifyCounts
    {
        var counts = NotifyCounts()
        let recorded = try ledger.recordPending(entries)
        counts.alreadyNotified = entries.count - recorded.count
        for entry in recorded {
            if Cancellation.isRequested {  // stays pending for the next run
                counts.add(.retryLater(attempts: 0, error: "cancelled"), id: entry.messageID)
                continue
            }
            counts.add(try deliver(entry, via: channel), id: entry.messageID)
        }
        return counts
    }

    /// Delivers one recorded entry and records the outcome.
    public func deliver(_ entry: LedgerEntry, via channel: any DeliveryChannel) throws(Ledger
        .Failure) -> DeliveryOutcome
    {
        WebhookChannel.sleep(seconds: delay)
        let outcome: DeliveryOutcome
        if channel.kind == "webhook", HTTPClient.monotonicSeconds() >= deadline {
            outcome = .retryLater(
                attempts: 0,
                error: "not tried: this run's delivery time of "
                    + "\(formatDecimal(deliveryTime, places: 0)) s was used up (set deliverytime)")
        } else {
            outcome = channel.deliver(
                messageID: entry.messageID, body: entry.body ?? "", deadline: deadline)
        }
        switch outcome {
        case .delivered(let attempts):
            try ledger.recordOutcome(
                messageID: entry.messageID, status: .sent, attempts: attempts, error: nil)
        case .retryLater(let attempts, let error):
            try ledger.recordOutcome(
                messageID: entry.messageID, status: .pending, attempts: attempts, error: error)
            report(
                "warning: message \(entry.messageID) to \(entry.service) about \(entry.student) stays pending: \(error)"
            )
        case .rejected(let attempts, let error):
            try ledger.recordOutcome(
                messageID: entry.messageID, status: .failed, attempts: attempts, error: error)
            report(
                "error: message \(entry.messageID) to \(entry.service) about \(entry.student) was refused: \(error)"
            )
        }
        return outcome
    }

    /// Retries pending entries (skipping `skip`), each through the channel `channel` rebuilds from it.
    public func retryPending(
        skip: Set<String>, channel: (LedgerEntry) -> Result<any DeliveryChannel, ChannelProblem>
    )
        throws(Ledger.Failure) -> NotifyCounts
    {
        var counts = NotifyCounts()
        for entry in try ledger.entries(status: .pending) where !skip.contains(entry.messageID) {
            switch channel(entry) {
            case .success(let channel):
                counts.add(try deliver(entry, via: channel), id: entry.messageID)
            case .failure(let problem):
                try ledger.recordOutcome(
                    messageID: entry.messageID, status: .pending, attempts: 0,
                    error: problem.message)
                report(
                    "warning: message \(entry.messageID) to \(entry.service) about \(entry.student) stays pending: \(problem.message)"
                )
                counts.add(.retryLater(attempts: 0, error: problem.message), id: entry.messageID)
            }
        }
        return counts
    }
}
