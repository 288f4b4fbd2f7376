extension Session {
    /// Runs a query: source, `where`, `order by`, `limit`, all checked before any row is read.
    func select(_ query: Query) throws -> Selection {
        let context = try context(
            asOf: query.asOf, window: query.window.map { ($0.from, $0.to) }, little: query.little)
        let evaluator = Evaluator(context: context)
        var rows = try sourceRows(query.source, context)
        if let filter = query.filter {
            let test = try evaluator.condition(filter)
            var kept: [Int32] = []
            for (n, row) in rows.enumerated() {
                if n & 0xFFFF == 0 { try Cancellation.check() }
                if try test(Int(row)) { kept.append(row) }
            }
            rows = kept
        }
        let matched = rows.count
        if !query.order.isEmpty {
            rows = try order(rows, by: query.order, evaluator, limit: query.limit)
        }
        if let limit = query.limit, rows.count > limit { rows = Array(rows.prefix(limit)) }
        return Selection(rows: rows, context: context, matched: matched)
    }

    private func sourceRows(_ source: QuerySource, _ context: EvaluationContext) throws -> [Int32] {
        switch source {
        case .students:
            return context.data.memberRows()
        case .named(let name, let span):
            if let result = named[name] { return result.rows }
            let words = CommandRegistry.words
            throw Diagnostic(
                "unknown command or result '\(name)'", at: span,
                note: didYouMean(name, in: words + named.keys) ?? "type 'help' to list the commands"
            )
        }
    }

    private func order(_ rows: [Int32], by keys: [OrderKey], _ evaluator: Evaluator, limit: Int?)
        throws -> [Int32]
    {
        let compiled = try keys.map { key throws(Diagnostic) in
            (try evaluator.compile(key.expression), key.descending)
        }
        // Evaluate each key once per row, then sort indexes; ties keep the source order.
        let values = try compiled.map { key in
            try rows.enumerated().map { n, row in
                if n & 0xFFFF == 0 { try Cancellation.check() }
                return try key.0.evaluate(Int(row))
            }
        }
        let before = { (a: Int, b: Int) -> Bool in
            for (k, key) in compiled.enumerated() {
                let x = values[k][a], y = values[k][b]
                if x == .null || y == .null {
                    if x == y { continue }
                    return y == .null  // nulls last either way
                }
                guard let c = Value.compare(x, y), c != 0 else { continue }
                return key.1 ? c > 0 : c < 0
            }
            return a < b
        }
        if let limit, limit < rows.count / 4 {
            return TopK.select(count: rows.count, limit: limit, by: before).map { rows[$0] }
        }
        return rows.indices.sorted(by: before).map { rows[$0] }
    }
}

/// The first `limit` of `count` indexes under an order, without sorting them all (a bounded heap).
enum TopK {
    static func select(count: Int, limit: Int, by before: (Int, Int) -> Bool) -> [Int] {
        guard limit > 0 else { return [] }
        // A max-heap (by `before`) of the best `limit` so far: the root is the worst kept.
        var heap: [Int] = []
        heap.reserveCapacity(limit)
        for index in 0..<count {
            if heap.count < limit {
                heap.append(index)
                siftUp(&heap, heap.count - 1, before)
            } else if before(index, heap[0]) {
                heap[0] = index
                siftDown(&heap, 0, before)
            }
        }
        return heap.sorted(by: before)
    }

    private static func siftUp(_ heap: inout [Int], _ start: Int, _ before: (Int, Int) -> Bool) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard before(heap[parent], heap[child]) else { return }
            heap.swapAt(parent, child)
            child = parent
        }
    }

    private static func siftDown(_ heap: inout [Int], _ start: Int, _ before: (Int, Int) -> Bool) {
        var parent = start
        while true {
            let left = 2 * parent + 1, right = left + 1
            var worst = parent
            if left < heap.count, before(heap[worst], heap[left]) { worst = left }
            if right < heap.count, before(heap[worst], heap[right]) { worst = right }
            if worst == parent { return }
            heap.swapAt(parent, worst)
            parent = worst
        }
    }
}
