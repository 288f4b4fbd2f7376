/// The Kaplan-Meier estimate of the time from the threshold crossing to a service's
/// involvement, which counts the students still waiting (censored at the date in force)
/// instead of leaving them out, as the plain median over involved students does.
///
/// With distinct event times t₁ < t₂ < …, dᵢ involvements at tᵢ and nᵢ students at risk at
/// tᵢ (neither involved nor censored before tᵢ; a student censored at tᵢ is still at risk at
/// tᵢ), the share not yet involved after t is S(t) = Π over tᵢ ≤ t of (1 − dᵢ ÷ nᵢ).
/// Times are signed calendar days: an involvement before the crossing is an event at a
/// negative time, and everyone is at risk from the start.
public struct KaplanMeier: Sendable, Equatable {
    /// One step of the curve: at `time`, `events` involvements among `atRisk` students, after
    /// which the share still waiting is `survival`.
    public struct Step: Sendable, Equatable {
        public var time: Int
        public var atRisk: Int
        public var events: Int
        public var survival: Double
    }

    /// The steps, by time.
    public var steps: [Step]
    /// Students in the estimate (involved and censored).
    public var count: Int
    /// The latest time observed (an involvement or a censoring), the end of the curve.
    public var horizon: Int?

    /// The estimate from the delays of the involved and the waits of the censored.
    public init(events: [Int], censored: [Int]) {
        let events = events.sorted(), censored = censored.sorted()
        count = events.count + censored.count
        horizon = [events.last, censored.last].compactMap { $0 }.max()
        steps = []
        var atRisk = count, survival = 1.0
        var e = 0, c = 0
        while e < events.count {
            let time = events[e]
            // Censored before this time leave the risk set first.
            while c < censored.count, censored[c] < time { c += 1; atRisk -= 1 }
            var d = 0
            while e < events.count, events[e] == time { d += 1; e += 1 }
            survival *= 1 - Double(d) / Double(atRisk)
            steps.append(Step(time: time, atRisk: atRisk, events: d, survival: survival))
            atRisk -= d
        }
    }

    /// S(t): the estimated share not yet involved `t` days after the crossing; nil past the
    /// end of the follow-up while some are still waiting (nothing is known there).
    public func survival(at t: Int) -> Double? {
        guard let horizon else { return nil }
        var s = 1.0
        for step in steps where step.time <= t { s = step.survival }
        if t > horizon, s > 0 { return nil }
        return s
    }

    /// The estimated share involved within `t` days: 1 − S(t).
    public func involved(within t: Int) -> Double? { survival(at: t).map { 1 - $0 } }

    /// The p-th percentile of the time to involvement: the first time at which the share
    /// involved reaches p %; nil ("not reached") when the curve never gets there.
    public func percentile(_ p: Int) -> Int? {
        let target = 1 - Double(p) / 100
        // A tiny tolerance so that 1 − ½ reaching exactly 0.5 counts, as it does by hand.
        return steps.first { $0.survival <= target + 1e-12 }?.time
    }
}

extension DelaySummary {
    /// The Kaplan-Meier estimate over the involved and the still waiting.
    public var kaplanMeier: KaplanMeier { KaplanMeier(events: calendarDelays, censored: waiting) }
}
