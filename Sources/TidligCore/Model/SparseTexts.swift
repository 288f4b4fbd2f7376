/// Free texts on a few rows of a column (absence reasons, document texts), stored sparsely and
/// interned: a sorted key array, a text number per key, and each distinct text once.
///
/// A million students' reasons are mostly a handful of words ("sykdom", "lege"), so this takes
/// a few bytes per text instead of a dictionary entry and a String each.
public struct SparseTexts: Sendable, Equatable {
    /// Row numbers that have a text, in increasing order.
    public private(set) var keys: [Int32] = []
    private var numbers: [UInt32] = []
    /// The distinct texts.
    public private(set) var texts: [String] = []
    private var lookup: [String: UInt32] = [:]

    public init() {}

    /// The number of rows with a text.
    public var count: Int { keys.count }

    /// Adds `pairs` (row, text) for rows beyond every row added so far, in any order among themselves.
    public mutating func append(contentsOf pairs: [(Int32, String)]) {
        for (key, text) in pairs.sorted(by: { $0.0 < $1.0 }) {
            precondition(keys.last.map { $0 < key } ?? true, "SparseTexts keys must increase")
            let number: UInt32
            if let known = lookup[text] {
                number = known
            } else {
                number = UInt32(texts.count)
                texts.append(text)
                lookup[text] = number
            }
            keys.append(key)
            numbers.append(number)
        }
    }

    /// The text of `row`, if it has one.
    public subscript(row: Int32) -> String? {
        var low = 0, high = keys.count
        while low < high {
            let mid = (low + high) / 2
            if keys[mid] < row { low = mid + 1 } else { high = mid }
        }
        return low < keys.count && keys[low] == row ? texts[Int(numbers[low])] : nil
    }

    /// Every (row, text), in row order.
    public var entries: [(Int32, String)] { zip(keys, numbers).map { ($0, texts[Int($1)]) } }

    public static func == (a: SparseTexts, b: SparseTexts) -> Bool {
        a.entries.map(\.0) == b.entries.map(\.0) && a.entries.map(\.1) == b.entries.map(\.1)
    }
}

extension SparseTexts {
    /// The text number of each key (an index into `texts`), for writing a snapshot.
    var numberColumn: [UInt32] { numbers }

    /// Texts read back from a snapshot; nil unless the keys increase, every number names a text
    /// and no text is there twice.
    init?(keys: [Int32], numbers: [UInt32], texts: [String]) {
        guard keys.count == numbers.count else { return nil }
        for k in keys.indices.dropFirst() where keys[k] <= keys[k - 1] { return nil }
        for number in numbers where Int(number) >= texts.count { return nil }
        var lookup: [String: UInt32] = [:]
        lookup.reserveCapacity(texts.count)
        for (number, text) in texts.enumerated() {
            guard lookup.updateValue(UInt32(number), forKey: text) == nil else { return nil }
        }
        (self.keys, self.numbers, self.texts, self.lookup) = (keys, numbers, texts, lookup)
    }
}
