/// Paths of the test fixtures and transcripts, found from this file's location.
enum TestPaths {
    static let tests: String = {
        let file = #filePath
        let directory = file[..<file.lastIndex(of: "/")!]
        return String(directory[..<directory.lastIndex(of: "/")!])
    }()
    static let fixtures = tests + "/Fixtures"
    static let transcripts = tests + "/Transcripts"
    static let packageRoot = String(tests[..<tests.lastIndex(of: "/")!])
}
