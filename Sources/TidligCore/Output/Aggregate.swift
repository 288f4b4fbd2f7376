/// A figure over a group of students: `count`, `sum(days)`, `avg(hours)`, `median(days)`,
/// `min(percent)`, `max(streak)`.
public struct Aggregate {
    /// What is worked out over the group's values.
    public enum Kind: String, CaseIterable, Sendable {
        case sum, avg, median, min, max
    }

    public var kind: Kind
    /// The column heading, as written: `median(days)`.
    public var heading: String
    /// The value per student; null values are left out of the figure.
    public var value: CompiledExpression

    /// Integer sums, minima and maxima of integer fields stay integers.
    public var isIntegral: Bool { value.type == .int && kind != .avg && kind != .median }

    /// The figure over `rows`; null when no row has a value.
    public func figure(_ rows: [Int32]) throws(Diagnostic) -> Value {
        var values: [Double] = []
        values.reserveCapacity(rows.count)
        for row in rows { if let v = try value.evaluate(Int(row)).double { values.append(v) } }
        guard let result = Aggregate.compute(kind, values) else { return .null }
        return isIntegral ? .int(Int(result)) : .number(result)
    }

    /// The figure over plain numbers; nil for none.
    public static func compute(_ kind: Kind, _ values: [Double]) -> Double? {
        guard !values.isEmpty else { return kind == .sum ? 0 : nil }
        switch kind {
        case .sum: return values.reduce(0, +)
        case .avg: return values.reduce(0, +) / Double(values.count)
        case .min: return values.min()
        case .max: return values.max()
        case .median:
            let sorted = values.sorted()
            let middle = sorted.count / 2
            return sorted.count % 2 == 1
                ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        }
    }
}

/// How students are put into groups: by a field's value, or by bands of a number
/// (`band(days, 0, 5, 15)`: 0-4, 5-14, 15+).
public struct GroupKey {
    /// The column heading, as written.
    public var heading: String
    public var rightAligned: Bool
    /// The group of a student.
    public var value: (Int) throws(Diagnostic) -> Value
    /// Values listed even with no student (every school of the data, every band), in order.
    public var domain: [Value]
    /// Values of the domain left out when no student has them (the band below the first bound).
    public var hiddenWhenEmpty: [Value] = []

    /// Orders groups: the domain's order first, then by value; null last.
    public func precedes(_ a: Value, _ b: Value) -> Bool {
        if a == .null || b == .null { return b == .null && a != .null }
        let i = domain.firstIndex(of: a), j = domain.firstIndex(of: b)
        switch (i, j) {
        case let (i?, j?): return i < j
        case (_?, nil): return true
        case (nil, _?): return false
        default: return (Value.compare(a, b) ?? 0) < 0
        }
    }

    /// Bands between increasing bounds: below the first, each bound to the next, the last and up.
    public static func bands(_ bounds: [Double], integral: Bool) -> (
        labels: [String], index: (Double) -> Int
    ) {
        func text(_ x: Double) -> String {
            x == x.rounded() ? String(Int(x)) : formatDecimal(x, places: 2)
        }
        var labels = ["<" + text(bounds[0])]
        for (k, low) in bounds.enumerated() {
            if k + 1 == bounds.count { labels.append(text(low) + "+"); break }
            let high = bounds[k + 1]
            if integral {
                labels.append(high - 1 == low ? text(low) : "\(text(low))-\(text(high - 1))")
            } else {
                labels.append("\(text(low)) to <\(text(high))")
            }
        }
        let index = { (x: Double) -> Int in
            var k = 0
            while k < bounds.count, x >= bounds[k] { k += 1 }
            return k
        }
        return (labels, index)
    }
}
