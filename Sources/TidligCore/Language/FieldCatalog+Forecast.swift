extension FieldCatalog {
    /// `forecast(15, 4 weeks)` and `projected(15)`.
    static let forecast: [FieldDefinition] = [
        FieldDefinition(
            "forecast", .bool,
            "below N days and on track to reach them within W school weeks (or by a date) at the recent rate",
            parameters: [.count("days", default: .threshold), .horizon("weeks or date")]
        ) { a, c in
            let threshold = a[0].number, horizon = a[1].horizon
            return {
                .bool(c.data.onTrack(row: $0, threshold: threshold, horizon: horizon, asOf: c.asOf))
            }
        },
        FieldDefinition(
            "projected", .date,
            "projected date of reaching N days at the recent rate (the crossing if reached); null if not this year",
            parameters: [.count("days", default: .threshold)]
        ) { a, c in
            {
                c.data.projection(row: $0, threshold: a[0].number, asOf: c.asOf).date.map(
                    Value.date) ?? .null
            }
        },
    ]
}
