import Glibc

/// A fresh directory under /tmp (mode 0700), removed with everything in it when released.
///
/// ```swift
/// let home = TemporaryDirectory(prefix: "tidlig-pty")
/// let history = home.path + "/state/history"
/// ```
public final class TemporaryDirectory {
    /// The directory's absolute path.
    public let path: String

    /// Creates `/tmp/<prefix>-XXXXXX`; stops the test run if /tmp is not writable.
    public init(prefix: String) {
        var template = Array("/tmp/\(prefix)-XXXXXX".utf8CString)
        guard let created = mkdtemp(&template) else { fatalError("mkdtemp failed: errno \(errno)") }
        path = String(cString: created)
    }

    deinit { Self.removeTree(path) }

    /// Removes `path` and, if it is a directory (not a symbolic link), everything below it.
    static func removeTree(_ path: String) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        if info.st_mode & S_IFMT == S_IFDIR, let dir = opendir(path) {
            while let entry = readdir(dir) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
                }
                if name != "." && name != ".." { removeTree(path + "/" + name) }
            }
            closedir(dir)
            rmdir(path)
        } else {
            unlink(path)
        }
    }
}
