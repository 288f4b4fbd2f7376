/// Scenarios side by side: per step and service, each scenario's figures and the difference
/// from the first scenario.
enum ComparisonTable {
    /// One scenario's label and figures.
    typealias Scenario = (label: String, figures: [StepFigures])

    static func table(
        _ scenarios: [Scenario], crossed: Int, threshold: Int, end: Day, assume: EffectAssumption?
    ) -> ResultTable {
        var keys: [String] = []
        for scenario in scenarios {
            for f in scenario.figures where !keys.contains(f.key) { keys.append(f.key) }
        }
        var columns: [ResultTable.Column] = [
            .init("step"), .init("scenario"), .number("reached"), .number("Δ reached"),
            .number("median sd"),
            .number("Δ median sd"), .number("absence waiting"), .number("Δ absence waiting"),
        ]
        if assume != nil { columns += [.number("avoided (assumed)"), .number("Δ avoided")] }
        var rows: [[Value]] = []
        for key in keys {
            let first = scenarios[0].figures.first { $0.key == key }
            for (index, scenario) in scenarios.enumerated() {
                guard let f = scenario.figures.first(where: { $0.key == key }) else {
                    rows.append(
                        [.string(key), .string(scenario.label)]
                            + Array(repeating: .null, count: columns.count - 2))
                    continue
                }
                let base = index == 0 ? nil : first
                var row: [Value] = [
                    .string(key), .string(scenario.label), .int(f.reached),
                    difference(f.reached, base?.reached),
                    SimulationTables.median(f.schoolDays),
                    difference(
                        Statistics.median(f.schoolDays),
                        base.flatMap { Statistics.median($0.schoolDays) }),
                    .int(f.absenceWaiting), difference(f.absenceWaiting, base?.absenceWaiting),
                ]
                if assume != nil {
                    row += [
                        f.avoided.map(Value.number) ?? .null, difference(f.avoided, base?.avoided),
                    ]
                }
                rows.append(row)
            }
        }
        var notes = [
            "\(crossed) student\(crossed == 1 ? "" : "s") crossed \(threshold) days by \(end) (the yardstick); Δ: against \(scenarios[0].label)",
            "sd: school days from the crossing to the step; absence waiting: whole days recorded after the crossing until the step or \(end)",
        ]
        notes.append(
            assume?.note ?? "timing and load only: no effect of the steps on absence is assumed")
        return ResultTable(columns: columns, rows: rows, notes: notes)
    }

    static func difference(_ value: Int, _ base: Int?) -> Value {
        base.map { .int(value - $0) } ?? .null
    }

    static func difference(_ value: Double?, _ base: Double?) -> Value {
        guard let value, let base else { return .null }
        return .number(value - base)
    }

    /// Students with a service involved by the end of each month, one bar per scenario.
    static func chart(_ series: [(label: String, months: [(String, Int)])]) -> String {
        let letters = series.indices.map { String(UnicodeScalar(UInt8(65 + $0 % 26))) }
        var bars: [(label: String, value: Double, text: String)] = []
        for (m, month) in (series.first?.months ?? []).enumerated() {
            for (s, scenario) in series.enumerated() where m < scenario.months.count {
                let count = scenario.months[m].1
                bars.append(
                    (
                        "\(s == 0 ? month.0 : String(repeating: " ", count: month.0.count)) \(letters[s])",
                        Double(count), "\(count)"
                    ))
            }
        }
        let legend = zip(letters, series).map { "  \($0) = \($1.label)" }.joined(separator: "\n")
        return BarChart.render(
            title: "students with a service involved, by the end of each month", bars: bars)
            + legend + "\n"
    }
}
