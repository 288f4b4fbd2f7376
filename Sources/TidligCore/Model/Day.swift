/// A calendar date stored as a day number: days since 1970-01-01 (proleptic Gregorian).
///
/// Dates are compared and subtracted as integers; text is produced only for output.
/// `Day(year: 2025, month: 1, day: 31)` is a Friday; `Day("2025-01-31")` parses ISO text.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public var rawValue: Int32

    /// Wraps a day number.
    @inlinable public init(rawValue: Int32) { self.rawValue = rawValue }

    /// A validated calendar date, or nil when the month or day is out of range.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= Day.daysInMonth(year: year, month: month)
        else {
            return nil
        }
        rawValue = Int32(Day.daysFromCivil(year: year, month: month, day: day))
    }

    /// Parses `YYYY-MM-DD`; nil for anything else.
    public init?(_ text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10 else { return nil }
        guard let day = bytes.withUnsafeBufferPointer({ Day.parse($0, at: 0) }) else { return nil }
        self = day
    }

    /// Parses 10 bytes `YYYY-MM-DD` at `offset` of `bytes`; nil when malformed or not a real date.
    @inlinable
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> Day? {
        guard offset + 10 <= bytes.count, bytes[offset + 4] == 0x2D, bytes[offset + 7] == 0x2D
        else { return nil }
        @inline(__always) func digits(_ from: Int, _ count: Int) -> Int? {
            var value = 0
            for index in from..<(from + count) {
                let digit = Int(bytes[index]) &- 0x30
                guard digit >= 0, digit <= 9 else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard let y = digits(offset, 4), let m = digits(offset + 5, 2),
            let d = digits(offset + 8, 2)
        else {
            return nil
        }
        return Day(year: y, month: m, day: d)
    }

    /// Year, month (1-12) and day of month (1-31).
    public var components: (year: Int, month: Int, day: Int) {
        // Howard Hinnant's civil_from_days.
        let z = Int(rawValue) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// 0 for Monday through 6 for Sunday.
    @inlinable public var weekday: Int {
        // 1970-01-01 was a Thursday (3).
        let w = (Int(rawValue) + 3) % 7
        return w < 0 ? w + 7 : w
    }

    /// True on Saturday and Sunday.
    @inlinable public var isWeekend: Bool { weekday >= 5 }

    /// The date `count` days later (earlier when negative).
    @inlinable public func adding(days count: Int) -> Day { Day(rawValue: rawValue + Int32(count)) }

    /// Calendar days from `self` to `other` (positive when `other` is later).
    @inlinable public func days(to other: Day) -> Int { Int(other.rawValue) - Int(rawValue) }

    /// ISO 8601 text, `2025-01-31`.
    public var description: String {
        let (y, m, d) = components
        return "\(y)-\(m < 10 ? "0" : "")\(m)-\(d < 10 ? "0" : "")\(d)"
    }

    /// The English weekday abbreviation, `Mon` to `Sun`.
    public var weekdayName: String { ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][weekday] }

    @inlinable public static func < (lhs: Day, rhs: Day) -> Bool { lhs.rawValue < rhs.rawValue }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
