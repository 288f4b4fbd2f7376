/// One school year (skoleår) of a data set: its calendar, and the calendars of the schools
/// whose closures differ (planning days, `schoolYears[].schools` in `tidlig/2`).
public struct SchoolYear: Sendable {
    /// The year's calendar: start, end, hours per day and the closures every school shares.
    public var calendar: SchoolCalendar
    /// Calendars of the schools with extra closures, by school index; the others use `calendar`.
    public var schoolCalendars: [Int: SchoolCalendar]

    public init(calendar: SchoolCalendar, schoolCalendars: [Int: SchoolCalendar] = [:]) {
        self.calendar = calendar
        self.schoolCalendars = schoolCalendars
    }

    /// `2024/2025`: the file's name for the year, else the years of its start and end.
    public var label: String {
        calendar.schoolYear
            ?? "\(calendar.start.components.year)/\(calendar.start.components.year + 1)"
    }

    /// The calendar of one school: the year's, with the school's own closures added.
    @inlinable public func calendar(school: Int) -> SchoolCalendar {
        schoolCalendars.isEmpty ? calendar : schoolCalendars[school] ?? calendar
    }

    /// True when `day` lies from the year's start to its end.
    @inlinable public func holds(_ day: Day) -> Bool {
        calendar.start <= day && day <= calendar.end
    }
}

/// Enrolment periods (innmelding to utmelding): student i's are
/// `enrolmentStart[i] ..< enrolmentStart[i+1]`, in date order, not overlapping.
public struct EnrolmentColumns: Sendable {
    /// Index into `DataSet.schoolYears`.
    public var year: [UInt8] = []
    /// Index into `DataSet.schools`.
    public var school: [UInt16] = []
    /// Grade 1 to 10.
    public var grade: [UInt8] = []
    /// First day enrolled (the year's start when the file gives none).
    public var from: [Day] = []
    /// Last day enrolled, inclusive (the year's end when the file gives none).
    public var to: [Day] = []

    public init() {}

    /// Number of enrolments.
    public var count: Int { year.count }
}
