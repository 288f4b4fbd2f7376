#if canImport(Glibc)
    import Glibc
#endif

/// How one delivery went.
public enum DeliveryOutcome: Sendable, Equatable {
    /// The receiver has the message.
    case delivered(attempts: Int)
    /// Not delivered this time (network, timeout, 5xx); stays pending and is tried again next run.
    case retryLater(attempts: Int, error: String)
    /// The receiver refused it (a 4xx answer); retrying the same bytes would be refused again.
    case rejected(attempts: Int, error: String)
}

/// Why a channel cannot be used (a bad address, a missing secret, an outbox that cannot be made).
public struct ChannelProblem: Error, Sendable {
    public var message: String
    public var note: String?
    public init(message: String, note: String? = nil) {
        self.message = message
        self.note = note
    }
}

/// Somewhere messages go: an outbox directory or a webhook.
public protocol DeliveryChannel {
    /// `outbox` or `webhook`, as the ledger records it.
    var kind: String { get }
    /// The directory or URL.
    var destination: String { get }
    /// Delivers one body under its message id, giving up at `deadline` (monotonic seconds,
    /// `HTTPClient.monotonicSeconds()`). Must be idempotent per id: the same id twice is one message.
    func deliver(messageID: String, body: String, deadline: Double) -> DeliveryOutcome
}

/// The outbox: one JSON file per message, `<messageId>.json`, written atomically with mode 0600 in a 0700 directory.
///
/// Delivering the same id again replaces the file with the same bytes, so a retry never makes
/// a second message. A receiver reads only `*.json` files (never the `*.tmp-*` files a write in
/// progress uses) and moves or deletes them once handled.
public struct OutboxChannel: DeliveryChannel {
    public let kind = "outbox"
    public let destination: String

    /// The outbox at `directory` (created 0700 when missing).
    public init(directory: String) throws(ChannelProblem) {
        destination = directory
        do { try Ledger.makeDirectories(directory) } catch {
            throw ChannelProblem(message: error.description)
        }
        OutboxChannel.removeStaleTemporaries(directory)
    }

    public func deliver(messageID: String, body: String, deadline: Double) -> DeliveryOutcome {
        do {
            try SecureFile.write(path: destination + "/" + messageID + ".json", text: body)
            return .delivered(attempts: 1)
        } catch {
            return .retryLater(attempts: 1, error: "\(error)")
        }
    }

    /// Removes `*.json.tmp-PID` files a killed run left behind, when that process is gone.
    static func removeStaleTemporaries(_ directory: String) {
        for name in FilePaths.list(directory).map(\.name) {
            guard let range = name.range(of: ".json.tmp-"),
                let pid = pid_t(name[range.upperBound...])
            else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { unlink(directory + "/" + name) }
        }
    }
}
