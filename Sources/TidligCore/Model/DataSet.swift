/// One school year's absence data, held in flat columns (a `tidlig/1` file, loaded).
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
    public var calendar: SchoolCalendar
    public var schools: [School]
    /// The services; `Service.nesDefaults` when the file lists none.
    public var services: [Service]
    public var students: StudentColumns
    public var absence: AbsenceColumns
    public var documents: DocumentColumns
    public var involvements: InvolvementColumns
    /// Data-quality problems found at load, in file order.
    public var problems: [DataProblem]

    public init(
        source: String, municipality: String?, asOf: Day, calendar: SchoolCalendar,
        schools: [School], services: [Service], students: StudentColumns, absence: AbsenceColumns,
        documents: DocumentColumns, involvements: InvolvementColumns, problems: [DataProblem]
    ) {
        self.source = source
        self.municipality = municipality
        self.asOf = asOf
        self.calendar = calendar
        self.schools = schools
        self.services = services
        self.students = students
        self.absence = absence
        self.documents = documents
        self.involvements = involvements
        self.problems = problems
    }

    /// Number of students.
    @inlinable public var studentCount: Int { students.ids.count }

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
    /// Student i's absence records are `absence[absenceStart[i] ..< absenceStart[i+1]]`.
    public var absenceStart: [Int32] = [0]
    /// Student i's documents are `documents[documentStart[i] ..< documentStart[i+1]]`.
    public var documentStart: [Int32] = [0]
    /// Student i's involvements are `involvements[involvementStart[i] ..< involvementStart[i+1]]`.
    public var involvementStart: [Int32] = [0]
    /// id -> row.
    public var index: [String: Int] = [:]

    public init() {}

    /// The student's stage from the grade: 1-7 primary, 8-10 lower secondary.
    @inlinable public func stage(_ row: Int) -> School.Stage { grade[row] >= 8 ? .lowerSecondary : .primary }

    @inlinable public func absenceRange(_ row: Int) -> Range<Int> { Int(absenceStart[row])..<Int(absenceStart[row + 1]) }
    @inlinable public func documentRange(_ row: Int) -> Range<Int> { Int(documentStart[row])..<Int(documentStart[row + 1]) }
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
    @inlinable public func isDocumented(_ i: Int) -> Bool { flags[i] & AbsenceFlags.documented != 0 }
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
