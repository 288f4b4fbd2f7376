import Foundation
import Testing

/// The floor plan of TidligCore (docs/ARCHITECTURE.md): each folder of `Sources/TidligCore` is a
/// room, and a room uses only the rooms below it. This test reads the sources, collects the
/// types (and top-level functions) each room declares, and fails on any use of a name declared
/// in a higher room, and on a command file that uses another command.
///
/// It is a check of names, not of the compiler's symbol graph: members added by an extension
/// (`DataSet.audit` declared in Analysis) are not followed, and two rooms may not declare the same
/// name. That is enough to keep the direction of use, and costs no extra targets or build time.
@Suite struct LayerTests {
    /// The rooms, lowest first.
    static let rooms = [
        "Support", "Model", "Diagnostics", "Loading", "Generate", "Import", "Analysis",
        "Language", "Output", "Simulation", "Notify", "Session",
    ]

    /// One use of a higher room's name: `Analysis/AuditTable.swift uses Selection (Language)`.
    struct Violation: CustomStringConvertible, Equatable {
        var file: String, name: String, room: String
        var description: String { "\(file) uses \(name) (\(room))" }
    }

    /// Declared names per room, and the violations, for `files` (path inside TidligCore → text).
    static func check(_ files: [String: String], rooms: [String]) -> (
        unknownRooms: Set<String>, violations: [Violation]
    ) {
        var owner: [String: String] = [:]
        var functions: Set<String> = []
        var unknown: Set<String> = []
        let declaration =
            /(?m)^(?:@\w+\s+)*(?:(?:public|internal|private|fileprivate|package|final|indirect|nonisolated)\s+)*(?:struct|enum|class|protocol|typealias|actor)\s+([A-Za-z_]\w*)/
        let function =
            /(?m)^(?:@\w+\s+)*(?:(?:public|internal|private|fileprivate|package)\s+)?func\s+([A-Za-z_]\w*)/
        for (path, text) in files.sorted(by: { $0.key < $1.key }) {
            let room = String(path.split(separator: "/")[0])
            guard rooms.contains(room) else { unknown.insert(room); continue }
            for match in text.matches(of: declaration) {
                owner[String(match.1)] = owner[String(match.1)] ?? room
            }
            for match in text.matches(of: function) where owner[String(match.1)] == nil {
                owner[String(match.1)] = room
                functions.insert(String(match.1))
            }
        }
        var violations: [Violation] = []
        for (path, text) in files.sorted(by: { $0.key < $1.key }) {
            let room = String(path.split(separator: "/")[0])
            guard let level = rooms.firstIndex(of: room) else { continue }
            let ownCommand =
                path.hasPrefix("Session/Commands/")
                ? String(path.split(separator: "/").last!.prefix { $0 != "." && $0 != "+" }) : nil
            var seen: Set<String> = []
            for (word, isCall) in identifiers(in: text) where seen.insert(word).inserted || isCall {
                // A top-level function counts where it is called, not where a member shares its name.
                if functions.contains(word), !isCall { seen.remove(word); continue }
                var found: Violation?
                if let other = owner[word], let otherLevel = rooms.firstIndex(of: other),
                    otherLevel > level
                {
                    found = Violation(file: path, name: word, room: other)
                }
                if let ownCommand, word.hasSuffix("Command"), word != "Command", word != ownCommand,
                    owner[word] == "Session"
                {
                    found = Violation(file: path, name: word, room: "another command")
                }
                if let found, !violations.contains(found) { violations.append(found) }
            }
        }
        return (unknown, violations)
    }

    /// The identifiers of Swift source, outside comments and string literals (interpolations
    /// inside strings are skipped too: they hold values, not new uses of a room).
    static func identifiers(in text: String) -> [(String, isCall: Bool)] {
        var words: [(String, isCall: Bool)] = []
        let bytes = Array(text.utf8)
        var i = 0
        func isStart(_ b: UInt8) -> Bool { b == 0x5F || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A) }
        func isPart(_ b: UInt8) -> Bool { isStart(b) || (b >= 0x30 && b <= 0x39) }
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x2F, i + 1 < bytes.count, bytes[i + 1] == 0x2F {  // line comment
                while i < bytes.count, bytes[i] != 0x0A { i += 1 }
            } else if b == 0x2F, i + 1 < bytes.count, bytes[i + 1] == 0x2A {  // block comment
                i += 2
                while i + 1 < bytes.count, !(bytes[i] == 0x2A && bytes[i + 1] == 0x2F) { i += 1 }
                i += 2
            } else if b == 0x22 {  // a string, or a """ block
                let triple = i + 2 < bytes.count && bytes[i + 1] == 0x22 && bytes[i + 2] == 0x22
                i += triple ? 3 : 1
                while i < bytes.count {
                    if bytes[i] == 0x5C { i += 2; continue }
                    if triple, i + 2 < bytes.count, bytes[i] == 0x22, bytes[i + 1] == 0x22,
                        bytes[i + 2] == 0x22
                    {
                        i += 3; break
                    }
                    if !triple, bytes[i] == 0x22 || bytes[i] == 0x0A { i += 1; break }
                    i += 1
                }
            } else if isStart(b), i == 0 || !isPart(bytes[i - 1]) && bytes[i - 1] != 0x2E {
                var j = i
                while j < bytes.count, isPart(bytes[j]) { j += 1 }
                words.append(
                    (
                        String(decoding: bytes[i..<j], as: UTF8.self),
                        j < bytes.count && bytes[j] == 0x28
                    ))
                i = j
            } else {
                i += 1
            }
        }
        return words
    }

    static func sources() throws -> [String: String] {
        let root = TestPaths.packageRoot + "/Sources/TidligCore/"
        var files: [String: String] = [:]
        let enumerator = try #require(FileManager.default.enumerator(atPath: root))
        for case let path as String in enumerator where path.hasSuffix(".swift") {
            files[path] = try String(contentsOfFile: root + path, encoding: .utf8)
        }
        return files
    }

    @Test func noRoomUsesAHigherOne() throws {
        let files = try LayerTests.sources()
        #expect(files.count > 50)
        let (unknown, violations) = LayerTests.check(files, rooms: LayerTests.rooms)
        #expect(
            unknown.isEmpty,
            "folders not placed in LayerTests.rooms (and docs/ARCHITECTURE.md): \(unknown.sorted())"
        )
        #expect(
            violations.isEmpty,
            "uses against the floor plan:\n\(violations.map(\.description).joined(separator: "\n"))"
        )
    }

    @Test func theCheckFindsAnUpwardUseAndACommandCallingACommand() {
        let files = [
            "Model/Day.swift": "public struct Day { var n: Int }\nfunc helper() {}",
            "Language/Parser.swift":
                "/// Uses Day.\nstruct Parser { let d: Day; let s = \"Selection\" }",
            "Language/Selection.swift": "public struct Selection { let p: Parser }",
            "Model/Bad.swift":
                "extension Day { func f(_ s: Selection) {} }  // Parser in a comment",
            "Session/Commands/ListCommand.swift": "struct ListCommand {}",
            "Session/Commands/ReportCommand.swift":
                "struct ReportCommand { let l = ListCommand() }",
            "Session/Commands/AuditCommand+Run.swift":
                "extension AuditCommand { func f() { helper() } }",
            "Session/Commands/AuditCommand.swift": "struct AuditCommand {}",
            "Attic/Old.swift": "struct Old {}",
        ]
        let (unknown, violations) = LayerTests.check(files, rooms: LayerTests.rooms)
        #expect(unknown == ["Attic"])
        #expect(
            violations == [
                Violation(file: "Model/Bad.swift", name: "Selection", room: "Language"),
                Violation(
                    file: "Session/Commands/ReportCommand.swift", name: "ListCommand",
                    room: "another command"),
            ])
    }
}
