#if canImport(Glibc)
    import Glibc
#endif

/// One `tidlig import` as the command line gives it.
public struct ImportRequest: Sendable {
    public var files: ExportImport.Files
    public var keyFile: String
    public var mapping: String?
    /// `dd.mm.yyyy` or `yyyy-mm-dd`.
    public var asOf: String?
    public var out: String?
    /// Last week's data set (`--onto`), to add this export to.
    public var onto: String?
    public var dryRun = false
    public var municipality: String?
    /// Threads that read the absence file; nil: one per core (at most 8). The output is the
    /// same for every count.
    public var threads: Int?
    /// The smallest stretch of the absence file a thread takes, in bytes (default 1 MiB; tests
    /// and the fuzz target cut small files).
    public var minimumStretch: Int?

    public init(files: ExportImport.Files, keyFile: String) {
        self.files = files
        self.keyFile = keyFile
    }

    /// Runs the import: the report on `report`, errors on `error`; returns the exit status
    /// (0, 64 usage, 65 a file is wrong, 74 a file cannot be read or written). Nothing is
    /// written unless everything was read.
    public func run(report: (String) -> Void, error: (String) -> Void) -> Int32 {
        do throws(ImportFailure) {
            guard dryRun || out != nil else {
                error("error: --out FILE is needed (or --dry-run to see what would be imported)\n")
                return ExitStatus.usage
            }
            var asOfDay: Day?
            if let asOf {
                guard let day = DateFormat.norwegian.parse(ArraySlice(asOf.utf8)) else {
                    error("error: --as-of takes a date, dd.mm.yyyy or yyyy-mm-dd\n")
                    return ExitStatus.usage
                }
                asOfDay = day
            }
            if let out { try checkOutput(out) }
            var layout = ImportLayout.builtIn
            if let mapping { layout = try ImportLayout.load(mappingFile: mapping) }
            var importer = try ExportImport(
                files: files, keyFile: keyFile, layout: layout, mappingName: mapping,
                asOf: asOfDay, municipality: municipality)
            if let threads { importer.threads = max(1, threads) }
            if let minimumStretch { importer.minimumStretch = max(1, minimumStretch) }
            var result = try importer.run()
            var changes: String?
            if let onto { changes = try WeeklyMerge.merge(onto: onto, into: &result) }
            var text =
                (dryRun ? "dry run: nothing written\n" : "")
                + result.summary.render(asOf: result.data.asOf) + "\n"
            if let changes { text += changes }
            if !dryRun, let out {
                do {
                    var writer = ImportWriter(data: result.data)
                    try SecureFile.write(path: out) { sink in try writer.write(to: sink) }
                } catch let failure {
                    throw ImportFailure(file: out, message: "\(failure)", isIOError: true)
                }
                text +=
                    "wrote \(out) (\(result.summary.format), \(result.summary.students) students)\n"
            }
            report(text)
            return ExitStatus.ok
        } catch let failure {
            error("\(failure)\n")
            return failure.isIOError ? ExitStatus.ioError : ExitStatus.dataError
        }
    }

    /// The output may be a new file or a regular file, never a device, a folder or an input.
    private func checkOutput(_ out: String) throws(ImportFailure) {
        var target = stat()
        guard stat(out, &target) == 0 else { return }
        guard target.st_mode & S_IFMT == S_IFREG else {
            throw ImportFailure(
                file: out, message: "not a regular file; --out writes only new or regular files",
                isIOError: true)
        }
        let inputs = [
            files.students, files.absence, files.calendar, files.consents, keyFile, mapping,
        ].compactMap { $0 }
        for input in inputs {
            var other = stat()
            if stat(input, &other) == 0, other.st_dev == target.st_dev,
                other.st_ino == target.st_ino
            {
                throw ImportFailure(
                    file: out,
                    message: "--out names an input file (\(input)); it would be overwritten")
            }
        }
    }
}
