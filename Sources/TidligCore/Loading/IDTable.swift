/// Ids of schools or services, looked up by their bytes in the file without making a String.
///
/// Open addressing over an FNV-1a hash; built once from the ids a file lists.
struct IDTable {
    private(set) var ids: [String] = []
    private var slots: [Int32] = []
    private var mask = 0
    /// The ids' bytes back to back; id i is `arena[starts[i] ..< starts[i + 1]]`.
    private var arena: [UInt8] = []
    private var starts: [Int] = [0]

    init() {}

    /// A table of `ids`; `duplicate` is the index of the first id that repeats an earlier one.
    init(_ ids: [String], duplicate: inout Int?) {
        self.ids = ids
        var size = 8
        while size < ids.count * 2 { size *= 2 }
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
        for id in ids {
            arena.append(contentsOf: id.utf8)
            starts.append(arena.count)
        }
        for (index, id) in ids.enumerated() {
            var copy = id
            let found = copy.withUTF8 { probe($0) }
            if found.index >= 0 {
                if duplicate == nil { duplicate = index }
                continue
            }
            slots[found.slot] = Int32(index)
        }
    }

    /// The index of the id spelled by `bytes`, if listed.
    @inline(__always) func lookup(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !slots.isEmpty else { return nil }
        let index = probe(bytes).index
        return index >= 0 ? index : nil
    }

    /// The index of `bytes` (or -1) and the slot where the search ended.
    @inline(__always) private func probe(_ bytes: UnsafeBufferPointer<UInt8>) -> (
        index: Int, slot: Int
    ) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let index = Int(slots[slot])
            if index < 0 { return (-1, slot) }
            if matches(index, bytes) { return (index, slot) }
            slot = (slot + 1) & mask
        }
    }

    @inline(__always) private func matches(_ index: Int, _ bytes: UnsafeBufferPointer<UInt8>)
        -> Bool
    {
        let start = starts[index]
        guard starts[index + 1] - start == bytes.count else { return false }
        return arena.withUnsafeBufferPointer { stored in
            for offset in 0..<bytes.count where stored[start + offset] != bytes[offset] {
                return false
            }
            return true
        }
    }

    /// The listed id closest to `id`, for "did you mean".
    func suggestion(for id: String) -> String? { closestMatch(to: id, in: ids) }

    /// "the schools are "a", "b", "c""; at most 10 named.
    func listing(_ noun: String) -> String {
        if ids.isEmpty { return "the file lists no \(noun)" }
        let named = ids.prefix(10).map { "\"\($0)\"" }.joined(separator: ", ")
        let more = ids.count > 10 ? " and \(ids.count - 10) more" : ""
        return "the \(noun) are \(named)\(more)"
    }
}
