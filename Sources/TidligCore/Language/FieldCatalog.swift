/// A field of a student that queries can use: `days`, `crossing(15)`, `involved(ppt)`.
public struct FieldDefinition: Sendable {
    /// What a field function takes.
    public enum Parameter: Sendable {
        /// A whole number of days of absence (`15`, `15 days`), with its default when left out.
        case count(String, default: DefaultCount)
        /// A stretch of school time: `4` or `4 weeks` (school weeks), `10 days` (school days);
        /// the default in weeks when left out.
        case period(defaultWeeks: Int)
        /// A service id of the data set.
        case service
        /// `4 weeks` or `20 days` (school time after the date in force) or a date; default 4 weeks.
        case horizon(String)

        /// What completes the argument being typed: the data's service ids for a service, and
        /// the units that apply once a number is written.
        public func completions(services: [String], afterNumber: Bool) -> [String] {
            switch self {
            case .service: afterNumber ? [] : services
            case .count: afterNumber ? ["days"] : []
            case .period, .horizon: afterNumber ? ["weeks", "days"] : []
            }
        }
    }

    /// A default for a count parameter.
    public enum DefaultCount: Sendable {
        case none
        case value(Int)
        /// The action threshold in force.
        case threshold
    }

    public var name: String
    public var type: ValueType
    public var summary: String
    public var parameters: [Parameter]
    /// Builds the per-row reader, given the arguments checked and settled, one per parameter.
    public var make:
        @Sendable (_ arguments: [ArgumentValue], _ context: EvaluationContext) -> (Int) -> Value

    public init(
        _ name: String, _ type: ValueType, _ summary: String, parameters: [Parameter] = [],
        make: @escaping @Sendable ([ArgumentValue], EvaluationContext) -> (Int) -> Value
    ) {
        self.name = name
        self.type = type
        self.summary = summary
        self.parameters = parameters
        self.make = make
    }

    /// `crossing(days)` style signature for help.
    public var signature: String {
        guard !parameters.isEmpty else { return name }
        let names = parameters.map { p -> String in
            switch p {
            case .count(let n, _): n
            case .period: "weeks"
            case .service: "service"
            case .horizon(let n): n.replacing(" ", with: "-")
            }
        }
        return "\(name)(\(names.joined(separator: ", ")))"
    }
}

/// A field function's argument, checked against its parameter and settled.
public enum ArgumentValue: Sendable, Equatable {
    /// Whole days of absence.
    case count(Int)
    /// School days (`recent(2 weeks)` is 10).
    case schoolDays(Int)
    /// A service, by index in the data set.
    case service(Int)
    /// A forecast horizon.
    case horizon(Forecast.Horizon)

    /// The number a count, a stretch of school days or a service index carries.
    public var number: Int {
        switch self {
        case .count(let n), .schoolDays(let n), .service(let n): n
        case .horizon: 0
        }
    }

    /// The horizon, for a horizon argument; 4 school weeks otherwise.
    public var horizon: Forecast.Horizon {
        if case .horizon(let h) = self { h } else { .weeks(4) }
    }
}

/// Every field queries can use, by name. Later capabilities (audit, forecast) add theirs here.
public enum FieldCatalog {
    /// All fields, in the order `fields` lists them.
    public static let all: [FieldDefinition] = basic + absence + folder + audit + forecast + years

    /// The field with this name.
    public static func field(named name: String) -> FieldDefinition? { byName[name] }

    private static let byName: [String: FieldDefinition] = Dictionary(
        all.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })

    static let basic: [FieldDefinition] = [
        FieldDefinition("id", .string, "the pseudonymous student id") { _, c in
            { .string(c.data.students.ids[$0]) }
        },
        FieldDefinition("school", .string, "the school id") { _, c in
            { .string(c.data.schools[Int(c.data.students.school[$0])].id) }
        },
        FieldDefinition("grade", .int, "grade 1 to 10") { _, c in
            { .int(Int(c.data.students.grade[$0])) }
        },
        FieldDefinition("stage", .string, "\"primary\" (grades 1-7) or \"lower-secondary\" (8-10)")
        { _, c in
            { .string(c.data.students.stage($0).rawValue) }
        },
    ]

    static let absence: [FieldDefinition] = [
        FieldDefinition("days", .int, "whole days of absence (dagsfravær)") { _, c in
            { .int(Int(c.totals.days[$0])) }
        },
        FieldDefinition("hours", .number, "hours of single-hour absence (timefravær)") { _, c in
            { .number(c.totals.hours[$0]) }
        },
        FieldDefinition("equiv", .number, "day equivalents: days + hours ÷ hours per day") { _, c in
            { .number(c.equivalents($0)) }
        },
        FieldDefinition("percent", .number, "100 × day equivalents ÷ school days so far") { _, c in
            { .number(c.percent($0)) }
        },
        FieldDefinition(
            "documented", .int, "whole days with documentation (doctor's note, guardians)"
        ) { _, c in
            { .int(Int(c.totals.documentedDays[$0])) }
        },
        FieldDefinition("undocumented", .int, "whole days without documentation") { _, c in
            { .int(Int(c.totals.days[$0] - c.totals.documentedDays[$0])) }
        },
        FieldDefinition(
            "crossing", .date,
            "date of the N-th whole day (default: the threshold in force); null if not reached",
            parameters: [.count("days", default: .threshold)]
        ) { a, c in
            {
                c.data.crossingDate(row: $0, days: a[0].number, asOf: c.asOf).map(Value.date)
                    ?? .null
            }
        },
        FieldDefinition(
            "recent", .int,
            "whole days in the last N school weeks (default 4); `recent(10 days)`: the last 10 school days",
            parameters: [.period(defaultWeeks: 4)]
        ) { a, c in
            { .int(c.data.recentDays(row: $0, schoolDays: a[0].number, asOf: c.asOf)) }
        },
        FieldDefinition("streak", .int, "the longest run of consecutive absent school days") {
            _, c in
            { .int(c.data.longestRun(row: $0, asOf: c.asOf)) }
        },
    ]

    static let folder: [FieldDefinition] = [
        FieldDefinition("documents", .int, "documents in the student's folder (elevmappe) so far") {
            _, c in
            { row in
                .int(
                    c.data.students.documentRange(row).filter {
                        c.data.documents.date[$0] <= c.asOf
                    }.count)
            }
        },
        FieldDefinition(
            "involved", .bool, "true when the service was involved by the date in force",
            parameters: [.service]
        ) { a, c in
            { .bool(c.data.involvementDate(row: $0, service: a[0].number, asOf: c.asOf) != nil) }
        },
        FieldDefinition(
            "minutes_missing", .bool,
            "a meeting the service attended, and did not call, did not send it the minutes",
            parameters: [.service]
        ) { a, c in
            { .bool(c.data.minutesMissing(row: $0, service: a[0].number, asOf: c.asOf)) }
        },
        FieldDefinition(
            "involvement", .date, "the date the service became involved; null if not",
            parameters: [.service]
        ) { a, c in
            {
                c.data.involvementDate(row: $0, service: a[0].number, asOf: c.asOf).map(Value.date)
                    ?? .null
            }
        },
    ]

    /// The folder-audit fields (DOMAIN.md), over the window in force (`set window`, `set little`).
    static let audit: [FieldDefinition] = [
        FieldDefinition(
            "causes", .string,
            "cause mapping in the audit window: described, partial or missing; `causes described`"
        ) { _, c in
            { .string(c.data.audit(row: $0, window: c.window).causes.rawValue) }
        },
        FieldDefinition(
            "measures", .string,
            "documented or missing (an action plan or measure in the window); `measures documented`"
        ) { _, c in
            {
                .string(
                    c.data.audit(row: $0, window: c.window).measuresDocumented
                        ? "documented" : "missing")
            }
        },
        FieldDefinition(
            "template", .string,
            "used or unused (an action plan on the municipal template); `template used`"
        ) { _, c in
            { .string(c.data.audit(row: $0, window: c.window).templateUsed ? "used" : "unused") }
        },
        FieldDefinition(
            "evaluation", .string,
            "evaluation of measures: full, partial or none; `evaluation none`"
        ) { _, c in
            { .string(c.data.audit(row: $0, window: c.window).evaluation.rawValue) }
        },
        FieldDefinition(
            "overdue", .bool,
            "an action plan's evaluation date has passed with no evaluation; `evaluation overdue`"
        ) { _, c in
            { .bool(c.data.audit(row: $0, window: c.window).evaluationOverdue) }
        },
        FieldDefinition(
            "little", .bool,
            "little documentation: at most 2 documents in the window; `little documentation`"
        ) { _, c in
            { .bool(c.data.audit(row: $0, window: c.window).littleDocumentation) }
        },
    ]

    /// Fields across school years (`tidlig/2`): a child followed from year to year.
    static let years: [FieldDefinition] = [
        FieldDefinition(
            "years_over", .int,
            "school years up to this one with at least N whole days (default: the threshold)",
            parameters: [.count("days", default: .threshold)]
        ) { a, c in
            // The crossing dates per year are fetched once for the query, not once per student.
            let n = a[0].number, asOf = c.asOf
            guard n >= 1 else { return { _ in .int(c.data.yearIndex(inForceOn: asOf) + 1) } }
            let crossings = c.data.crossingDates(days: n)
            return { .int(crossings.yearsOver(row: $0, asOf: asOf)) }
        },
        FieldDefinition(
            "moved", .bool,
            "changed school, within a school year or between years, by the date in force"
        ) { _, c in
            { .bool(c.data.moved(row: $0, asOf: c.asOf)) }
        },
        FieldDefinition(
            "first_crossing", .date,
            "the first crossing of N days (default: the threshold) in any school year",
            parameters: [.count("days", default: .threshold)]
        ) { a, c in
            let data = c.data, n = a[0].number, asOf = c.asOf
            guard data.isMultiYear else {
                return { data.crossingDate(row: $0, days: n, asOf: asOf).map(Value.date) ?? .null }
            }
            guard n >= 1 else { return { _ in .null } }
            let crossings = data.crossingDates(days: n)
            return { crossings.first(row: $0, asOf: asOf).map(Value.date) ?? .null }
        },
    ]
}
