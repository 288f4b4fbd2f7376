/// SplitMix64 (Steele, Lea, Flood 2014): a tiny, fast PRNG whose output depends only on its seed.
///
/// The generator never touches the system's random source, and its helpers use only integer
/// arithmetic and correctly rounded `+ - * /` on doubles, so a seed gives identical bytes on
/// any machine.
struct SplitMix64: Sendable {
    private var state: UInt64

    /// A stream for `seed`.
    init(seed: UInt64) { state = seed }

    /// A stream derived from a seed and a few integers (district, school, student ...).
    init(seed: UInt64, _ a: Int, _ b: Int = 0) {
        var mixer = SplitMix64(seed: seed ^ 0x7469_646C_6967_0001)
        state = mixer.next() ^ UInt64(truncatingIfNeeded: a) &* 0x9E37_79B9_7F4A_7C15
        state = SplitMix64.mix(state) ^ UInt64(truncatingIfNeeded: b) &* 0xC2B2_AE3D_27D4_EB4F
    }

    /// The next 64 random bits.
    @inline(__always) mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(state)
    }

    @inline(__always) static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in `0 ..< bound` (Lemire's multiply-high; bias below 2^-40 for our bounds).
    @inline(__always) mutating func below(_ bound: Int) -> Int {
        guard bound > 1 else { return 0 }
        return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// Uniform in `range` (inclusive).
    @inline(__always) mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// Uniform in [0, 1), 53 bits.
    @inline(__always) mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// True with probability `p`.
    @inline(__always) mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// Failures before the first success with success probability `1 / (1 + mean)`:
    /// a geometric count with the given mean (counted trial by trial, no logarithms).
    mutating func geometric(mean: Double, cap: Int) -> Int {
        let stop = 1 / (1 + mean)
        var count = 0
        while count < cap, !chance(stop) { count += 1 }
        return count
    }

    /// A negative binomial count with `r` successes and the given mean (a gamma-Poisson mixture
    /// of shape `r`): skewed, most values small, a long tail.
    mutating func negativeBinomial(r: Int, mean: Double, cap: Int) -> Int {
        var total = 0
        for _ in 0..<r { total += geometric(mean: mean / Double(r), cap: cap) }
        return min(total, cap)
    }
}
