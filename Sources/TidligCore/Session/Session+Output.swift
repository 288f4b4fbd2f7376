#if canImport(Glibc)
    import Glibc
#endif

/// A sink for one statement's results that must be finished after it (a pager).
public protocol StatementOutput: OutputSink {
    /// Called once the statement has written everything.
    func finish()
}

extension Session {
    /// Runs `command` with its results written to the file `into` names, in the format its
    /// extension asks for (`.csv`, `.json`, `.md`, `.txt`; else the format in force). The file
    /// is written whole or not at all, mode 0600; diagnostics still reach the screen.
    func run(_ command: any Command, into token: Token) throws {
        let path = ResultFile.path(token.text, base: baseDirectory)
        try ResultFile.checkWritable(path, at: token.span)
        let saved = output, savedFormat = settings.format
        var written = 0
        do {
            try SecureFile.write(path: path) { put in
                try withoutActuallyEscaping(put) { put in
                    let sink = FileResultSink(errors: saved, put: put)
                    output = sink
                    if let format = OutputFormat.forFile(path) { settings.format = format }
                    defer { output = saved; settings.format = savedFormat }
                    try command.run(in: self)
                    if let failure = sink.failure { throw failure }
                    written = sink.bytes
                }
            }
        } catch let failure as SecureFile.Failure {
            throw SessionError.io(failure.description)
        }
        saved.writeError("wrote \(token.text): \(written) bytes\n")
        lastWrittenFile = path
    }

    /// `set output FILE`: every result from now on goes to FILE (emptied, mode 0600) until
    /// `set output stdout`.
    func redirectOutput(to path: String?, at span: SourceSpan?) throws {
        let screen = resultScreen ?? output
        if let file = outputFile {
            close(file)
            outputFile = nil
        }
        output = screen
        resultScreen = nil
        guard let path else { return }
        let fd = try ResultFile.open(ResultFile.path(path, base: baseDirectory), at: span)
        outputFile = fd
        resultScreen = screen
        output = FileResultSink(errors: screen) { chunk in try SecureFile.writeAll(fd, chunk) }
    }
}
