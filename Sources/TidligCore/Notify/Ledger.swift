#if canImport(Glibc)
import Glibc
#endif
import GRDB

/// The record of every disclosure, in an SQLite file (GRDB): who was told what about whom, on
/// which basis, by which rule, and whether it arrived.
///
/// The unique key (rule, service, student, school year) is what keeps a rule from telling a
/// service about the same student twice in a school year, across runs.
public final class Ledger: Sendable {
    /// The file's path.
    public let path: String
    private let queue: DatabaseQueue

    /// A ledger problem (cannot open, create or write), with SQLite's reason.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Opens or creates the ledger at `path` (its directory 0700, the file 0600).
    public init(path: String) throws(Failure) {
        self.path = path
        do {
            try Ledger.createPrivately(path)
            var configuration = Configuration()
            configuration.busyMode = .timeout(10)
            queue = try DatabaseQueue(path: path, configuration: configuration)
            try Ledger.migrator.migrate(queue)
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure(description: "cannot open the ledger \(path): \(error)")
        }
    }

    /// Opens an existing ledger read-only, for `dry run`; nil when there is none yet.
    public init?(readingOnly path: String) throws(Failure) {
        guard access(path, F_OK) == 0 else { return nil }
        self.path = path
        do {
            var configuration = Configuration()
            configuration.readonly = true
            queue = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw Failure(description: "cannot read the ledger \(path): \(error)")
        }
    }

    /// The default path: `$XDG_STATE_HOME/tidlig/ledger.sqlite`, else `~/.local/state/tidlig/ledger.sqlite`.
    public static func defaultPath(environment: (String) -> String? = { getenv($0).map { String(cString: $0) } }) -> String {
        if let state = environment("XDG_STATE_HOME"), state.hasPrefix("/") { return state + "/tidlig/ledger.sqlite" }
        return (environment("HOME") ?? ".") + "/.local/state/tidlig/ledger.sqlite"
    }

    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("disclosures") { db in
            try db.execute(sql: """
                CREATE TABLE disclosure (
                    messageId TEXT PRIMARY KEY NOT NULL,
                    createdAt TEXT NOT NULL, sentAt TEXT,
                    service TEXT NOT NULL, student TEXT NOT NULL, schoolYear TEXT NOT NULL, rule TEXT NOT NULL,
                    basis TEXT NOT NULL CHECK (basis IN ('consent', 'anonymous', 'duty')), consentReference TEXT,
                    fields TEXT NOT NULL,
                    channel TEXT NOT NULL CHECK (channel IN ('outbox', 'webhook')), destination TEXT NOT NULL, secretEnv TEXT,
                    body TEXT,
                    status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
                    attempts INTEGER NOT NULL DEFAULT 0, lastError TEXT,
                    UNIQUE (rule, service, student, schoolYear))
                """)
            try db.execute(sql: "CREATE INDEX disclosure_status ON disclosure (status)")
        }
        return migrator
    }()

    /// Creates the directory (0700) and an empty file (0600) so SQLite never makes them with looser modes.
    static func createPrivately(_ path: String) throws(Failure) {
        if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            try makeDirectories(String(path[..<slash]))
        }
        let fd = open(path, O_WRONLY | O_CREAT, 0o600)
        guard fd >= 0 else { throw Failure(description: "cannot create the ledger \(path): \(String(cString: strerror(errno)))") }
        close(fd)
    }

    /// `mkdir -p` with mode 0700 for the directories it creates.
    public static func makeDirectories(_ path: String) throws(Failure) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for part in path.split(separator: "/") {
            prefix += (prefix.isEmpty || prefix == "/" ? "" : "/") + part
            if mkdir(prefix, 0o700) != 0 && errno != EEXIST {
                throw Failure(description: "cannot create \(prefix): \(String(cString: strerror(errno)))")
            }
        }
    }

    /// Reads in one transaction, turning SQLite errors into `Failure`.
    func reading<T>(_ work: (Database) throws -> T) throws(Failure) -> T {
        do { return try queue.read(work) } catch { throw Failure(description: "ledger \(path): \(error)") }
    }

    /// Writes in one transaction (all or nothing), turning SQLite errors into `Failure`.
    func writing<T>(_ work: (Database) throws -> T) throws(Failure) -> T {
        do { return try queue.write(work) } catch { throw Failure(description: "ledger \(path): \(error)") }
    }
}
