#if canImport(Glibc)
    import Glibc
#endif

/// One disclosure in the ledger: a message about one student to one service, and how its delivery went.
public struct LedgerEntry: Sendable, Equatable {
    /// Where a message is in its delivery.
    public enum Status: String, Sendable, CaseIterable {
        /// Recorded, not yet confirmed delivered; retried by the next `notify`.
        case pending
        /// Delivered: written to the outbox, or accepted (2xx) by the webhook.
        case sent
        /// Refused by the receiver (a 4xx answer); not retried until `notifications retry`.
        case failed
    }

    /// The message id: the outbox file name and the webhook's `Idempotency-Key`.
    public var messageID: String
    /// When the disclosure was recorded (UTC, ISO 8601).
    public var createdAt: String
    /// When the receiver had it (UTC); nil until sent.
    public var sentAt: String?
    public var service: String
    /// The pseudonymous student id (kept here even when the message itself is anonymous).
    public var student: String
    public var schoolYear: String
    public var rule: String
    /// `consent`, `anonymous` or `duty`.
    public var basis: String
    public var consentReference: String?
    /// The ground of a duty to inform, as the command named it.
    public var ground: String? = nil
    /// The student fields the message carries, comma-separated: `school,grade,days,...`.
    public var fields: String
    /// `outbox` or `webhook`.
    public var channel: String
    /// The outbox directory or the webhook URL.
    public var destination: String
    /// The name of the environment variable holding the webhook secret (never the secret).
    public var secretEnv: String?
    /// The exact body to deliver; cleared once sent, so the ledger keeps no message text it no longer needs.
    public var body: String?
    public var status: Status
    public var attempts: Int
    /// The last delivery error, without personal data.
    public var lastError: String?
}

/// The time now as UTC ISO 8601 text, `2025-06-20T07:00:03Z`.
public func utcTimestamp() -> String {
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    var seconds = now.tv_sec
    var parts = tm()
    gmtime_r(&seconds, &parts)
    func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
    return
        "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
}

/// A new message id: 128 random bits as a UUID (version 4) in lower-case hex.
public func newMessageID() -> String {
    var generator = SystemRandomNumberGenerator()
    var bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
    bytes[6] = (bytes[6] & 0x0F) | 0x40
    bytes[8] = (bytes[8] & 0x3F) | 0x80
    let hex = bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }
    return [hex[0..<4], hex[4..<6], hex[6..<8], hex[8..<10], hex[10..<16]].map { $0.joined() }
        .joined(separator: "-")
}
