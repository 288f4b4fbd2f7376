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

    /// Opens the ledger at `path`, or creates it when there is no file there (its directory
    /// 0700, the file 0600).
    ///
    /// A new ledger is made complete under a temporary name and linked into place, so a file at
    /// `path` is always a whole ledger; an empty file, or one that is not a tidlig ledger, is
    /// refused rather than taken as a new history (which would notify everyone again).
    public init(path: String) throws(Failure) {
        self.path = path
        do {
            if try !Ledger.existingLedger(path) { try Ledger.createComplete(path) }
            var configuration = Configuration()
            configuration.busyMode = .timeout(10)
            queue = try DatabaseQueue(path: path, configuration: configuration)
            try Ledger.checkOwn(queue, path)
            try Ledger.migrator.migrate(queue)
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Ledger.failure(error, path, doing: "open")
        }
    }

    /// Opens an existing ledger read-only, for `dry run`; nil when there is none yet.
    public init?(readingOnly path: String) throws(Failure) {
        guard try Ledger.existingLedger(path) else { return nil }
        self.path = path
        do {
            var configuration = Configuration()
            configuration.readonly = true
            queue = try DatabaseQueue(path: path, configuration: configuration)
            try Ledger.checkOwn(queue, path)
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Ledger.failure(error, path, doing: "read")
        }
    }

    /// SQLite's error in words; a file that is no database is said to be no ledger.
    static func failure(_ error: any Error, _ path: String, doing: String) -> Failure {
        if let error = error as? DatabaseError, error.resultCode == .SQLITE_NOTADB {
            return Failure(
                description: "\(path) is not a tidlig ledger (not an SQLite database); "
                    + "give the path of the ledger file")
        }
        return Failure(description: "cannot \(doing) the ledger \(path): \(error)")
    }

    /// False when nothing is at `path`; true for a regular file with content; refuses the rest.
    static func existingLedger(_ path: String) throws(Failure) -> Bool {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT { return false }
            throw Failure(
                description: "cannot read the ledger \(path): \(String(cString: strerror(errno)))")
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw Failure(
                description:
                    "the ledger \(path) is not a regular file; give the path of a ledger file")
        }
        guard info.st_size > 0 else {
            throw Failure(
                description:
                    "the ledger \(path) is empty, so it holds no history of what was sent; "
                    + "restore it from a backup, or remove it to start a new history (every student would "
                    + "be notified again)")
        }
        return true
    }

    /// Fails unless the database is a tidlig ledger (it has the disclosure table tidlig made).
    static func checkOwn(_ queue: DatabaseQueue, _ path: String) throws(Failure) {
        let own: Bool
        do {
            own = try queue.read { db in
                try db.tableExists("grdb_migrations") && db.tableExists("disclosure")
                    && String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations").contains(
                        "disclosures")
            }
        } catch {
            throw Failure(
                description:
                    "\(path) is not a tidlig ledger (\(error)); give the path of the ledger file")
        }
        guard own else {
            throw Failure(
                description:
                    "\(path) is an SQLite file but not a tidlig ledger (no disclosure table); "
                    + "give the path of the ledger file")
        }
    }

    /// Makes a whole new ledger under a temporary name and links it to `path` (never over a file).
    static func createComplete(_ path: String) throws(Failure) {
        if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            try makeDirectories(String(path[..<slash]))
        }
        let temporary = path + ".new-\(getpid())"
        unlink(temporary)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw Failure(
                description: "cannot create the ledger \(path): \(String(cString: strerror(errno)))"
            )
        }
        close(fd)
        defer { unlink(temporary) }
        do {
            let queue = try DatabaseQueue(path: temporary)
            try Ledger.migrator.migrate(queue)
            try queue.close()
        } catch {
            throw Failure(description: "cannot create the ledger \(path): \(error)")
        }
        if link(temporary, path) != 0 && errno != EEXIST {
            throw Failure(
                description: "cannot create the ledger \(path): \(String(cString: strerror(errno)))"
            )
        }
    }

    /// The default path: `$XDG_STATE_HOME/tidlig/ledger.sqlite`, else `~/.local/state/tidlig/ledger.sqlite`.
    public static func defaultPath(
        environment: (String) -> String? = { getenv($0).map { String(cString: $0) } }
    ) -> String {
        if let state = environment("XDG_STATE_HOME"), state.hasPrefix("/") {
            return state + "/tidlig/ledger.sqlite"
        }
        return (environment("HOME") ?? ".") + "/.local/state/tidlig/ledger.sqlite"
    }

    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("disclosures") { db in
            try db.execute(
                sql: """
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
        migrator.registerMigration("grounds and purges") { db in
            try db.execute(sql: "ALTER TABLE disclosure ADD COLUMN ground TEXT")
            try db.execute(sql: "CREATE INDEX disclosure_student ON disclosure (student)")
            try db.execute(
                sql: """
                    CREATE TABLE purge (
                        at TEXT NOT NULL, before TEXT NOT NULL, command TEXT NOT NULL, removed INTEGER NOT NULL,
                        detail TEXT NOT NULL)
                    """)
        }
        return migrator
    }()

    /// `mkdir -p` with mode 0700 for the directories it creates.
    public static func makeDirectories(_ path: String) throws(Failure) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for part in path.split(separator: "/") {
            prefix += (prefix.isEmpty || prefix == "/" ? "" : "/") + part
            if mkdir(prefix, 0o700) != 0 && errno != EEXIST {
                throw Failure(
                    description: "cannot create \(prefix): \(String(cString: strerror(errno)))")
            }
        }
    }

    /// Reads in one transaction, turning SQLite errors into `Failure`.
    func reading<T>(_ work: (Database) throws -> T) throws(Failure) -> T {
        do { return try queue.read(work) } catch {
            throw Failure(description: "ledger \(path): \(error)")
        }
    }

    /// Writes in one transaction (all or nothing), turning SQLite errors into `Failure`.
    func writing<T>(_ work: (Database) throws -> T) throws(Failure) -> T {
        do { return try queue.write(work) } catch {
            throw Failure(description: "ledger \(path): \(error)")
        }
    }
}
