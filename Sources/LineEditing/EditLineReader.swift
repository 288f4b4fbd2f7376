import CLibEdit
import Glibc
import TidligCore

/// Reads lines on a terminal with libedit: emacs keys, history (Up/Down, Ctrl-R), Tab completion.
///
/// Use it only when standard input is a terminal (`Terminal.isInteractive(0)`); otherwise use
/// `PlainLineReader`. While the reader lives, SIGINT sets `Cancellation` instead of killing the
/// process, so Ctrl-C also stops a long-running command. Keep one reader per process: the
/// SIGINT handler serves the newest one.
///
/// ```swift
/// let reader = EditLineReader(historyPath: Terminal.defaultHistoryPath(), completion: nil)
/// if case .line(let text) = reader.readLine(prompt: "tidlig> ") { reader.addHistory(text) }
/// ```
public final class EditLineReader: LineReader {
    private let editLine: OpaquePointer
    private let history: OpaquePointer
    private let historyPath: String?
    private let completion: CompletionSource?
    /// The current prompt, NUL-terminated; libedit reads it through `promptCallback` at any redraw.
    private var prompt: UnsafeMutablePointer<wchar_t>
    private var promptText = ""
    private let interrupt = InterruptSignal()

    /// Opens libedit on standard input/output and loads the history file (a missing file is fine).
    ///
    /// - Parameters:
    ///   - historyPath: where history is loaded from and saved to after each statement; `nil` keeps
    ///     history in memory only.
    ///   - completion: proposes Tab completions; `nil` makes Tab beep.
    public init(historyPath: String?, completion: CompletionSource?) {
        _ = EditLineReader.localeIsSet
        self.historyPath = historyPath
        self.completion = completion
        prompt = .allocate(capacity: 1)
        prompt[0] = 0
        editLine = tidlig_el_init(CommandLine.arguments.first ?? "tidlig")
        history = history_winit()

        tidlig_history_setsize(history, 1000)
        tidlig_history_setunique(history, 1)
        // Only a regular file: a named pipe there would block the start, a device would be read on.
        var status = stat()
        if let historyPath, stat(historyPath, &status) == 0, status.st_mode & S_IFMT == S_IFREG {
            _ = tidlig_history_load(history, historyPath)
        }

        tidlig_el_set_clientdata(editLine, Unmanaged.passUnretained(self).toOpaque())
        tidlig_el_set_prompt(editLine, EditLineReader.promptCallback, 1)
        tidlig_el_set_editor(editLine, "emacs")
        tidlig_el_set_history(editLine, history)
        tidlig_el_set_signal(editLine, 1)
        tidlig_el_set_getcfn(editLine, EditLineReader.readCallback)
        tidlig_el_addfn(
            editLine, "tidlig-complete", "Complete the word before the cursor",
            EditLineReader.completeCallback)
        tidlig_el_bind(editLine, "^I", "tidlig-complete")
        tidlig_el_bind(editLine, "^R", "em-inc-search-prev")
        el_source(editLine, nil)  // ~/.editrc may rebind any of the above
    }

    /// Ends libedit and the history; then `interrupt` restores the previous SIGINT action.
    deinit {
        el_end(editLine)
        history_wend(history)
        prompt.deallocate()
    }

    /// Shows `prompt` and reads one line: `.line` without its newline, `.endOfFile` on Ctrl-D at
    /// an empty line, `.interrupted` on Ctrl-C (the half-typed line is dropped).
    public func readLine(prompt newPrompt: String) -> LineInput {
        setPrompt(newPrompt)
        interrupt.discardPending()
        var count: Int32 = 0
        errno = 0
        guard let wide = el_wgets(editLine, &count) else {
            let interrupted = (count < 0 && errno == EINTR) || interrupt.interruptedRead
            Self.writeOut("\n")  // so what follows starts on a fresh line
            return interrupted ? .interrupted : .endOfFile
        }
        var text = Self.string(from: wide, count: Int(count))
        if text.hasSuffix("\n") { text.removeLast() }
        return .line(text)
    }

    /// Enters `statement` (possibly several lines, one entry) and saves the history file at once.
    public func addHistory(_ statement: String) {
        guard !statement.allSatisfy(\.isWhitespace) else { return }
        Self.withWide(statement) { _ = tidlig_history_enter(history, $0) }
        guard let historyPath else { return }
        Self.makeParentDirectory(of: historyPath)
        Self.append(statement, to: historyPath)
    }

    /// Adds `statement` to the history file as it is now on disk, under a lock, so that two
    /// shells at once keep each other's lines (saving this shell's memory would drop them).
    /// Only over a regular file or a new path (SecureFile's rule): a FIFO would block the open,
    /// a device would be written into.
    static func append(_ statement: String, to historyPath: String) {
        guard let path = try? SecureFile.checkedTarget(historyPath) else { return }
        let lock = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard lock >= 0 else { return }
        defer { close(lock) }
        _ = fchmod(lock, 0o600)  // history may hold student names: owner only
        guard flock(lock, LOCK_EX) == 0 else { return }
        defer { _ = flock(lock, LOCK_UN) }
        guard let merged = history_winit() else { return }
        defer { history_wend(merged) }
        tidlig_history_setsize(merged, 1000)
        tidlig_history_setunique(merged, 1)
        _ = tidlig_history_load(merged, path)
        withWide(statement) { _ = tidlig_history_enter(merged, $0) }
        _ = tidlig_history_save(merged, path)
    }

    // MARK: - Prompt and signals

    private func setPrompt(_ text: String) {
        guard text != promptText else { return }
        let scalars = text.unicodeScalars.map { wchar_t(bitPattern: $0.value) }
        let buffer = UnsafeMutablePointer<wchar_t>.allocate(capacity: scalars.count + 1)
        buffer.initialize(from: scalars, count: scalars.count)
        buffer[scalars.count] = 0
        prompt.deallocate()
        prompt = buffer
        promptText = text
    }

    private static let promptCallback: tidlig_wprompt_fn = { el in
        guard let el, let reader = EditLineReader.reader(of: el) else {
            return EditLineReader.emptyPrompt
        }
        return reader.prompt
    }

    /// Returned only if client data is missing; libedit never writes through it.
    private nonisolated(unsafe) static let emptyPrompt: UnsafeMutablePointer<wchar_t> = {
        let p = UnsafeMutablePointer<wchar_t>.allocate(capacity: 1)
        p[0] = 0
        return p
    }()

    /// libedit's character reader, replaced so that Ctrl-C always ends `el_wgets` (see
    /// `InterruptSignal`); returning -1 with EINTR makes `el_wgets` return NULL, count -1.
    private static let readCallback: tidlig_el_rfunc = { el, out in
        guard let el, let out, let reader = EditLineReader.reader(of: el) else { return -1 }
        return reader.interrupt.readCharacter(from: STDIN_FILENO, into: out)
    }

    private static let localeIsSet: Void = {
        // Without a UTF-8 LC_CTYPE libedit silently drops non-ASCII input such as æøå.
        setlocale(LC_CTYPE, "")
    }()

    // MARK: - Completion

    private static let completeCallback: tidlig_el_fn = { el, _ in
        guard let el, let reader = EditLineReader.reader(of: el) else { return UInt8(CC_ERROR) }
        return UInt8(reader.complete(el))
    }

    private func complete(_ el: OpaquePointer) -> Int32 {
        guard let completion, let info = el_wline(el)?.pointee else { return CC_REFRESH_BEEP }
        let before = Self.string(from: info.buffer, count: info.cursor - info.buffer)
        let result = completion.complete(before)
        let word = result.word
        switch result.candidates.count {
        case 0:
            return CC_REFRESH_BEEP
        case 1:
            let candidate = result.candidates[0]
            replace(word, with: candidate + (candidate.hasSuffix("/") ? "" : " "), in: el)
            return CC_REFRESH
        default:
            let common = Self.commonPrefix(result.candidates)
            if common.unicodeScalars.count > word.unicodeScalars.count {
                replace(word, with: common, in: el)
                return CC_REFRESH
            }
            CompletionList.print(result.candidates)
            return CC_REDISPLAY
        }
    }

    /// Inserts only the missing suffix when `text` extends `word`, else replaces `word` whole.
    private func replace(_ word: String, with text: String, in el: OpaquePointer) {
        var insert = Substring(text)
        if text.hasPrefix(word) {
            insert = insert.dropFirst(word.count)
        } else if !word.isEmpty {
            el_deletestr(el, Int32(word.unicodeScalars.count))
        }
        Self.withWide(String(insert)) { _ = el_winsertstr(el, $0) }
    }

    static func commonPrefix(_ strings: [String]) -> String {
        guard var prefix = strings.first?.unicodeScalars[...] else { return "" }
        for string in strings.dropFirst() {
            let scalars = string.unicodeScalars
            let shared = zip(prefix, scalars).prefix { $0 == $1 }.count
            prefix = prefix.prefix(shared)
        }
        return String(String.UnicodeScalarView(prefix))
    }

    // MARK: - Helpers

    private static func reader(of el: OpaquePointer) -> EditLineReader? {
        guard let data = tidlig_el_get_clientdata(el) else { return nil }
        return Unmanaged<EditLineReader>.fromOpaque(data).takeUnretainedValue()
    }

    static func string(from wide: UnsafePointer<wchar_t>, count: Int) -> String {
        var scalars = String.UnicodeScalarView()
        for i in 0..<max(count, 0) {
            if let scalar = Unicode.Scalar(UInt32(bitPattern: wide[i])) { scalars.append(scalar) }
        }
        return String(scalars)
    }

    private static func withWide<R>(_ text: String, _ body: (UnsafePointer<wchar_t>) -> R) -> R {
        let wide = text.unicodeScalars.map { wchar_t(bitPattern: $0.value) } + [0]
        return wide.withUnsafeBufferPointer { body($0.baseAddress!) }
    }

    static func writeOut(_ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes {
                write(STDOUT_FILENO, $0.baseAddress! + offset, $0.count - offset)
            }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            offset += n
        }
    }

    private static func makeParentDirectory(of path: String) {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return }
        let parent = String(path[..<slash])
        var info = stat()
        if stat(parent, &info) == 0 { return }
        makeParentDirectory(of: parent)
        mkdir(parent, 0o700)
    }
}
