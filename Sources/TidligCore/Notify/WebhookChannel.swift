#if canImport(Glibc)
import Glibc
#endif

/// A webhook: each message POSTed as JSON, signed, with its id as `Idempotency-Key`, retried with backoff.
///
/// Headers: `Content-Type: application/json`, `Idempotency-Key: <messageId>`,
/// `X-Tidlig-Signature: sha256=<hex HMAC-SHA256 of the body under the secret>`. A 2xx answer is
/// delivery; 408, 429, 5xx, timeouts and broken connections are retried up to `attempts` times
/// with exponential backoff, then left pending; any other answer is a rejection.
public struct WebhookChannel: DeliveryChannel {
    public let kind = "webhook"
    public let destination: String
    public let address: HTTPClient.Address
    /// The name of the environment variable that holds the secret (the secret itself is never kept or printed).
    public let secretEnv: String
    let secret: [UInt8]
    /// Seconds for one whole exchange.
    public var timeout: Double
    /// Tries per delivery in one run (1 or more).
    public var attempts: Int
    /// The first wait between tries, in seconds; doubled each time, at most 30.
    public var backoff: Double

    /// A webhook at `url`, signing with the secret in `$secretEnv`.
    public init(url: String, secretEnv: String, timeout: Double, attempts: Int, backoff: Double,
                environment: (String) -> String? = { getenv($0).map { String(cString: $0) } }) throws(ChannelProblem) {
        guard let address = HTTPClient.Address(url) else {
            throw ChannelProblem(message: "'\(url)' is not an http:// address",
                          note: url.hasPrefix("https://") ? "tidlig speaks plain HTTP to a TLS relay on this machine (stunnel, nginx): give the relay's http://127.0.0.1 address" : "write http://host:port/path")
        }
        guard address.isLoopback else {
            throw ChannelProblem(message: "a webhook outside this machine needs TLS, which tidlig does not speak",
                          note: "send through a TLS relay listening on 127.0.0.1 (stunnel, nginx)")
        }
        guard let secret = environment(secretEnv), !secret.isEmpty else {
            throw ChannelProblem(message: "the webhook secret is read from $\(secretEnv), which is not set",
                          note: "export \(secretEnv)=... (or name another variable with 'secret NAME' or 'set secretenv')")
        }
        self.destination = url
        self.address = address
        self.secretEnv = secretEnv
        self.secret = Array(secret.utf8)
        self.timeout = timeout
        self.attempts = max(1, attempts)
        self.backoff = backoff
    }

    /// The signature header's value for a body.
    public func signature(_ body: [UInt8]) -> String { "sha256=" + HMACSHA256.hex(key: secret, message: body) }

    public func deliver(messageID: String, body: String, deadline: Double) -> DeliveryOutcome {
        let bytes = Array(body.utf8)
        let headers = [("Content-Type", "application/json"), ("Idempotency-Key", messageID),
                       ("X-Tidlig-Signature", signature(bytes)), ("User-Agent", "tidlig")]
        var lastError = ""
        for attempt in 1...attempts {
            if attempt > 1 {
                let pause = min(30, backoff * Double(1 << min(attempt - 2, 20)))
                guard HTTPClient.monotonicSeconds() + pause < deadline else {
                    return .retryLater(attempts: attempt - 1, error: lastError)
                }
                WebhookChannel.sleep(seconds: pause)
            }
            let left = deadline - HTTPClient.monotonicSeconds()
            guard left > 0 else { return .retryLater(attempts: attempt - 1, error: lastError) }
            do {
                let response = try HTTPClient.post(address, headers: headers, body: bytes, timeout: min(timeout, left))
                switch response.status {
                case 200..<300: return .delivered(attempts: attempt)
                case 408, 429, 500..<600: lastError = "HTTP \(response.status)"
                default: return .rejected(attempts: attempt, error: "HTTP \(response.status)")
                }
            } catch {
                lastError = error.description
            }
        }
        return .retryLater(attempts: attempts, error: lastError)
    }

    static func sleep(seconds: Double) {
        guard seconds > 0 else { return }
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - seconds.rounded(.down)) * 1e9))
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
    }
}
