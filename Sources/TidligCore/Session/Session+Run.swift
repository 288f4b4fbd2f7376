extension Session {
    /// Runs the statements of `source` (one, or several separated by `;`) in order. Stops at
    /// the first failure unless `keepGoing`, and at Ctrl-C; returns the exit status the
    /// failure deserves (the first, or with `keepGoing` the last), or nil when all succeeded.
    ///
    /// `source` names where it came from, for diagnostics (`weekly.tidlig`, line 2).
    @discardableResult
    public func execute(_ source: SourceFile, keepGoing: Bool = false) -> Int32? {
        run(StatementAssembler.chunk(source), keepGoing: keepGoing)
    }

    /// Runs a chunk the assembler parsed, statement by statement, as `execute` does.
    @discardableResult
    public func run(_ chunk: StatementAssembler.Chunk, keepGoing: Bool = false) -> Int32? {
        var failure: Int32?
        for statement in chunk.statements {
            if let status = run(statement, in: chunk.source) {
                failure = status
                if !keepGoing || status == ExitStatus.interrupted { return status }
            } else if Cancellation.isRequested {
                return ExitStatus.interrupted  // output cut short by Ctrl-C: run nothing more
            }
            if quitRequested { break }
        }
        return failure
    }

    /// Runs one parsed statement of `source`.
    private func run(_ statement: StatementAssembler.Statement, in source: SourceFile) -> Int32? {
        let range = statement.range
        Cancellation.reset()
        let clock = ContinuousClock()
        let started = clock.now
        defer {
            if settings.timing {
                let elapsed = started.duration(to: clock.now)
                let ms =
                    Double(elapsed.components.seconds) * 1000 + Double(
                        elapsed.components.attoseconds) / 1e15
                output.writeError("time: \(formatDecimal(ms, places: 1)) ms\n")
            }
        }
        do {
            let command = try statement.parsed.get()
            if let into = statement.into {
                try run(command, into: into)
            } else if settings.pager, outputFile == nil, let pager = pager?() {
                let screen = output
                output = pager
                defer { pager.finish(); output = screen }
                try command.run(in: self)
            } else {
                try command.run(in: self)
            }
            return nil
        } catch let failure as ParseFailure {
            report(failure.diagnostic, in: source)
        } catch let diagnostic as Diagnostic {
            report(diagnostic, in: source)
        } catch let error as SessionError {
            return report(error, in: source, line: source.location(of: range.lowerBound).line)
        } catch is CancelledError {
            output.writeError("cancelled\n")
            return ExitStatus.interrupted
        } catch {
            output.writeError("internal error: \(error)\n")
            return ExitStatus.internalError
        }
        return ExitStatus.dataError
    }

    private func report(_ diagnostic: Diagnostic, in source: SourceFile) {
        var text = diagnostic.render(in: diagnostic.source ?? source)
        if color, let range = text.firstRange(of: "error:") {
            text.replaceSubrange(range, with: "\u{1B}[1;31merror:\u{1B}[0m")
        }
        output.writeError(text + "\n")
    }

    private func report(_ error: SessionError, in source: SourceFile, line: Int) -> Int32 {
        let prefix = source.name.map { "\($0):\(line): " } ?? ""
        switch error {
        case .load(let loadError):
            output.writeError(prefix + loadError.description + "\n")
            return loadError.isIOError ? ExitStatus.ioError : ExitStatus.dataError
        case .io(let message):
            output.writeError(prefix + "error: " + message + "\n")
            return ExitStatus.ioError
        case .reported(let status):
            return status
        case .noData:
            output.writeError(prefix + "error: no data loaded; load a file with 'load FILE.json'\n")
            return ExitStatus.dataError
        case .busy(let message):
            output.writeError(prefix + "error: " + message + "\n")
            return ExitStatus.undelivered
        }
    }

    /// True when `text` is a statement that needs more lines (an open string, a trailing `and`).
    static func needsMoreInput(_ text: String) -> Bool {
        var assembler = StatementAssembler(name: nil)
        if case .needsMore = assembler.add(text, number: 1) { return true }
        return false
    }

    /// Runs a script: statements one after another, a statement continuing over lines while
    /// it is incomplete. Stops at the first failure unless `keepGoing`; returns the exit status.
    public func runScript(_ text: String, name: String?, keepGoing: Bool = false) -> Int32 {
        let status = runStatements(text, name: name, keepGoing: keepGoing)
        // A script that ran through but left messages undelivered tells the scheduler so.
        return status == ExitStatus.ok ? notifyRun.exitStatus : status
    }

    /// The statements of a script, without the notify status at the end (`run FILE`).
    func runStatements(_ text: String, name: String?, keepGoing: Bool) -> Int32 {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.first?.hasPrefix("#!") == true { lines[0] = "" }
        var status = ExitStatus.ok
        var assembler = StatementAssembler(name: name)
        for (index, line) in lines.enumerated() {
            guard
                case .ready(let chunk) = assembler.add(
                    line, number: index + 1, more: index + 1 < lines.count)
            else { continue }
            if let failure = run(chunk, keepGoing: keepGoing) {
                status = failure
                if !keepGoing || failure == ExitStatus.interrupted { return status }
            }
            if quitRequested { break }
        }
        return status
    }

    /// Runs the `-c` texts in order, each a script of one or more statements; stops at the
    /// first failure unless `keepGoing`. Returns the exit status, as `runScript` does.
    public func runCommands(_ texts: [String], keepGoing: Bool = false) -> Int32 {
        var status = ExitStatus.ok
        for text in texts {
            let result = runStatements(text, name: nil, keepGoing: keepGoing)
            if result != ExitStatus.ok { status = result }
            if result != ExitStatus.ok, !keepGoing || result == ExitStatus.interrupted {
                return result
            }
            if quitRequested { break }
        }
        return status == ExitStatus.ok ? notifyRun.exitStatus : status
    }

    /// The lines under the banner when the shell starts on the built-in sample.
    public static let sampleGreeting = """
        the built-in sample is synthetic: made-up students in a municipality like Nes, no real person
        try: schools    or: students where days >= 15 order by days desc limit 10

        """

    /// The interactive loop: prompts, continuation lines, history, Ctrl-C and Ctrl-D.
    public func interact(
        reader: LineReader, prompt: String = "tidlig> ", continuation: String = "   ...> "
    ) {
        var assembler = StatementAssembler(name: nil)
        while !quitRequested {
            switch reader.readLine(prompt: assembler.isEmpty ? prompt : continuation) {
            case .endOfFile:
                return
            case .interrupted:
                assembler.reset()
            case .line(let line):
                guard case .ready(let chunk) = assembler.add(line, number: 1) else { continue }
                reader.addHistory(chunk.source.text)
                run(chunk)
            }
        }
    }
}
