/// One generated school: a Table 1 school, possibly repeated in a further "district".
struct SchoolUnit: Sendable {
    let base: NesProfile.School
    /// `auli`, or `auli-2`, `auli-3` ... in later districts.
    let id: String
    /// `Auli barneskole`, or `Auli barneskole 2` ...
    let name: String
    let students: Int
    /// How many of its students get more than 60 days.
    let severe: Int

    /// The schools for `students` students: Table 1's counts at 2815; proportional below;
    /// `ceil(N / 2815)` districts of the ten schools above.
    static func layout(students: Int) -> [SchoolUnit] {
        let base = NesProfile.schools
        let districts = max(1, (students + NesProfile.baseStudents - 1) / NesProfile.baseStudents)
        let perDistrict = apportion(
            students, weights: Array(repeating: 1, count: districts), atLeastOne: false)
        var units: [SchoolUnit] = []
        for (district, size) in perDistrict.enumerated() {
            let sizes = apportion(size, weights: base.map(\.students), atLeastOne: true)
            for (school, count) in zip(base, sizes) {
                // Severe students scale with the school: round(count × severe / base count).
                let severe = (2 * count * school.severe + school.students) / (2 * school.students)
                let suffix = district == 0 ? "" : "\(district + 1)"
                units.append(
                    SchoolUnit(
                        base: school,
                        id: district == 0 ? school.id : "\(school.id)-\(suffix)",
                        name: district == 0 ? school.name : "\(school.name) \(suffix)",
                        students: count, severe: min(severe, count)))
            }
        }
        return units
    }

    /// Splits `total` over `weights` by largest remainder (ties to the earlier index); with
    /// `atLeastOne` and `total >= weights.count`, every share is at least 1 (taken from the largest).
    static func apportion(_ total: Int, weights: [Int], atLeastOne: Bool) -> [Int] {
        let sum = weights.reduce(0, +)
        var shares = weights.map { total * $0 / sum }
        let order = weights.indices.sorted { a, b in
            let ra = total * weights[a] % sum, rb = total * weights[b] % sum
            return ra != rb ? ra > rb : a < b
        }
        var left = total - shares.reduce(0, +)
        for index in order where left > 0 {
            shares[index] += 1
            left -= 1
        }
        guard atLeastOne, total >= weights.count else { return shares }
        for index in shares.indices where shares[index] == 0 {
            let largest = shares.indices.max {
                shares[$0] < shares[$1] || (shares[$0] == shares[$1] && $0 > $1)
            }!
            shares[largest] -= 1
            shares[index] = 1
        }
        return shares
    }
}

/// A school's students before dates are chosen: grade, whole days and quarter hours each,
/// calibrated so the school's totals hit Table 1's means exactly (to rounding).
struct AbsencePlan {
    var grades: [Int] = []
    var days: [Int] = []
    var quarters: [Int] = []
    var severe: [Bool] = []

    /// Most whole days a student below the severe group gets.
    static let ordinaryCap = 60

    init(unit: SchoolUnit, schoolDays: Int, rng: inout SplitMix64) {
        let n = unit.students
        let base = unit.base
        grades = (0..<n).map { _ in base.lowerSecondary ? rng.int(in: 8...10) : rng.int(in: 1...7) }
        severe = Array(repeating: false, count: n)
        var chosen = 0
        while chosen < unit.severe {
            let index = rng.below(n)
            if !severe[index] { severe[index] = true; chosen += 1 }
        }
        let targetDays = (base.meanDaysTenths * n + 5) / 10
        planDays(target: targetDays, schoolDays: schoolDays, rng: &rng)
        let targetQuarters = (base.meanHoursTenths * n * 4 + 5) / 10
        planHours(target: targetQuarters, share: base.hoursShare, schoolDays: schoolDays, rng: &rng)
    }

    private mutating func planDays(target: Int, schoolDays: Int, rng: inout SplitMix64) {
        let n = severe.count
        days = Array(repeating: 0, count: n)
        var severeSum = 0
        for i in 0..<n where severe[i] {
            // The 39 folders: 61 days and a long tail (a few students away most of the year).
            days[i] = 61 + rng.geometric(mean: 24, cap: schoolDays - 70)
            severeSum += days[i]
        }
        let ordinary = n - severe.filter { $0 }.count
        guard ordinary > 0 else { return }
        let mean = max(0.5, Double(target - severeSum) / Double(ordinary))
        for i in 0..<n where !severe[i] {
            days[i] = rng.negativeBinomial(r: 2, mean: mean, cap: AbsencePlan.ordinaryCap)
        }
        var diff = target - days.reduce(0, +)
        var guardCount = 0
        while diff != 0, guardCount < 1_000_000 {
            guardCount += 1
            let i = rng.below(n)
            if severe[i] { continue }
            if diff > 0, days[i] < AbsencePlan.ordinaryCap { days[i] += 1; diff -= 1 }
            if diff < 0, days[i] > 0 { days[i] -= 1; diff += 1 }
        }
    }

    private mutating func planHours(
        target: Int, share: Double, schoolDays: Int, rng: inout SplitMix64
    ) {
        let n = days.count
        quarters = Array(repeating: 0, count: n)
        let meanHours = max(1, Double(target) / 4 / Double(max(1, n)) / share)
        for i in 0..<n where rng.chance(share) {
            quarters[i] = min(
                cap(i, schoolDays),
                4 + 4 * rng.negativeBinomial(r: 2, mean: meanHours - 1, cap: 150) + rng.below(4))
        }
        var diff = target - quarters.reduce(0, +)
        var guardCount = 0
        while diff != 0, guardCount < 1_000_000 {
            guardCount += 1
            let i = rng.below(n)
            let limit = cap(i, schoolDays)
            if diff > 0 {
                if quarters[i] > 0, quarters[i] < limit {
                    quarters[i] += 1; diff -= 1
                } else if quarters[i] == 0, guardCount % 8 == 0, limit >= 4 {
                    quarters[i] = 4; diff -= 4
                }
            } else {
                if quarters[i] > 4 {
                    quarters[i] -= 1; diff += 1
                } else if quarters[i] == 4, guardCount % 8 == 0 {
                    quarters[i] = 0; diff += 4
                }
            }
        }
    }

    /// Most quarter hours a student can get: records of at most 5 hours on half the free days, 150 hours.
    private func cap(_ i: Int, _ schoolDays: Int) -> Int {
        min(600, 20 * max(0, schoolDays - days[i] - 2) / 2)
    }
}
