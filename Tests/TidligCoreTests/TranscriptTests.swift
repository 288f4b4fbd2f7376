#if canImport(Glibc)
    import Glibc
#endif
import Testing
import TidligCore
import TidligTestSupport

/// Runs every `Tests/Transcripts/*.tidlig` session and diffs its output line by line.
///
/// `TIDLIG_RECORD=1 swift test` rewrites the transcripts with the actual output; a run that
/// re-recorded fails, so a recording is always looked at before it is committed.
@Suite struct TranscriptTests {
    static let files: [String] = {
        guard let dir = opendir(TestPaths.transcripts) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            var tuple = entry.pointee.d_name
            let name = withUnsafePointer(to: &tuple) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name.hasSuffix(".tidlig") { names.append(name) }
        }
        return names.sorted()
    }()

    @Test func transcriptsExist() {
        #expect(TranscriptTests.files.count >= 5)
    }

    @Test(arguments: TranscriptTests.files)
    func transcript(_ name: String) throws {
        let path = TestPaths.transcripts + "/" + name
        let text = try #require(readText(path))
        let transcript = Transcript(text: text)
        #expect(!transcript.steps.isEmpty, "\(name) has no statements")
        let actual = transcript.run(baseDirectory: TestPaths.fixtures)
        if getenv("TIDLIG_RECORD") != nil {
            let recorded = transcript.recorded(actual)
            if recorded != text {
                try SecureFile.write(path: path, text: recorded)
                Issue.record("re-recorded \(name); review the diff and run again")
            }
            return
        }
        for difference in transcript.differences(actual, file: name) {
            Issue.record(Comment(rawValue: difference))
        }
    }
}

/// A file's text, or nil.
func readText(_ path: String) -> String? {
    guard let file = fopen(path, "r") else { return nil }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let count = fread(&buffer, 1, buffer.count, file)
        if count <= 0 { break }
        bytes += buffer[0..<count]
    }
    return String(decoding: bytes, as: UTF8.self)
}
