#if canImport(Glibc)
    import Glibc
#endif

/// Snapshots kept in the user's cache, `$XDG_CACHE_HOME/tidlig/snapshots` (else
/// `~/.cache/tidlig/snapshots`; folders 0700, files 0600), one per source file, named by a
/// hash of the source's full path.
///
/// On by default for regular files of at least `minimumSize` (a smaller file loads faster than
/// a snapshot pays back); `TIDLIG_SNAPSHOT=off` or `--no-snapshot` turns it off. A snapshot is
/// used only when the source's `SourceKey` (identity, size, times, first and last 64 KiB) and
/// the build of tidlig are those it was written with; otherwise the source is loaded and the
/// snapshot written again.
public enum SnapshotCache {
    /// Files smaller than this (16 MiB, about 15,000 students) are always loaded from JSON.
    public static let minimumSize = 16 << 20

    /// What happened to the snapshot in one load.
    public enum Outcome: Equatable, Sendable {
        /// Opened from the snapshot at this path.
        case opened(String)
        /// Loaded from the source, and a snapshot written to this path.
        case written(String)
        /// Loaded from the source only, for this reason.
        case notUsed(String)
    }

    /// False when `TIDLIG_SNAPSHOT` is `off` (or `0`, `no`, `false`).
    public static var enabledByEnvironment: Bool {
        guard let value = getenv("TIDLIG_SNAPSHOT").map({ String(cString: $0).lowercased() }) else {
            return true
        }
        return !["off", "0", "no", "false"].contains(value)
    }

    /// The cache folder, from `XDG_CACHE_HOME` (when absolute) or `HOME`; nil without either.
    public static func defaultDirectory() -> String? {
        func variable(_ name: String) -> String? {
            getenv(name).map { String(cString: $0) }.flatMap { $0.hasPrefix("/") ? $0 : nil }
        }
        guard let cache = variable("XDG_CACHE_HOME") ?? variable("HOME").map({ $0 + "/.cache" })
        else {
            return nil
        }
        return cache + "/tidlig/snapshots"
    }

    /// Where the snapshot of `source` lives in `directory`.
    public static func path(of source: String, in directory: String) -> String {
        var absolute = source
        if let resolved = realpath(source, nil) {
            absolute = String(cString: resolved)
            free(resolved)
        }
        let hash = Array(absolute.utf8).withUnsafeBytes { Checksum.xxh64($0, seed: 3) }
        let hex = String(hash, radix: 16)
        return directory + "/" + String(repeating: "0", count: 16 - hex.count) + hex + ".snapshot"
    }

    /// Loads `path` through the cache in `directory`: from its snapshot when that is current,
    /// else from the source, writing the snapshot for next time. Errors of the source are the
    /// loader's; a snapshot that cannot be used or written is never an error.
    public static func load(
        path: String, directory: String?, minimumSize: Int = minimumSize
    ) throws(LoadError) -> (DataSet, Outcome) {
        guard let directory else {
            return (try DataSetLoader.load(path: path), .notUsed("no cache folder"))
        }
        guard let key = SourceKey.of(path: path), Int(key.size) >= minimumSize else {
            return (
                try DataSetLoader.load(path: path),
                .notUsed("not a regular file of \(describeBytes(minimumSize)) or more")
            )
        }
        let snapshot = self.path(of: path, in: directory)
        var reason = "there was none"
        do {
            return (
                try Snapshot.open(path: snapshot, source: path, expecting: key), .opened(snapshot)
            )
        } catch {
            reason = error.description
            if reason != "there is none" { unlink(snapshot) }  // stale or damaged: never kept
        }
        let data = try DataSetLoader.load(path: path)
        // The source changed while it loaded: this model belongs to neither version's key.
        guard SourceKey.of(path: path) == key else {
            return (data, .notUsed("the source changed while it loaded"))
        }
        do {
            try prepare(directory)
            try Snapshot.write(data, key: key, to: snapshot)
        } catch {
            return (data, .notUsed("\(reason); not written: \(error)"))
        }
        return (data, .written(snapshot))
    }

    /// Makes the cache folder (and its parents) with mode 0700, and refuses one that is not
    /// the user's own or that others may read.
    static func prepare(_ directory: String) throws {
        var path = ""
        for part in directory.split(separator: "/") {
            path += "/" + part
            if mkdir(path, 0o700) != 0, errno != EEXIST {
                throw SnapshotFailure("cannot make \(path): \(String(cString: strerror(errno)))")
            }
        }
        var status = stat()
        guard lstat(directory, &status) == 0, status.st_mode & S_IFMT == S_IFDIR,
            status.st_uid == getuid()
        else {
            throw SnapshotFailure("\(directory) is not a folder of this user")
        }
        if status.st_mode & 0o077 != 0, chmod(directory, 0o700) != 0 {
            throw SnapshotFailure(
                "cannot make \(directory) private: \(String(cString: strerror(errno)))")
        }
    }
}

extension SnapshotCache {
    /// `tidlig snapshot FILE`: loads `path` from its JSON and writes its snapshot into `directory`,
    /// whatever its size; returns the data set and where the snapshot went.
    public static func build(path: String, directory: String) throws -> (DataSet, String) {
        guard let key = SourceKey.of(path: path) else {
            _ = try DataSetLoader.load(path: path)  // the loader's own words for a missing file
            throw SnapshotFailure("\(path) is not a regular file; only those have snapshots")
        }
        let data = try DataSetLoader.load(path: path)
        guard SourceKey.of(path: path) == key else {
            throw SnapshotFailure("\(path) changed while it loaded")
        }
        let snapshot = self.path(of: path, in: directory)
        try prepare(directory)
        try Snapshot.write(data, key: key, to: snapshot)
        return (data, snapshot)
    }
}
