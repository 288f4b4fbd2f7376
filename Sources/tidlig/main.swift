import ArgumentParser
import LineEditing
import TidligCore

/// Options shared by the shell and `run`: output format and settings.
struct SessionOptions: ParsableArguments {
    @Option(help: "Output format: table, csv, json or markdown.")
    var format: String?
    @Option(
        name: .customLong("set"),
        help: ArgumentHelp(
            "A setting, e.g. --set threshold=10 (repeatable).", valueName: "name=value"))
    var settings: [String] = []
    @Flag(help: "In scripts, run on after a failing statement.")
    var keepGoing = false
    @Option(help: "The notification ledger (default $XDG_STATE_HOME/tidlig/ledger.sqlite).")
    var ledger: String?
    @Flag(help: "Load data from the JSON, not from a snapshot in the cache (TIDLIG_SNAPSHOT=off).")
    var noSnapshot = false

    /// Makes a session on the file's data (or the built-in sample), with the settings applied.
    func makeSession(dataFile: String?) throws -> Session {
        let session = Session(output: StandardStreams())
        session.color = Terminal.colorEnabled(fd: 2)
        session.screenWidth = { Terminal.size(fd: 1)?.columns }
        session.outputColor = Terminal.colorEnabled(fd: 1)
        if !noSnapshot, SnapshotCache.enabledByEnvironment {
            session.snapshotDirectory = SnapshotCache.defaultDirectory()
        }
        do throws(LoadError) {
            if let dataFile {
                session.replaceData(try session.loadFile(dataFile))
            } else {
                session.useData { try Sample.load() }
            }
        } catch {
            StandardStreams.writeAll(2, "\(error)\n")
            throw ExitCode(error.isIOError ? ExitStatus.ioError : ExitStatus.dataError)
        }
        if let format, OutputFormat(rawValue: format.lowercased()) == nil {
            let allowed = OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")
            throw ValidationError("--format \(format): expected one of \(allowed)")
        }
        let assignments =
            settings + (format.map { ["format=\($0)"] } ?? [])
            + (ledger.map { ["ledger=\($0)"] } ?? [])
        if let problem = session.settings.apply(assignments) { throw ValidationError(problem) }
        return session
    }
}

@main
struct Tidlig: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tidlig",
        abstract: "A shell for following up worrying school absence (tidlig innsats).",
        subcommands: [Shell.self, Run.self, Generate.self, Import.self, MakeSnapshot.self],
        defaultSubcommand: Shell.self)

    /// Like ArgumentParser's, but a bad flag or value is one line saying what is allowed,
    /// not the usage of every subcommand.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            guard code == .validationFailure else { exit(withError: error) }  // --help, exit codes
            StandardStreams.writeAll(2, "error: \(message(for: error)) (see 'tidlig --help')\n")
            exit(withError: ExitCode(ExitStatus.usage))
        }
    }
}

struct Shell: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shell", abstract: "Start the shell on FILE (default: the built-in sample).")
    @Argument(help: "A tidlig/1 JSON file.") var file: String?
    // Unconditional: a statement may start with '-' (`-c '-1 + days'`); it is the shell's to parse.
    @Option(
        name: .customShort("c"), parsing: .unconditionalSingleValue,
        help: "Run statements (';' between several) and exit; repeatable.")
    var commands: [String] = []
    @OptionGroup var options: SessionOptions

    func run() throws {
        let session = try options.makeSession(dataFile: file)
        if !commands.isEmpty {
            try finish(session.runCommands(commands, keepGoing: options.keepGoing))
        } else if Terminal.isInteractive(0) {
            let first = file == nil ? Session.sampleGreeting : ""
            StandardStreams.writeAll(
                2,
                "tidlig — type 'help' for commands, Ctrl-D to leave\n\(session.loadSummary())\n\(first)"
            )
            if let size = Terminal.size(fd: 1) {
                session.pager = {
                    PagerSink(
                        rows: Terminal.size(fd: 1)?.rows ?? size.rows, command: PagerSink.command)
                }
            }
            let reader = EditLineReader(
                historyPath: Terminal.defaultHistoryPath(),
                completion: SessionCompleter(session: session))
            session.interact(reader: reader)
        } else {
            let text: String
            do { text = try readStandardInput() } catch {
                StandardStreams.writeAll(2, "error: \(error)\n")
                throw ExitCode(ExitStatus.ioError)
            }
            try finish(session.runScript(text, name: "<stdin>", keepGoing: options.keepGoing))
        }
    }
}

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run a script of tidlig statements.")
    @Argument(help: "The script (# comments; a #! first line is allowed).") var script: String
    @Option(help: "A tidlig/1 JSON file to load first.") var data: String?
    @OptionGroup var options: SessionOptions

    func run() throws {
        let text: String
        do { text = try readText(path: script) } catch {
            StandardStreams.writeAll(2, "error: \(error)\n")
            throw ExitCode(ExitStatus.ioError)
        }
        let session = try options.makeSession(dataFile: data)
        try finish(session.runScript(text, name: script, keepGoing: options.keepGoing))
    }
}

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a synthetic Nes-like data set.")
    @Option(help: "Number of students.") var students = SampleGenerator.sampleStudents
    @Option(help: "Random seed.") var seed = SampleGenerator.sampleSeed
    @Option(help: "School years (2 to 10: a tidlig/2 data set ending with 2024/2025).") var years =
        1
    @Option(help: "Output file (default: standard output).") var out: String?
    @Flag(help: "JSON Lines: the header on line 1, then one student per line.") var jsonl = false

    func run() throws {
        guard students >= 1 else { throw ValidationError("--students must be at least 1") }
        guard (1...10).contains(years) else {
            throw ValidationError("--years must be from 1 to 10")
        }
        let generator = Sample.generator(students: students, years: years, seed: seed, lines: jsonl)
        do { try Sample.write(generator, to: out) } catch {
            StandardStreams.writeAll(2, "error: \(error)\n")
            throw ExitCode(ExitStatus.ioError)
        }
    }
}

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import a school system's export (CSV or XLSX), pseudonymised at the door.",
        discussion: "Writes tidlig/1 (one school year) or tidlig/2; see docs/IMPORT.md.")
    @Option(help: "Students: elever.csv or .xlsx.") var students: String
    @Option(help: "Absence registrations: fravaer.csv or .xlsx.") var absence: String
    @Option(help: "School years and closures: kalender.csv or .xlsx.") var calendar: String
    @Option(help: "Consents: samtykker.csv or .xlsx.") var consents: String?
    @Option(help: "The municipality's secret key for the pseudonyms.") var keyFile: String
    @Option(help: "A mapping file for another layout.") var mapping: String?
    @Option(help: "The export date, dd.mm.yyyy (default: the last registration).") var asOf: String?
    @Option(help: "Last week's data set to add this export to.") var onto: String?
    @Option(help: "The municipality's name, for headings.") var municipality: String?
    @Option(help: "The data set to write (mode 0600).") var out: String?
    @Flag(help: "Report what would be imported; write nothing.") var dryRun = false
    @Option(help: "Threads that read the absence file (default: one per core, at most 8).")
    var threads: Int?

    func run() throws {
        if let threads {
            guard (1...64).contains(threads) else {
                throw ValidationError("--threads must be from 1 to 64")
            }
        }
        var request = ImportRequest(
            files: .init(
                students: students, absence: absence, calendar: calendar, consents: consents),
            keyFile: keyFile)
        (request.mapping, request.asOf, request.out, request.onto) = (mapping, asOf, out, onto)
        (request.dryRun, request.municipality, request.threads) = (dryRun, municipality, threads)
        try finish(
            request.run(
                report: { StandardStreams.writeAll(1, $0) },
                error: { StandardStreams.writeAll(2, $0) }))
    }
}

struct MakeSnapshot: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Write FILE's snapshot into the cache, for fast opening.",
        discussion: "The cache: $XDG_CACHE_HOME/tidlig/snapshots, else ~/.cache/tidlig/snapshots.")
    @Argument(help: "A tidlig/1 or tidlig/2 JSON file.") var file: String

    func run() throws {
        guard let directory = SnapshotCache.defaultDirectory() else {
            StandardStreams.writeAll(2, "error: no cache folder: set XDG_CACHE_HOME or HOME\n")
            throw ExitCode(ExitStatus.ioError)
        }
        do {
            let (data, path) = try SnapshotCache.build(path: file, directory: directory)
            let off =
                SnapshotCache.enabledByEnvironment ? "" : " (not used: TIDLIG_SNAPSHOT is off)"
            let line = "snapshot of \(file), \(data.studentCount) students: \(path)\(off)\n"
            StandardStreams.writeAll(1, line)
        } catch let error as LoadError {
            StandardStreams.writeAll(2, "\(error)\n")
            throw ExitCode(error.isIOError ? ExitStatus.ioError : ExitStatus.dataError)
        } catch {
            StandardStreams.writeAll(2, "error: cannot write the snapshot of \(file): \(error)\n")
            throw ExitCode(ExitStatus.ioError)
        }
    }
}

/// Ends the process with `status` (ArgumentParser prints nothing for an ExitCode).
func finish(_ status: Int32) throws { if status != 0 { throw ExitCode(status) } }
