// A tiny program that drives EditLineReader, for the pseudo-terminal tests and for trying line
// editing by hand. It echoes each line as "got: <line>" and prints "interrupted" on Ctrl-C.
// A line ending in "\" continues the statement under "   ...> "; the whole statement is one
// history entry. "wait" runs for up to 10 s and prints "cancelled" if Ctrl-C stops it.
import Glibc
import LineEditing
import TidligCore

/// Completes the last word of the line from a fixed list.
final class FixedWords: CompletionSource {
    let words = ["schools", "set", "show", "students"]

    func complete(_ lineBeforeCursor: String) -> Completion {
        let word =
            lineBeforeCursor.split(separator: " ", omittingEmptySubsequences: false).last.map(
                String.init) ?? ""
        return Completion(word: word, candidates: words.filter { $0.hasPrefix(word) })
    }
}

let reader = EditLineReader(
    historyPath: getenv("TIDLIG_HISTORY").map { String(cString: $0) },
    completion: FixedWords())
var pending: [String] = []
loop: while true {
    switch reader.readLine(prompt: pending.isEmpty ? "probe> " : "   ...> ") {
    case .line(let text):
        print("got: \(text)")
        pending.append(text)
        if text.hasSuffix("\\") { continue }
        reader.addHistory(pending.joined(separator: "\n"))
        pending = []
        if text == "wait" {
            Cancellation.reset()
            var ticks = 0
            while !Cancellation.isRequested && ticks < 1000 { usleep(10_000); ticks += 1 }
            print(Cancellation.isRequested ? "cancelled" : "done")
        }
    case .interrupted:
        print("interrupted")
        pending = []
    case .endOfFile:
        break loop
    }
}
exit(0)
