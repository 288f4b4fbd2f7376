/// What an anonymous message may say about a student: figures in bands, the month instead of
/// the date, and school and grade only where at least `k` students share what is said.
///
/// Every student of the data set is counted (at the same "as of" date and threshold), so each
/// anonymous message describes a group of at least `k` students of the municipality
/// (k-anonymity over the fields it carries), or says nothing about the student at all.
public struct Anonymity: Sendable {
    /// The smallest group a message may describe.
    public static let k = 5

    /// How much a message says, from most to least.
    public enum Level: Int, Sendable, CaseIterable {
        /// School, grade, the bands and the month of crossing.
        case schoolAndGrade
        /// School, the bands and the month.
        case school
        /// The bands and the month, without school.
        case municipality
        /// The days and percent bands only.
        case bands
        /// The days band only.
        case daysBand
        /// Nothing about the student: only that the school wants to discuss a case.
        case nothing

        /// The message keys this level carries (besides the envelope).
        public var fields: [String] {
            switch self {
            case .schoolAndGrade:
                ["school", "schoolName", "grade", "daysBand", "percentBand", "crossingMonth"]
            case .school: ["school", "schoolName", "daysBand", "percentBand", "crossingMonth"]
            case .municipality: ["daysBand", "percentBand", "crossingMonth"]
            case .bands: ["daysBand", "percentBand"]
            case .daysBand: ["daysBand"]
            case .nothing: []
            }
        }

        /// What the message leaves out, for the sender.
        public var withheld: String {
            switch self {
            case .schoolAndGrade: ""
            case .school: "the grade"
            case .municipality: "school and grade"
            case .bands: "school, grade and month"
            case .daysBand: "school, grade, month and percent"
            case .nothing: "everything about the student"
            }
        }
    }

    /// The bands of days (whole days of absence): 0-9, 10-14, 15-29, 30-59, 60+.
    public static let dayBands: [(lower: Int, name: String)] = [
        (0, "0-9"), (10, "10-14"), (15, "15-29"), (30, "30-59"),
        (60, "60+"),
    ]
    /// The bands of percent of school days so far: under 10, 10-19, 20 or more.
    public static let percentBands: [(lower: Double, name: String)] = [
        (0, "under 10"), (10, "10-19"), (20, "20 or more"),
    ]

    public static func dayBand(_ days: Int) -> Int { dayBands.lastIndex { days >= $0.lower } ?? 0 }
    public static func percentBand(_ percent: Double) -> Int {
        percentBands.lastIndex { percent >= $0.lower } ?? 0
    }

    let school: [UInt16]
    let grade: [UInt8]
    let days: [UInt8]
    let percent: [UInt8]
    /// `year * 12 + month - 1` of the crossing, -1 when the threshold is not crossed.
    let month: [Int32]
    private var counts: [[UInt64: Int]]

    /// Counts every student of `context`'s data (of the year in force) at its date and threshold.
    public init(context: EvaluationContext) {
        let data = context.data
        let n = data.studentCount
        var school = [UInt16](), grade = [UInt8](), days = [UInt8](), percent = [UInt8](),
            month = [Int32]()
        school.reserveCapacity(n)
        for row in 0..<n {
            school.append(data.students.school[row])
            grade.append(data.students.grade[row])
            days.append(UInt8(Anonymity.dayBand(Int(context.totals.days[row]))))
            percent.append(UInt8(Anonymity.percentBand(context.percent(row))))
            let crossing = data.crossingDate(row: row, days: context.threshold, asOf: context.asOf)
            month.append(
                crossing.map { Int32($0.components.year * 12 + $0.components.month - 1) } ?? -1)
        }
        (self.school, self.grade, self.days, self.percent, self.month) = (
            school, grade, days, percent, month
        )
        counts = []
        for level in Level.allCases {
            var table: [UInt64: Int] = [:]
            // Only the students of the school year in force (a tidlig/2 view holds them all).
            for row in 0..<n where data.isMember(row) { table[key(row, level), default: 0] += 1 }
            counts.append(table)
        }
    }

    /// The students sharing with `row` every field `level` carries (`row` included).
    public func groupSize(_ row: Int, _ level: Level) -> Int {
        counts[level.rawValue][key(row, level)] ?? 0
    }

    /// The most a message about `row` may say.
    public func level(_ row: Int) -> Level {
        Level.allCases.first { $0 == .nothing || groupSize(row, $0) >= Anonymity.k } ?? .nothing
    }

    /// The days band's name for `row`.
    public func daysBand(_ row: Int) -> String { Anonymity.dayBands[Int(days[row])].name }
    public func percentBand(_ row: Int) -> String { Anonymity.percentBands[Int(percent[row])].name }
    /// `2024-10`, or nil when not crossed.
    public func crossingMonth(_ row: Int) -> String? {
        guard month[row] >= 0 else { return nil }
        let m = Int(month[row]) % 12 + 1
        return "\(Int(month[row]) / 12)-\(m < 10 ? "0" : "")\(m)"
    }

    private func key(_ row: Int, _ level: Level) -> UInt64 {
        let all = UInt64.max
        let schoolPart = level.rawValue <= Level.school.rawValue ? UInt64(school[row]) : 0xFFFF
        let gradePart = level == .schoolAndGrade ? UInt64(grade[row]) : 0xFF
        let monthPart =
            level.rawValue <= Level.municipality.rawValue
            ? UInt64(UInt32(bitPattern: month[row])) : 0xFFFF_FFFF
        let percentPart = level.rawValue <= Level.bands.rawValue ? UInt64(percent[row]) : 0xF
        let daysPart = level.rawValue <= Level.daysBand.rawValue ? UInt64(days[row]) : 0xF
        if level == .nothing { return all }
        return schoolPart << 48 ^ gradePart << 40 ^ monthPart << 8 ^ percentPart << 4 ^ daysPart
    }
}
