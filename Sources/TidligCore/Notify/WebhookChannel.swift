#if canImport(Glibc)
    import Glibc
#endif

/// A webhook: each message POSTed as JSON over HTTPS (plain HTTP only to this machine), signed,
/// with its id as `Idempotency-Key`, retried with backoff.
///
/// Headers: `Content-Type: application/json`, `Idempotency-Key: <messageId>`,
/// `X-Tidlig-Signature: sha256=<hex HMAC-SHA256 of the body under the secret>`. A 2xx answer is
/// delivery; 408, 429, 5xx, timeouts and broken connections are retried up to `attempts` times
/// with exponential backoff, then left pending; any other answer (a redirect included: redirects
/// are not followed) is a rejection. A failed TLS handshake stays pending, with the reason.
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
    /// The CA file certificates are checked against instead of the system's trust store.
    public var caFile: String?
    /// For plain HTTP: the loopback addresses the host was checked to stand for, and connected to.
    let pinned: [String]

    /// A webhook at `url`, signing with the secret in `$secretEnv`.
    public init(
        url: String, secretEnv: String, timeout: Double, attempts: Int, backoff: Double,
        caFile: String? = nil,
        environment: (String) -> String? = { getenv($0).map { String(cString: $0) } }
    ) throws(ChannelProblem) {
        guard let address = HTTPClient.Address(url) else {
            throw ChannelProblem(
                message: "'\(url)' is not a webhook address", note: "write https://host[:port]/path"
            )
        }
        if address.secure {
            pinned = []
        } else {
            switch address.loopbackAddresses() {
            case .success(let addresses): pinned = addresses
            case .failure(let problem): throw problem
            }
        }
        if let caFile {
            var info = stat()
            guard stat(caFile, &info) == 0, info.st_mode & S_IFMT == S_IFREG,
                access(caFile, R_OK) == 0
            else {
                throw ChannelProblem(
                    message: "cannot read the CA file \(caFile)",
                    note: "give a PEM file of the certificates to trust ('set cafile'), or "
                        + "'set cafile system' for the system's trust store")
            }
        }
        self.caFile = caFile
        guard let secret = environment(secretEnv), !secret.isEmpty else {
            throw ChannelProblem(
                message: "the webhook secret is read from $\(secretEnv), which is not set",
                note:
                    "export \(secretEnv)=... (or name another variable with 'secret NAME' or 'set secretenv')"
            )
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
    public func signature(_ body: [UInt8]) -> String {
        "sha256=" + HMACSHA256.hex(key: secret, message: body)
    }

    public func deliver(messageID: String, body: String, deadline: Double) -> DeliveryOutcome {
        let bytes = Array(body.utf8)
        let headers = [
            ("Content-Type", "application/json"), ("Idempotency-Key", messageID),
            ("X-Tidlig-Signature", signature(bytes)), ("User-Agent", "tidlig"),
        ]
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
                let response = try HTTPClient.post(
                    address, headers: headers, body: bytes, timeout: min(timeout, left),
                    caFile: caFile, resolve: pinned)
                switch response.status {
                case 200..<300: return .delivered(attempts: attempt)
                case 408, 429, 500..<600: lastError = "HTTP \(response.status)"
                case 300..<400:
                    return .rejected(
                        attempts: attempt,
                        error: "HTTP \(response.status): a redirect, not followed")
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
        var request = timespec(
            tv_sec: Int(seconds), tv_nsec: Int((seconds - seconds.rounded(.down)) * 1e9))
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
    }
}
