/// The settings of notifications: `set ledger`, `set outbox`, `set coordinator`, and the webhook's.
public struct NotifySettings: Sendable {
    /// The ledger file; nil means `Ledger.defaultPath()` (`--ledger` sets it).
    public var ledger: String?
    /// The default outbox directory; nil means `outbox` beside the ledger.
    public var outbox: String?
    /// Who coordinates the cases and how to reach them; every message carries it.
    public var coordinator: String?
    /// The environment variable holding the webhook secret.
    public var secretEnv = "TIDLIG_WEBHOOK_SECRET"
    /// The CA file webhook certificates are checked against; nil for the system's trust store.
    public var caFile: String?
    /// Seconds for one webhook exchange.
    public var timeout = 10.0
    /// Tries per webhook delivery in one run.
    public var retries = 4
    /// First wait between webhook tries, in seconds (doubled each time).
    public var backoff = 1.0
    /// Seconds one `notify` spends on webhook deliveries in all; the rest stays pending (exit 75).
    public var deliveryTime = 60.0
    /// Seconds a `notify` waits for another one that holds the ledger.
    public var lockWait = 10.0
    /// Days the text of a message not yet delivered is kept; then it is removed and not sent.
    public var keepBodies = 30
    /// A `notify` of more messages than this needs `confirm N`.
    public var confirmAbove = 25

    public init() {}

    /// The settings, with a line of help each.
    public static let names: [(name: String, help: String)] = [
        ("ledger", "the notification ledger file (default $XDG_STATE_HOME/tidlig/ledger.sqlite)"),
        ("outbox", "the default outbox directory (default: 'outbox' beside the ledger)"),
        ("coordinator", "who coordinates and how to reach them, carried by every message"),
        ("secretenv", "the environment variable holding the webhook secret (default TIDLIG_WEBHOOK_SECRET)"),
        ("cafile", "a PEM file of CAs webhook certificates are checked against, or 'system' (default)"),
        ("timeout", "seconds for one webhook request (default 10)"),
        ("retries", "tries per webhook message in one run (default 4)"),
        ("backoff", "seconds before the second try, doubled for each further try (default 1)"),
        ("deliverytime", "seconds one notify spends on webhook deliveries in all; the rest stays pending (default 60)"),
        ("lockwait", "seconds a notify waits while another one holds the ledger (default 10)"),
        ("keepbodies", "days an undelivered message's text is kept before it is removed unsent (default 30)"),
        ("confirm", "a notify of more messages than this needs 'confirm N' (default 25)"),
    ]

    /// The ledger path in force.
    public var ledgerPath: String { ledger ?? Ledger.defaultPath() }

    /// The outbox directory in force.
    public var outboxPath: String {
        if let outbox { return outbox }
        let ledger = ledgerPath
        return (ledger.lastIndex(of: "/").map { String(ledger[..<$0]) } ?? ".") + "/outbox"
    }

    mutating func set(_ name: String, to value: String) -> String? {
        switch name {
        case "ledger": ledger = value
        case "outbox": outbox = value
        case "coordinator": coordinator = value
        case "secretenv":
            guard !value.isEmpty, value.allSatisfy({ $0 == "_" || $0.isLetter || $0.isNumber }) else {
                return "expected the name of an environment variable, found '\(value)'"
            }
            secretEnv = value
        case "timeout", "backoff":
            guard let seconds = Double(value), seconds >= 0, seconds <= 3600 else { return "expected seconds (0 to 3600), found '\(value)'" }
            if name == "timeout" { timeout = seconds } else { backoff = seconds }
        case "deliverytime", "lockwait":
            guard let seconds = Double(value), seconds >= 0, seconds <= 86400 else {
                return "expected seconds (0 to 86400), found '\(value)'"
            }
            if name == "lockwait" { lockWait = seconds } else { deliveryTime = seconds }
        case "keepbodies":
            guard let days = Int(value), (1...3650).contains(days) else { return "expected days (1 to 3650), found '\(value)'" }
            keepBodies = days
        case "confirm":
            guard let n = Int(value), (0...1_000_000).contains(n) else {
                return "expected a number of messages (0 to 1000000), found '\(value)'"
            }
            confirmAbove = n
        case "cafile": caFile = value == "system" ? nil : value
        case "retries":
            guard let n = Int(value), (1...20).contains(n) else { return "expected a number of tries from 1 to 20, found '\(value)'" }
            retries = n
        default: return "unknown setting '\(name)'"
        }
        return nil
    }

    var values: [(String, String)] {
        [("ledger", ledger ?? "default"), ("outbox", outbox ?? "default"), ("coordinator", coordinator ?? "not set"),
         ("secretenv", secretEnv), ("cafile", caFile ?? "system"), ("timeout", formatDecimal(timeout, places: 1)), ("retries", String(retries)),
         ("backoff", formatDecimal(backoff, places: 1)), ("deliverytime", formatDecimal(deliveryTime, places: 0)),
         ("lockwait", formatDecimal(lockWait, places: 0)), ("keepbodies", String(keepBodies)),
         ("confirm", String(confirmAbove))]
    }
}
