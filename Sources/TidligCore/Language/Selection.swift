/// The students a query selected, in order, with the context they were evaluated in.
public struct Selection {
    public var rows: [Int32]
    public var context: EvaluationContext
}
