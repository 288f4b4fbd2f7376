@testable import TidligCore

/// Two loaded models compared field by field through `Mirror`, so a column added to the model
/// later is compared too without this file knowing it (a join that forgets it fails here).
enum ModelComparison {
    /// The paths where `a` and `b` differ ("students.birthYear", "absence.date", ...), and every
    /// path compared; `source` is left out (the file's name).
    static func differences(_ a: DataSet, _ b: DataSet) -> (differ: [String], compared: Set<String>)
    {
        var differ: [String] = []
        var compared: Set<String> = []
        walk(a, b, path: "", differ: &differ, compared: &compared)
        return (differ, compared)
    }

    private static func walk(
        _ a: Any, _ b: Any, path: String, differ: inout [String], compared: inout Set<String>
    ) {
        if path == "source" { return }
        if let equal = a as? any Equatable {
            compared.insert(path)
            if !equal.isEqual(to: b) { differ.append(path) }
            return
        }
        let left = Mirror(reflecting: a), right = Mirror(reflecting: b)
        var leftChildren = Array(left.children), rightChildren = Array(right.children)
        if left.displayStyle == .dictionary || left.displayStyle == .set {
            // Hash order differs from one dictionary to another: compare by key.
            func key(_ child: Mirror.Child) -> String {
                String(
                    describing: Mirror(reflecting: child.value).children.first?.value ?? child.value
                )
            }
            leftChildren.sort { key($0) < key($1) }
            rightChildren.sort { key($0) < key($1) }
        }
        guard leftChildren.count == rightChildren.count else {
            differ.append(path + " (count)")
            return
        }
        guard !leftChildren.isEmpty else {
            compared.insert(path)
            if String(describing: a) != String(describing: b) { differ.append(path) }
            return
        }
        for (index, (x, y)) in zip(leftChildren, rightChildren).enumerated() {
            let name = x.label ?? "[\(index)]"
            walk(
                x.value, y.value, path: path.isEmpty ? name : path + "." + name, differ: &differ,
                compared: &compared)
        }
    }
}

extension Equatable {
    fileprivate func isEqual(to other: Any) -> Bool { (other as? Self).map { $0 == self } ?? false }
}
