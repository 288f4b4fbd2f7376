/// One step of a case's BTI level: what happened on a date, and the level after it.
public struct LevelChange: Sendable, Equatable {
    /// What set the level.
    public enum Cause: Sendable, Equatable {
        /// A meeting with a `bti` level; the document index.
        case meeting(Int)
        /// A service's involvement began (or was already going when the school year began).
        case started(Int)
        /// A service's involvement ended; the involvement index.
        case ended(Int)
    }

    public var date: Day
    public var level: Int
    public var cause: Cause
}

/// A student's case in one school year: from the first day at BTI level 2 or 3 (two or more
/// services cooperating) to the day it fell back below 2, if it has.
public struct StudentCase: Sendable, Equatable {
    /// The student's row.
    public var row: Int
    /// `2024/2025`, when the data names it.
    public var schoolYear: String?
    /// The first day of the year at level 2 or 3.
    public var opened: Day
    /// The day the level last fell below 2, when it is still below 2 at the date in force.
    public var ended: Day?
    public var owner: CaseOwner
    /// The document index of the meeting that decided the owner.
    public var ownerMeeting: Int?
    /// Every change of level in the school year, in date order, up to the date in force.
    public var levels: [LevelChange]

    /// True when the case has not ended by the date in force.
    public var isOpen: Bool { ended == nil }
    /// The level at the date in force.
    public var level: Int { levels.last?.level ?? 0 }
}

/// The cases of a data set as of a date: one per student and school year that reached BTI
/// level 2 or 3, for `case`, `cases` and the term report.
///
/// The level over time: a meeting with a `bti` sets the level on its date; an involvement that
/// begins raises it to at least 1 + the services then involved (capped at 3: the school and one
/// service is level 2, the school and several services level 3); one that ends sets it to
/// 1 + the services still involved. On one date, starts come first, then ends, then meetings.
public struct CaseIndex: Sendable {
    /// The date in force.
    public let asOf: Day
    /// The cases, in student order.
    public let cases: [StudentCase]
    private let byRow: [Int: Int]

    /// The cases of the students in `rows` (the students of the year in force when nil) as of
    /// `asOf`, in the school year of `data`'s calendar (the year in force of a `tidlig/2` view).
    public init(data: DataSet, asOf: Day, rows: [Int32]? = nil) {
        self.asOf = asOf
        var cases: [StudentCase] = []
        let year = (
            start: data.calendar.start, end: data.calendar.end, name: data.calendar.schoolYear
        )
        func add(_ row: Int) {
            if let found = CaseIndex.studentCase(data, row: row, year: year, asOf: asOf) {
                cases.append(found)
            }
        }
        (rows ?? data.memberRows()).forEach { add(Int($0)) }
        self.cases = cases
        byRow = Dictionary(uniqueKeysWithValues: cases.enumerated().map { ($1.row, $0) })
    }

    /// The case of a student, if the student has one.
    public func studentCase(row: Int) -> StudentCase? { byRow[row].map { cases[$0] } }

    /// Cases not ended by the date in force.
    public var openCases: [StudentCase] { cases.filter(\.isOpen) }

    /// Cases opened between two dates, inclusive.
    public func opened(from: Day, through: Day) -> [StudentCase] {
        cases.filter { $0.opened >= from && $0.opened <= through }
    }

    /// Cases ended between two dates, inclusive.
    public func ended(from: Day, through: Day) -> [StudentCase] {
        cases.filter { $0.ended.map { $0 >= from && $0 <= through } ?? false }
    }

    /// Builds the case of one student in one school year, or nil if it never reached level 2.
    static func studentCase(
        _ data: DataSet, row: Int, year: (start: Day, end: Day, name: String?), asOf: Day
    ) -> StudentCase? {
        let limit = min(asOf, year.end)
        let levels = levelChanges(data, row: row, from: year.start, through: limit)
        guard let first = levels.firstIndex(where: { $0.level >= 2 }) else { return nil }
        var ended: Day?
        if let last = levels.last, last.level < 2 {
            ended = levels[levels.lastIndex(where: { $0.level >= 2 })! + 1].date
        }
        var owner = CaseOwner.noMeeting
        var ownerMeeting: Int?
        let documents = data.documents
        for i in data.students.documentRange(row)
        where documents.kind[i] == .meeting
            && documents.bti[i] >= 2 && documents.date[i] >= year.start
            && documents.date[i] <= limit
        {
            owner = CaseOwner(code: documents.calledBy[i])
            ownerMeeting = i
            break
        }
        return StudentCase(
            row: row, schoolYear: year.name, opened: levels[first].date, ended: ended, owner: owner,
            ownerMeeting: ownerMeeting, levels: levels)
    }

    /// The level changes of a student from `from` through `through`, in date order.
    static func levelChanges(_ data: DataSet, row: Int, from: Day, through: Day) -> [LevelChange] {
        // (date, order within the date, cause)
        var events: [(Day, Int, LevelChange.Cause)] = []
        let involvements = data.involvements
        for i in data.students.involvementRange(row) where involvements.date[i] <= through {
            let ended = involvements.ended[i]
            if let ended, ended < from { continue }
            events.append((max(from, involvements.date[i]), 0, .started(i)))
            if let ended, ended <= through { events.append((ended, 1, .ended(i))) }
        }
        let documents = data.documents
        for i in data.students.documentRange(row)
        where documents.kind[i] == .meeting && documents.bti[i] >= 0
            && documents.date[i] >= from && documents.date[i] <= through
        {
            events.append((documents.date[i], 2, .meeting(i)))
        }
        events.sort { ($0.0, $0.1) < ($1.0, $1.1) }
        var level = 0
        var involved = Set<Int>()
        var changes: [LevelChange] = []
        for (date, _, cause) in events {
            switch cause {
            case .started(let i):
                involved.insert(Int(involvements.service[i]))
                level = max(level, min(3, 1 + involved.count))
            case .ended(let i):
                // Another involvement of the same service may still go on.
                let service = involvements.service[i]
                let stillIn = data.students.involvementRange(row).contains { j in
                    j != i && involvements.service[j] == service && involvements.date[j] <= date
                        && (involvements.ended[j].map { $0 > date } ?? true)
                }
                if !stillIn { involved.remove(Int(service)) }
                level = min(3, 1 + involved.count)
            case .meeting(let i):
                level = Int(documents.bti[i])
            }
            changes.append(LevelChange(date: date, level: level, cause: cause))
        }
        return changes
    }
}
