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

    private typealias Setting = SettingDescriptor<NotifySettings>

    /// The settings of notifications, for `set`.
    public static let descriptors: [SettingDescriptor<NotifySettings>] = [
        Setting(
            "ledger", .file, default: "default",
            help: "the notification ledger file (default $XDG_STATE_HOME/tidlig/ledger.sqlite)",
            appliesTo: "notify"
        ) { s, v in
            s.ledger = v
            return nil
        } show: { s, _ in
            s.ledger ?? "default"
        },
        Setting(
            "outbox", .file, default: "default",
            help: "the default outbox directory (default: 'outbox' beside the ledger)",
            appliesTo: "notify"
        ) { s, v in
            s.outbox = v
            return nil
        } show: { s, _ in
            s.outbox ?? "default"
        },
        Setting(
            "coordinator", .text, default: "not set",
            help: "who coordinates and how to reach them, carried by every message",
            appliesTo: "notify"
        ) { s, v in
            s.coordinator = v
            return nil
        } show: { s, _ in
            s.coordinator ?? "not set"
        },
        Setting(
            "secretenv", .environmentName, default: "TIDLIG_WEBHOOK_SECRET",
            help: "the environment variable holding the webhook secret", appliesTo: "notify"
        ) { s, v in
            guard !v.isEmpty, v.allSatisfy({ $0 == "_" || $0.isLetter || $0.isNumber }) else {
                return "expected the name of an environment variable, found '\(v)'"
            }
            s.secretEnv = v
            return nil
        } show: { s, _ in
            s.secretEnv
        },
        Setting(
            "cafile", .file, words: ["system"], default: "system",
            help: "a PEM file of CAs webhook certificates are checked against, or 'system'",
            appliesTo: "notify"
        ) { s, v in
            s.caFile = v == "system" ? nil : v
            return nil
        } show: { s, _ in
            s.caFile ?? "system"
        },
        Setting(
            "timeout", .seconds, default: "10.0",
            help: "seconds for one webhook request (default 10)",
            appliesTo: "notify"
        ) { s, v in
            guard let seconds = NotifySettings.seconds(v) else {
                return "expected seconds (0 to 3600), found '\(v)'"
            }
            s.timeout = seconds
            return nil
        } show: { s, _ in
            formatDecimal(s.timeout, places: 1)
        },
        Setting(
            "retries", .wholeNumber, default: "4",
            help: "tries per webhook message in one run (default 4)",
            appliesTo: "notify"
        ) { s, v in
            guard let n = Int(v), (1...20).contains(n) else {
                return "expected a number of tries from 1 to 20, found '\(v)'"
            }
            s.retries = n
            return nil
        } show: { s, _ in
            String(s.retries)
        },
        Setting(
            "backoff", .seconds, default: "1.0",
            help: "seconds before the second try, doubled after (default 1)",
            appliesTo: "notify"
        ) { s, v in
            guard let seconds = NotifySettings.seconds(v) else {
                return "expected seconds (0 to 3600), found '\(v)'"
            }
            s.backoff = seconds
            return nil
        } show: { s, _ in
            formatDecimal(s.backoff, places: 1)
        },
        Setting(
            "deliverytime", .seconds, default: "60",
            help:
                "seconds one notify spends on webhook deliveries in all; the rest stays pending (default 60)",
            appliesTo: "notify"
        ) { s, v in
            guard let seconds = Double(v), seconds >= 0, seconds <= 86400 else {
                return "expected seconds (0 to 86400), found '\(v)'"
            }
            s.deliveryTime = seconds
            return nil
        } show: { s, _ in
            formatDecimal(s.deliveryTime, places: 0)
        },
        Setting(
            "lockwait", .seconds, default: "10",
            help: "seconds a notify waits while another one holds the ledger (default 10)",
            appliesTo: "notify"
        ) { s, v in
            guard let seconds = Double(v), seconds >= 0, seconds <= 86400 else {
                return "expected seconds (0 to 86400), found '\(v)'"
            }
            s.lockWait = seconds
            return nil
        } show: { s, _ in
            formatDecimal(s.lockWait, places: 0)
        },
        Setting(
            "keepbodies", .wholeNumber, default: "30",
            help:
                "days an undelivered message's text is kept before it is removed unsent (default 30)",
            appliesTo: "notify"
        ) { s, v in
            guard let days = Int(v), (1...3650).contains(days) else {
                return "expected days (1 to 3650), found '\(v)'"
            }
            s.keepBodies = days
            return nil
        } show: { s, _ in
            String(s.keepBodies)
        },
        Setting(
            "confirm", .wholeNumber, default: "25",
            help: "a notify of more messages than this needs 'confirm N' (default 25)",
            appliesTo: "notify"
        ) { s, v in
            guard let n = Int(v), (0...1_000_000).contains(n) else {
                return "expected a number of messages (0 to 1000000), found '\(v)'"
            }
            s.confirmAbove = n
            return nil
        } show: { s, _ in
            String(s.confirmAbove)
        },
    ]

    private static func seconds(_ text: String) -> Double? {
        guard let seconds = Double(text), seconds >= 0, seconds <= 3600 else { return nil }
        return seconds
    }

    /// The ledger path in force.
    public var ledgerPath: String { ledger ?? Ledger.defaultPath() }

    /// The outbox directory in force.
    public var outboxPath: String {
        if let outbox { return outbox }
        let ledger = ledgerPath
        return (ledger.lastIndex(of: "/").map { String(ledger[..<$0]) } ?? ".") + "/outbox"
    }
}
