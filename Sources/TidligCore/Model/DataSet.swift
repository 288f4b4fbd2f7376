/// Absence data of one or more school years, held in flat columns (a `tidlig/1` or `tidlig/2`
/// file, loaded), seen from one school year: the year in force (`year`, `calendar`), with each
/// student's school and grade as enrolled on the view's date (`view(asOf:)`).
///
/// Students, absence records, folder documents and involvements are stored column by column,
/// each student owning a contiguous range of the record arrays (`absenceRange(of:)`), with
/// records sorted by date inside a student's range. Ids of schools and services are interned
/// to small integers. This keeps a 1,000,000-student year in a few hundred MB.
public struct DataSet: Sendable {
    /// Where the data came from: a file path, or `<sample>`.
    public var source: String
    public var municipality: String?
    /// The export date; the default "as of" date of every query.
    public var asOf: Day
    /// The calendar of the school year in force (`schoolYears[year].calendar`).
    public var calendar: SchoolCalendar
    /// Every school year of the data, in date order; one for a `tidlig/1` file.
    public var schoolYears: [SchoolYear] { didSet { yearDayCountsBox = YearDayCountsBox() } }
    /// Index of the school year in force in `schoolYears`.
    public var year = 0
    /// The enrolment periods; empty for a `tidlig/1` file (one whole-year enrolment each, at
    /// `students.school` and `students.grade`).
    public var enrolments = EnrolmentColumns()
    /// The students enrolled in the year in force, in file order; nil when all are.
    public var members: [Int32]?
    /// `memberMask[row]`: the student is one of `members`; nil when all are.
    public var memberMask: [Bool]?
    /// The date `view(asOf:)` made this view for; nil for data as loaded from one school year.
    public var viewDate: Day?
    public var schools: [School]
    /// The services; `Service.nesDefaults` when the file lists none.
    public var services: [Service]
    public var students: StudentColumns
    public var absence: AbsenceColumns { didSet { yearDayCountsBox = YearDayCountsBox() } }
    public var documents: DocumentColumns
    public var involvements: InvolvementColumns
    /// Data-quality problems found at load, in file order.
    public var problems: [DataProblem]
    /// `yearDayCounts`, once asked; the views of one data set share it.
    var yearDayCountsBox = YearDayCountsBox()

    public init(
        source: String, municipality: String?, asOf: Day, calendar: SchoolCalendar,
        schools: [School], services: [Service], students: StudentColumns, absence: AbsenceColumns,
        documents: DocumentColumns, involvements: InvolvementColumns, problems: [DataProblem]
    ) {
        self.source = source
        self.municipality = municipality
        self.asOf = asOf
        self.calendar = calendar
        schoolYears = [SchoolYear(calendar: calendar)]
        self.schools = schools
        self.services = services
        self.students = students
        self.absence = absence
        self.documents = documents
        self.involvements = involvements
        self.problems = problems
    }

    /// Number of students (children, across every school year of the data).
    @inlinable public var studentCount: Int { students.ids.count }

    /// True when the data holds more than one school year or enrolment periods (`tidlig/2`).
    @inlinable public var isMultiYear: Bool {
        schoolYears.count > 1 || !students.enrolmentStart.isEmpty
    }

    /// The number of students of the year in force.
    @inlinable public var memberCount: Int { members?.count ?? studentCount }

    /// The students of the year in force, in file order.
    public func memberRows() -> [Int32] { members ?? (0..<Int32(studentCount)).map { $0 } }

    /// True when the student is enrolled in the year in force.
    @inlinable public func isMember(_ row: Int) -> Bool { memberMask?[row] ?? true }

    /// Each child's whole days per school year, counted on first use and kept (the views of this
    /// data set share them: they share its records).
    public var yearDayCounts: YearDayCounts {
        yearDayCountsBox.state.withLock { state in
            if let counts = state.counts { return counts }
            let counts = YearDayCounts(data: self)
            state.counts = counts
            return counts
        }
    }

    /// The n-th-day dates of each child and school year for a threshold of `n` (>= 1) days, made
    /// on first use from `yearDayCounts` and kept for the last few thresholds asked.
    public func crossingDates(days n: Int) -> CrossingDates {
        let counts = yearDayCounts
        return yearDayCountsBox.state.withLock { state in
            if let hit = state.crossings.first(where: { $0.0 == n }) { return hit.1 }
            let found = CrossingDates(years: counts.years, dates: counts.nthDays(n, data: self))
            state.crossings = [(n, found)] + state.crossings.prefix(3)
            return found
        }
    }

    /// The index of the student with this id, if any.
    public func studentIndex(id: String) -> Int? { students.index[id] }

    /// The index of the school with this id, if any.
    public func schoolIndex(id: String) -> Int? { schools.firstIndex { $0.id == id } }

    /// The index of the service with this id, if any.
    public func serviceIndex(id: String) -> Int? { services.firstIndex { $0.id == id } }
}

/// Per-student columns; row `i` is one student.
public struct StudentColumns: Sendable {
    /// Pseudonymous ids, as in the file.
    public var ids: [String] = []
    /// Index into `DataSet.schools`.
    public var school: [UInt16] = []
    /// Grade 1 to 10.
    public var grade: [UInt8] = []
    /// Student i's absence records, of every year, are `absence[absenceStart[i] ..< absenceStart[i+1]]`.
    public var absenceStart: [Int32] = [0]
    /// In a view of one year of several: student i's records of that year are
    /// `absence[absenceLower[i] ..< absenceUpper[i]]`; empty when all records are the year's.
    public var absenceLower: [Int32] = []
    public var absenceUpper: [Int32] = []
    /// Student i's enrolments are `enrolments[enrolmentStart[i] ..< enrolmentStart[i+1]]`; empty
    /// for a `tidlig/1` file.
    public var enrolmentStart: [Int32] = []
    /// School days the student was enrolled, from the year's start through the view's date (the
    /// percent denominator); empty when it is the calendar's count for everyone.
    public var enrolledSchoolDays: [Int32] = []
    /// Student i's documents are `documents[documentStart[i] ..< documentStart[i+1]]`.
    public var documentStart: [Int32] = [0]
    /// Student i's involvements are `involvements[involvementStart[i] ..< involvementStart[i+1]]`.
    public var involvementStart: [Int32] = [0]
    /// id -> row.
    public var index: [String: Int] = [:]
    /// Year of birth by row, for the students whose data gives one.
    public var birthYear: [Int32: Int16] = [:]
    /// Consents by row, for the students whose data records any (most have none).
    public var consents: [Int32: [Consent]] = [:]

    public init() {}

    /// The student's stage from the grade: 1-7 primary, 8-10 lower secondary.
    @inlinable public func stage(_ row: Int) -> School.Stage {
        grade[row] >= 8 ? .lowerSecondary : .primary
    }

    /// The student's absence records of the year in force.
    @inlinable public func absenceRange(_ row: Int) -> Range<Int> {
        absenceLower.isEmpty
            ? Int(absenceStart[row])..<Int(absenceStart[row + 1])
            : Int(absenceLower[row])..<Int(absenceUpper[row])
    }
    /// The student's absence records of every school year.
    @inlinable public func allAbsenceRange(_ row: Int) -> Range<Int> {
        Int(absenceStart[row])..<Int(absenceStart[row + 1])
    }
    @inlinable public func enrolmentRange(_ row: Int) -> Range<Int> {
        enrolmentStart.isEmpty ? 0..<0 : Int(enrolmentStart[row])..<Int(enrolmentStart[row + 1])
    }
    @inlinable public func documentRange(_ row: Int) -> Range<Int> {
        Int(documentStart[row])..<Int(documentStart[row + 1])
    }
    @inlinable public func involvementRange(_ row: Int) -> Range<Int> {
        Int(involvementStart[row])..<Int(involvementStart[row + 1])
    }
}

/// Absence records (fravær), sorted by date within each student.
public struct AbsenceColumns: Sendable {
    public var date: [Day] = []
    /// For `kind: hours` the hours; 0 for a whole day.
    public var hours: [Float] = []
    /// `AbsenceFlags` bits.
    public var flags: [UInt8] = []
    /// Free-text reasons, sparse and interned, by record index.
    public var reasons = SparseTexts()

    public init() {}

    @inlinable public func isDay(_ i: Int) -> Bool { flags[i] & AbsenceFlags.day != 0 }
    @inlinable public func isDocumented(_ i: Int) -> Bool {
        flags[i] & AbsenceFlags.documented != 0
    }
}

/// Bits of `AbsenceColumns.flags`.
public enum AbsenceFlags {
    /// A whole day away (dagsfravær); otherwise single hours (timefravær).
    public static let day: UInt8 = 1
    /// Documented absence (dokumentert fravær).
    public static let documented: UInt8 = 2
}

/// Folder documents, sorted by date within each student.
public struct DocumentColumns: Sendable {
    public var date: [Day] = []
    public var kind: [DocumentKind] = []
    /// cause-mapping quality; `described` when absent, as DOMAIN.md says.
    public var quality: [MappingQuality] = []
    /// action-plan: 0 not stated, 1 template not used, 2 template used.
    public var template: [UInt8] = []
    /// action-plan: evaluation deadline; nil when not set.
    public var evaluateBy: [Day?] = []
    /// evaluation: coverage; nil when not stated.
    public var coverage: [EvaluationCoverage?] = []
    /// meeting: BTI level 0-3, or -1.
    public var bti: [Int8] = []
    /// Bit set of `PlanSection` raw values.
    public var sections: [UInt8] = []
    /// meeting/referral: bit set of service indexes (at most 64 services).
    public var services: [UInt64] = []
    /// meeting: bit set of service indexes the minutes went to.
    public var minutesSentTo: [UInt64] = []
    /// meeting: who called it (`calledBy`): a service index, `CaseOwner.schoolCode`, or
    /// `CaseOwner.notStated`.
    public var calledBy: [Int16] = []
    /// Free text, sparse and interned, by document index.
    public var texts = SparseTexts()

    public init() {}
}

/// The first involvement of each service in a student's case, sorted by date within each student.
public struct InvolvementColumns: Sendable {
    /// Index into `DataSet.services`.
    public var service: [UInt16] = []
    public var date: [Day] = []
    public var initiatedBy: [Initiator] = []
    /// The last day of the involvement (`ended`); nil while it goes on.
    public var ended: [Day?] = []

    public init() {}
}

/// A data-quality problem found at load: the data is kept, the problem is reported.
public struct DataProblem: Sendable, Equatable {
    /// The kinds DOMAIN.md lists.
    public enum Kind: String, Sendable, CaseIterable {
        /// A record on a Saturday or Sunday.
        case weekendRecord = "weekend-record"
        /// A record in a closure (holiday) or outside the school year.
        case nonSchoolDayRecord = "non-school-day-record"
        /// A whole-day record and another record for the same student and date.
        case duplicateDate = "duplicate-date"
        /// Hours on one date above a school day.
        case hoursAboveDay = "hours-above-day"
        /// A record dated after `asOf`.
        case afterAsOf = "after-as-of"
        /// A document or involvement that names an unknown service.
        case unknownService = "unknown-service"
    }

    public var kind: Kind
    /// The pseudonymous id of the student concerned.
    public var studentID: String
    /// JSON path of the offending value, `$.students[12].absence[3]`.
    public var path: String
    /// What is wrong, in words, without personal data beyond the id.
    public var detail: String

    public init(kind: Kind, studentID: String, path: String, detail: String) {
        self.kind = kind
        self.studentID = studentID
        self.path = path
        self.detail = detail
    }
}
