extension Parser {
    // selection -> [ 'for' source clauses ]          (clauses: where, as of)
    /// The students a simulation reports on, if a `for` names them.
    mutating func forSelection() throws(ParseFailure) -> Query? {
        guard try accept("for") != nil else { return nil }
        return try query([], stopAt: ["assume"])
    }

    // assumption -> [ 'assume' 'involvement' 'reduces' 'absence' 'by' NUMBER '%' ]
    /// The stated effect of an involvement, if the analyst assumes one.
    mutating func assumption() throws(ParseFailure) -> EffectAssumption? {
        guard try accept("assume") != nil else { return nil }
        for word in ["involvement", "reduces", "absence", "by"] { try expect(word) }
        let (percent, span) = try number("a percentage")
        guard percent > 0, percent <= 100 else {
            throw .invalid(
                Diagnostic("the reduction is a percentage above 0 and at most 100", at: span))
        }
        try expectSymbol("%")
        return EffectAssumption(percent: percent)
    }
}
