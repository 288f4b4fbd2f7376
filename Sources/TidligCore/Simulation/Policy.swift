/// An escalation policy: a named ladder of steps, written in the tidlig language.
///
/// ```
/// policy quick "involve PPT early"
///   parameter threshold = 10
///   step mapping when days >= threshold by school within 5 school days
///   step ppt     when after mapping by ppt at visit
/// end
/// ```
public struct Policy: Sendable {
    /// The name `simulate` and `compare` use: `nes`.
    public var name: String
    /// A one-line description, shown by `policies`.
    public var title: String?
    /// Numbers the policy exposes to `with NAME = VALUE`, with their defaults.
    public var parameters: [PolicyParameter]
    /// The ladder, in order; a step may only follow (`after`) a step above it.
    public var steps: [PolicyStep]
    /// `capacity ppt 5 advisers x 15 cases for 60 school days`: services that queue their cases.
    public var capacities: [ServiceCapacity] = []
    /// The policy as written (comments included), printed back by `policy show`.
    public var source: String = ""
}

/// `parameter slots = 6`: a number a scenario can override.
public struct PolicyParameter: Sendable {
    public var name: String
    public var value: Double
}

/// A number in a policy: a literal, or the name of one of its parameters.
public enum PolicyValue: Sendable, Equatable {
    /// `15`
    case number(Double)
    /// `threshold`, with where it was written (for errors).
    case parameter(String, SourceSpan)
}

/// One step of the ladder: when it is due, who acts, and when it happens.
public struct PolicyStep: Sendable {
    /// `mapping`, `plan`, `meeting`, `ppt`.
    public var name: String
    public var trigger: PolicyTrigger
    /// Who acts: `school` and service ids (or service kinds).
    public var actors: [PolicyActor]
    /// The BTI level (0 to 3); nil means the level BTI gives the number of actors.
    public var bti: Int?
    public var timing: PolicyTiming
}

/// `capacity ppt 5 advisers x 15 cases for 60 school days`: a service holds at most
/// advisers × cases open cases; a case stays open for the given school days, and a new one
/// waits for a free place, first come first served, as meetings queue.
public struct ServiceCapacity: Sendable {
    /// The service, by id or kind.
    public var service: String
    public var span: SourceSpan
    public var advisers: PolicyValue
    public var cases: PolicyValue
    /// School days a case keeps its place.
    public var schoolDays: PolicyValue
}

/// `grade >= 8`, `stage = "lower-secondary"`: a condition on the student, not on absence.
public enum StudentCondition: Sendable, Equatable {
    /// `grade OP N`; `op` one of `>=`, `>`, `<=`, `<`, `=`, `!=`.
    case grade(op: String, Int)
    /// `stage = "primary"` (the stage by the student's grade: 1-7 primary, 8-10 lower secondary).
    case stage(School.Stage, equal: Bool)

    /// True for the student of `grade`.
    public func holds(grade: UInt8) -> Bool {
        switch self {
        case .grade(let op, let n):
            let g = Int(grade)
            switch op {
            case ">=": return g >= n
            case ">": return g > n
            case "<=": return g <= n
            case "<": return g < n
            case "!=": return g != n
            default: return g == n
            }
        case .stage(let stage, let equal):
            return ((grade >= 8 ? School.Stage.lowerSecondary : .primary) == stage) == equal
        }
    }
}

/// `school`, `ppt`, `school-health`: who acts in a step.
public struct PolicyActor: Sendable {
    public var name: String
    public var span: SourceSpan
    /// `mental-health-family if stage = "lower-secondary"`: takes part only for those students.
    public var only: [StudentCondition] = []
    /// True for `school` (the contact teacher, the school's own team).
    public var isSchool: Bool { name == "school" }
}

/// What makes a step due.
public enum PolicyTrigger: Sendable {
    /// `after plan [and still absent 3 more days] [and grade >= 8]`.
    case after(step: String, span: SourceSpan, stillAbsent: PolicyValue?, only: [StudentCondition])
    /// A threshold or a recorded fact: `days >= 15`, `percent > 10 and days >= 5`, `concern`.
    case condition(TriggerCondition)
}

/// Thresholds and recorded facts, joined with `and` and `or`.
public indirect enum TriggerCondition: Sendable {
    /// `days >= 15`; `strict` for `>`.
    case threshold(ThresholdMeasure, strict: Bool, PolicyValue)
    /// `recorded cause-mapping`; `concern` is `recorded concern` (bekymring).
    case recorded(DocumentKind)
    /// `involved mental-health`: the date the data records for the service.
    case involved(String, SourceSpan)
    /// `grade >= 8`, `stage = "primary"`.
    case student(StudentCondition)
    case and(TriggerCondition, TriggerCondition)
    case or(TriggerCondition, TriggerCondition)
}

/// What a threshold measures, as the fields of the same names do.
public enum ThresholdMeasure: Sendable, Equatable {
    case days, percent, equiv, streak
    /// Whole days in the last N school weeks.
    case recent(weeks: Int)

    /// The measure as written.
    public var text: String {
        switch self {
        case .days: "days"
        case .percent: "percent"
        case .equiv: "equiv"
        case .streak: "streak"
        case .recent(let weeks): "recent(\(weeks))"
        }
    }
}

/// When a due step happens.
public enum PolicyTiming: Sendable {
    /// No timing written: the day it is due.
    case immediately
    /// `within 5 school days`: the 5th school day after it is due.
    case within(PolicyValue)
    /// `at meeting friday 09:00-11:00 capacity 6 [per school]`: the first weekly meeting after it is due with room.
    case meeting(MeetingSlot)
    /// `at visit [every 14 days]`: the service's next visit to the student's school.
    case visit(every: PolicyValue?)
}

/// A weekly meeting slot with a capacity in cases per week.
public struct MeetingSlot: Sendable {
    /// 0 Monday ... 4 Friday.
    public var weekday: Int
    /// `09:00-11:00`, as written.
    public var hours: String
    public var capacity: PolicyValue
    /// One queue per school (a school's resource team) instead of one for the municipality.
    public var perSchool: Bool

    static let weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday"]
}

/// `nes with threshold = 10 and slots = 8`: a policy with some parameters overridden.
public struct Scenario: Sendable {
    public var policy: Token
    public var overrides: [(name: Token, value: Double)]
    /// The scenario as written, for headings.
    public var text: String

    /// The built-in policy `actual` (what the data records), unchanged; `span` is where it was asked for.
    public static func actual(at span: SourceSpan) -> Scenario {
        Scenario(policy: Token(.identifier, "actual", span), overrides: [], text: "actual")
    }
}
