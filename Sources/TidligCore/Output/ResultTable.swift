/// A command's result: named columns of values, rendered as a table, CSV, JSON or Markdown.
public struct ResultTable: Sendable {
    /// One column: its heading and how its numbers are shown.
    public struct Column: Sendable {
        public var name: String
        /// Digits after the decimal point for `.number` values.
        public var decimals: Int
        /// Right-aligned (numbers) or left-aligned (text).
        public var rightAligned: Bool

        public init(_ name: String, decimals: Int = 1, rightAligned: Bool = false) {
            self.name = name
            self.decimals = decimals
            self.rightAligned = rightAligned
        }

        /// A numeric column.
        public static func number(_ name: String, decimals: Int = 1) -> Column {
            Column(name, decimals: decimals, rightAligned: true)
        }
    }

    /// Rows made one at a time while they are written, so that a long listing is never held
    /// whole in memory: `make(i)` is row `i` of `count`.
    public struct RowSource: @unchecked Sendable {
        public var count: Int
        public var make: (Int) -> [Value]
        public init(count: Int, make: @escaping (Int) -> [Value]) {
            self.count = count
            self.make = make
        }
    }

    public var columns: [Column]
    public var rows: [[Value]]
    /// When set, the rows come from here instead of `rows`.
    public var source: RowSource?
    /// Summary rows (e.g. Table 1's total), set apart in a terminal table.
    public var footer: [[Value]] = []
    /// Lines printed under a terminal or Markdown table (not in CSV or JSON).
    public var notes: [String] = []

    public init(
        columns: [Column], rows: [[Value]] = [], footer: [[Value]] = [], notes: [String] = []
    ) {
        self.columns = columns
        self.rows = rows
        self.footer = footer
        self.notes = notes
    }

    /// The number of data rows.
    public var rowCount: Int { source?.count ?? rows.count }

    /// Data row `i`.
    public func row(_ i: Int) -> [Value] { source.map { $0.make(i) } ?? rows[i] }

    /// The text of one cell as every format shows it (JSON keeps numbers as numbers).
    public func text(_ value: Value, column: Int) -> String {
        switch value {
        case .int(let v): String(v)
        case .number(let v): formatDecimal(v, places: columns[column].decimals)
        case .string(let s): s
        case .date(let d): d.description
        case .bool(let b): b ? "yes" : "no"
        case .null: ""
        }
    }
}

/// `x` rounded half away from zero to `places` decimals, as text: `formatDecimal(11.65, places: 1)` is `11.7`.
///
/// A tiny nudge counters binary representation (11.65 is stored as 11.6499…), so that the
/// figure agrees with one worked out by hand.
public func formatDecimal(_ x: Double, places: Int) -> String {
    guard x.isFinite else { return "" }
    var scale = 1.0
    for _ in 0..<places { scale *= 10 }
    let nudged = x * scale + (x >= 0 ? 1e-7 : -1e-7)
    // Past what 64 bits hold (1e19 and more), Swift's own shortest form: "1e+22".
    guard nudged.magnitude < 9.2e18 else { return "\(x)" }
    let scaled = Int64(nudged.rounded(.toNearestOrAwayFromZero))
    let negative = scaled < 0
    let magnitude = negative ? -scaled : scaled
    var digits = String(magnitude)
    if places > 0 {
        while digits.count <= places { digits = "0" + digits }
        digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -places))
    }
    return (negative && magnitude != 0 ? "-" : "") + digits
}
