/// Everything an expression over students needs: the data, the date and threshold in force.
public struct EvaluationContext {
    public let data: DataSet
    /// The date figures are computed at (`as of`, else the setting, else the data's `asOf`).
    public let asOf: Day
    /// The action threshold in force, in days (`set threshold`).
    public let threshold: Int
    /// Totals as of `asOf`.
    public let totals: AbsenceTotals
    /// Named results made with `let`.
    public let named: [String: NamedResult]
    /// The folder-audit window the audit fields use.
    public let window: AuditWindow
    /// School days from the start of the year through `asOf` (the percent denominator).
    public let schoolDaysToDate: Int

    public init(
        data: DataSet, asOf: Day, threshold: Int, totals: AbsenceTotals,
        named: [String: NamedResult],
        window: AuditWindow? = nil
    ) {
        // Several school years: figures are those of the year in force on `asOf`.
        let data = data.isMultiYear && data.viewDate != asOf ? data.view(asOf: asOf) : data
        self.data = data
        self.asOf = asOf
        self.threshold = threshold
        self.totals = totals
        self.named = named
        self.window = window ?? AuditWindow.standard(calendar: data.calendar, asOf: asOf)
        schoolDaysToDate = data.calendar.schoolDaysThrough(asOf)
    }

    /// Percent of a student as of `asOf`, over the school days the student was enrolled.
    @inlinable public func percent(_ row: Int) -> Double {
        let schoolDays = schoolDays(row)
        return schoolDays > 0 ? 100 * equivalents(row) / Double(schoolDays) : 0
    }

    /// School days the student was enrolled from the year's start through `asOf`.
    @inlinable public func schoolDays(_ row: Int) -> Int {
        data.students.enrolledSchoolDays.isEmpty
            ? schoolDaysToDate : Int(data.students.enrolledSchoolDays[row])
    }

    /// Day equivalents of a student as of `asOf`.
    @inlinable public func equivalents(_ row: Int) -> Double {
        data.equivalents(days: totals.days[row], hours: totals.hours[row])
    }
}

/// A set of students kept under a name by `let`.
public struct NamedResult: Sendable {
    /// The rows, in the order the query gave them.
    public var rows: [Int32]
    /// Membership, one bit per student.
    public var members: [Bool]
    /// The query that made it, as typed.
    public var text: String

    public init(rows: [Int32], studentCount: Int, text: String) {
        self.rows = rows
        var members = [Bool](repeating: false, count: studentCount)
        for row in rows { members[Int(row)] = true }
        self.members = members
        self.text = text
    }
}
