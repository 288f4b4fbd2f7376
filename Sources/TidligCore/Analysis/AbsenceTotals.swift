/// Each student's absence totals as of one date: the figures most queries need, in columns.
///
/// Computed in one pass over the flat records and cached by the session per date, so that
/// `days >= 15` over 1,000,000 students reads an array instead of scanning records.
public struct AbsenceTotals: Sendable {
    /// The date the totals are taken at (records on or before it count).
    public let asOf: Day
    /// Whole-day records on or before `asOf`.
    public let days: [Int32]
    /// Sum of `hours` of hours records on or before `asOf`.
    public let hours: [Double]
    /// Whole-day records marked documented.
    public let documentedDays: [Int32]

    /// Counts every student's records dated on or before `asOf`.
    public init(data: DataSet, asOf: Day) {
        self.asOf = asOf
        let count = data.studentCount
        var days = [Int32](repeating: 0, count: count)
        var hours = [Double](repeating: 0, count: count)
        var documented = [Int32](repeating: 0, count: count)
        data.absence.date.withUnsafeBufferPointer { date in
            data.absence.flags.withUnsafeBufferPointer { flags in
                data.absence.hours.withUnsafeBufferPointer { recordHours in
                    for row in 0..<count {
                        var d: Int32 = 0, doc: Int32 = 0, h = 0.0
                        for i in data.students.absenceRange(row) {
                            if date[i] > asOf { break }  // sorted by date within a student
                            if flags[i] & AbsenceFlags.day != 0 {
                                d += 1
                                if flags[i] & AbsenceFlags.documented != 0 { doc += 1 }
                            } else {
                                h += Double(recordHours[i])
                            }
                        }
                        days[row] = d
                        hours[row] = h
                        documented[row] = doc
                    }
                }
            }
        }
        self.days = days
        self.hours = hours
        documentedDays = documented
    }
}
