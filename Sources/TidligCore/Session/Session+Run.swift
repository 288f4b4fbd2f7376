extension Session {
    /// Runs the statements of `source` (one, or several separated by `;`) in order. Stops at
    /// the first failure unless `keepGoing`, and at Ctrl-C; returns the exit status the
    /// failure deserves (the first, or with `keepGoing` the last), or nil when all succeeded.
    ///
    /// `source` names where it came from, for diagnostics (`weekly.tidlig`, line 2).
    @discardableResult
    public func execute(_ source: SourceFile, keepGoing: Bool = false) -> Int32? {
        var failure: Int32?
        for range in StatementSplitter.ranges(in: source.text) where !StatementSplitter.isBlank(source.text, range) {
            if let status = execute(source, range) {
                failure = status
                if !keepGoing || status == ExitStatus.interrupted { return status }
            } else if Cancellation.isRequested {
                return ExitStatus.interrupted  // output cut short by Ctrl-C: run nothing more
            }
            if quitRequested { break }
        }
        return failure
    }

    /// Runs the one statement in `range` of `source`.
    private func execute(_ source: SourceFile, _ range: Range<Int>) -> Int32? {
        Cancellation.reset()
        let clock = ContinuousClock()
        let started = clock.now
        defer {
            if settings.timing {
                let elapsed = started.duration(to: clock.now)
                let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
                output.writeError("time: \(formatDecimal(ms, places: 1)) ms\n")
            }
        }
        do {
            let (statement, into) = IntoClause.split(source.text, range)
            let command = try CommandRegistry.parse(source.text, range: statement)
            if let into {
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

    /// True when `text` holds nothing but white space and comments.
    static func isBlank(_ text: String) -> Bool {
        StatementSplitter.ranges(in: text).allSatisfy { StatementSplitter.isBlank(text, $0) }
    }

    /// True when `text` is a statement that needs more lines (an open string, a trailing `and`).
    static func needsMoreInput(_ text: String) -> Bool {
        // Only the last statement can continue: those before it ended at their ';'.
        guard let last = StatementSplitter.ranges(in: text).last, !StatementSplitter.isBlank(text, last) else {
            return false
        }
        do {
            _ = try CommandRegistry.parse(text, range: last)
            return false
        } catch .incomplete {
            return true
        } catch {
            return false
        }
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
        var buffer: [String] = []
        var firstLine = 1
        for (index, line) in lines.enumerated() {
            if buffer.isEmpty { firstLine = index + 1 }
            buffer.append(line)
            let statement = buffer.joined(separator: "\n")
            if Session.isBlank(statement) { buffer = []; continue }
            if index + 1 < lines.count, Session.needsMoreInput(statement) { continue }
            buffer = []
            if let failure = execute(SourceFile(name: name, text: statement, firstLine: firstLine), keepGoing: keepGoing) {
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
            if result != ExitStatus.ok, !keepGoing || result == ExitStatus.interrupted { return result }
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
    public func interact(reader: LineReader, prompt: String = "tidlig> ", continuation: String = "   ...> ") {
        var buffer: [String] = []
        while !quitRequested {
            switch reader.readLine(prompt: buffer.isEmpty ? prompt : continuation) {
            case .endOfFile:
                return
            case .interrupted:
                buffer = []
            case .line(let line):
                buffer.append(line)
                let statement = buffer.joined(separator: "\n")
                if Session.isBlank(statement) { buffer = []; continue }
                if Session.needsMoreInput(statement) { continue }
                buffer = []
                reader.addHistory(statement)
                execute(SourceFile(name: nil, text: statement))
            }
        }
    }
}
