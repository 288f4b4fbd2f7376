/// The students a query selected, in order, with the context they were evaluated in.
public struct Selection {
    public var rows: [Int32]
    public var context: EvaluationContext
    /// How many matched before `limit` cut them.
    public var matched: Int

    /// "3 of 28 students" when a limit cut the list, else "28 students".
    public var countText: String { studentCount(rows.count, of: matched) }
}

/// "3 of 28 students" when `shown` is less than `matched`, else "28 students".
func studentCount(_ shown: Int, of matched: Int) -> String {
    let noun = matched == 1 ? "student" : "students"
    return shown < matched ? "\(shown) of \(matched) \(noun)" : "\(matched) \(noun)"
}
