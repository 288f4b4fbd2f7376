/// The columns of one export file, found by their headers (case and surrounding spaces ignored).
struct HeaderMap {
    let file: String
    let headerLine: Int
    /// Column key -> field index; keys of optional columns the file lacks are absent.
    private var indexes: [String: Int] = [:]

    /// Matches `row` (the header) against the layout's columns of `table`.
    ///
    /// A required column that is missing is an error naming the header it looked for, with a
    /// did-you-mean among the file's headers (headers are not personal data).
    init(
        header row: ExportRow, table: ImportLayout.Table, layout: ImportLayout, file: String,
        mappingName: String?
    ) throws(ImportFailure) {
        self.file = file
        headerLine = row.line
        let headers = (0..<row.count).map { HeaderMap.normalize(row.string($0)) }
        for column in layout.columns[table]! {
            if let index = column.headers.lazy.compactMap({
                headers.firstIndex(of: HeaderMap.normalize($0))
            }).first {
                indexes[column.key] = index
                continue
            }
            guard column.required else { continue }
            let shown = (0..<row.count).map { row.string($0) }.filter { !$0.isEmpty }
            let wanted = column.headers.map { "'\($0)'" }.joined(separator: " or ")
            let hint = column.headers.lazy.compactMap { importDidYouMean($0, in: shown) }.first
            var note = hint ?? "the columns are: \(shown.joined(separator: ", "))"
            if let line = column.mappingLine, let mappingName {
                note += "; the column is named at \(mappingName):\(line)"
            } else if mappingName == nil {
                note += "; a mapping file (--mapping) names other headers"
            }
            throw ImportFailure(
                file: file, line: row.line, message: "no column \(wanted) (\(column.meaning))",
                note: note)
        }
    }

    /// The field index of the column, if the file has it.
    subscript(key: String) -> Int? { indexes[key] }

    /// The field index of a required column (the initializer made sure it exists).
    func required(_ key: String) -> Int { indexes[key]! }

    /// Lower case, surrounding spaces (and a stray byte-order mark) gone, inner spaces single.
    static func normalize(_ text: String) -> String {
        text.lowercased().split(whereSeparator: {
            $0 == " " || $0 == "\t" || $0 == "\u{00A0}" || $0 == "\u{FEFF}"
        })
        .joined(separator: " ")
    }
}

/// A code column's meanings, matched case- and space-insensitively, with a small memo of the
/// exact bytes seen so that 30 million rows cost a few byte comparisons each.
struct CodeTable<Meaning> {
    let column: String
    private let entries: [(normalized: String, code: String, meaning: Meaning)]
    private var memo: [(bytes: [UInt8], meaning: Meaning, seen: Int)] = []
    /// Exact values met that no code matches, for one error each.
    private(set) var unknown: [String] = []

    init(column: String, codes: [(code: String, meaning: Meaning)]) {
        self.column = column
        entries = codes.map { (HeaderMap.normalize($0.code), $0.code, $0.meaning) }
    }

    /// The meaning of `bytes`, or nil for a code the table does not know.
    mutating func lookup(_ bytes: ArraySlice<UInt8>) -> Meaning? {
        for index in memo.indices where memo[index].bytes.elementsEqual(bytes) {
            memo[index].seen += 1
            return memo[index].meaning
        }
        let normalized = HeaderMap.normalize(String(decoding: bytes, as: UTF8.self))
        guard let entry = entries.first(where: { $0.normalized == normalized }) else { return nil }
        memo.append((Array(bytes), entry.meaning, 1))
        return entry.meaning
    }

    /// Adds the values another reader of the same column met after this one's.
    mutating func merge(_ later: CodeTable) {
        for entry in later.memo {
            if let index = memo.firstIndex(where: { $0.bytes == entry.bytes }) {
                memo[index].seen += entry.seen
            } else {
                memo.append(entry)
            }
        }
    }

    /// Each value met, as written, with how many rows had it (for the dry run).
    var seen: [(value: String, rows: Int)] {
        memo.map { (String(decoding: $0.bytes, as: UTF8.self), $0.seen) }
    }

    /// The error for a value no code matches: quoted (a code is not personal data) unless it
    /// holds a run of digits, with a did-you-mean among the codes.
    func failure(_ bytes: ArraySlice<UInt8>, file: String, line: Int, mappingName: String?)
        -> ImportFailure
    {
        let value = String(decoding: bytes, as: UTF8.self)
        var digits = 0, longest = 0
        for b in bytes {
            digits = (b >= 0x30 && b <= 0x39) ? digits + 1 : 0; longest = max(longest, digits)
        }
        let shown = longest >= 4 || value.count > 40 ? "a value" : "'\(value)'"
        let codes = entries.map(\.code).filter { !$0.isEmpty }
        let hint = longest >= 4 ? nil : importDidYouMean(value, in: codes)
        let list = codes.map { "'\($0)'" }.joined(separator: ", ")
        let place =
            mappingName.map { "add it to \($0)" }
            ?? "a mapping file (--mapping) can name more codes"
        return ImportFailure(
            file: file, line: line, message: "unknown code \(shown) in column \(column)",
            note: (hint.map { "\($0) " } ?? "") + "the codes are \(list); \(place)")
    }
}

/// "did you mean" for headers and codes of an export: like `didYouMean`, but a swap of two
/// letters counts as one edit, Norwegian letters match their plain spelling (ø ~ o), and a
/// header that shares a long start with the candidate matches (`Fodselsnr`, `Fødselsnummer`).
func importDidYouMean(_ word: String, in candidates: [String]) -> String? {
    func fold(_ text: String) -> [Character] {
        Array(
            HeaderMap.normalize(text).map { c -> Character in
                switch c {
                case "ø": "o"
                case "å": "a"
                case "æ": "e"
                default: c
                }
            })
    }
    let a = fold(word)
    guard !a.isEmpty else { return nil }
    var best: (String, Int)?
    for candidate in candidates {
        let b = fold(candidate)
        guard !b.isEmpty else { continue }
        var distance = restrictedEditDistance(a, b)
        let shared = zip(a, b).prefix { $0 == $1 }.count
        if shared >= 5, shared * 2 >= min(a.count, b.count) { distance = min(distance, 1) }
        let limit = a.count <= 3 ? 1 : (a.count <= 8 ? 2 : 3)
        if distance <= limit, distance < (best?.1 ?? Int.max) { best = (candidate, distance) }
    }
    return best.map { "did you mean '\($0.0)'?" }
}

/// Edit distance where swapping two neighbours is one edit (optimal string alignment).
func restrictedEditDistance(_ a: [Character], _ b: [Character]) -> Int {
    var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in 0...a.count { d[i][0] = i }
    for j in 0...b.count { d[0][j] = j }
    for i in stride(from: 1, through: a.count, by: 1) {
        for j in stride(from: 1, through: b.count, by: 1) {
            d[i][j] = min(
                d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
            }
        }
    }
    return d[a.count][b.count]
}
