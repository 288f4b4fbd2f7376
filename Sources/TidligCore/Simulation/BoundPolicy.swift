/// A policy with its parameters settled and its services found in a data set: what the
/// simulator runs. Every name and number is checked here, before any student is looked at.
struct BoundPolicy: Sendable {
    /// The scenario as written: `nes with slots = 8`.
    var label: String
    var steps: [BoundStep]
    /// Services named by the steps, in order of first appearance.
    var services: [Int]
    /// Services whose id names no step: each gets a result row of its own (its first step).
    var serviceRows: [Int]
    /// Key of each result row: the step names, then the ids of `serviceRows`.
    var rowKeys: [String] { steps.map(\.name) + serviceRows.map { serviceIDs[$0] } }
    var serviceIDs: [String]
    /// Services that queue their cases (`capacity ...`).
    var capacities: [BoundCapacity] = []
}

struct BoundStep: Sendable {
    var name: String
    /// Service indexes (the school is not a service).
    var services: [Int]
    /// For each of `services`, the students it takes part for (empty: all).
    var only: [[StudentCondition]] = []
    /// `school, ppt`, as written.
    var who: String
    var bti: Int
    var trigger: BoundTrigger
    var timing: BoundTiming
}

extension BoundStep {
    /// True when the step's `index`-th service takes part for a student of `grade`.
    func takesPart(_ index: Int, grade: UInt8) -> Bool {
        index >= only.count || only[index].allSatisfy { $0.holds(grade: grade) }
    }

    /// True when some service of the step takes part for a student of `grade`.
    func involvesService(grade: UInt8) -> Bool {
        services.indices.contains { takesPart($0, grade: grade) }
    }
}

enum BoundTrigger: Sendable {
    /// Due when step `index` is done, or at the `stillAbsent`-th whole day after it (0: at once),
    /// for the students `only` holds for.
    case after(index: Int, stillAbsent: Int, only: [StudentCondition])
    case condition(BoundCondition)
}

/// A trigger condition with whole-number thresholds made inclusive (`days > 14` is `days >= 15`).
indirect enum BoundCondition: Sendable {
    case days(Int)
    case percent(Double, strict: Bool)
    case equiv(Double, strict: Bool)
    case recent(schoolDays: Int, atLeast: Int)
    case streak(Int)
    case recorded(DocumentKind)
    case involved(Int)
    case student(StudentCondition)
    case and(BoundCondition, BoundCondition)
    case or(BoundCondition, BoundCondition)
}

/// A service's capacity in a simulation: `places` open cases, each kept `schoolDays`.
struct BoundCapacity: Sendable {
    var service: Int
    var places: Int
    var schoolDays: Int
}

enum BoundTiming: Sendable {
    case within(schoolDays: Int)
    case meeting(weekday: Int, capacity: Int, perSchool: Bool)
    /// `everyDays[school]`: the days between visits to each school.
    case visit(everyDays: [Int], service: Int)
}

extension BoundPolicy {
    /// Settles `policy` under `scenario`'s overrides against `data`.
    init(_ policy: Policy, scenario: Scenario, data: DataSet) throws(Diagnostic) {
        var values: [String: Double] = [:]
        for parameter in policy.parameters { values[parameter.name] = parameter.value }
        var visits: Int?
        var spans: [String: SourceSpan] = [:]
        for (name, value) in scenario.overrides {
            spans[name.text] = name.span
            guard value.magnitude <= Double(StepBinder.largestCount) else {
                throw StepBinder.tooLarge(name.text, value, policy: policy.name, at: name.span)
            }
            if name.text == "visits" {
                guard let days = Int(exactly: value), days >= 1 else {
                    throw Diagnostic(
                        "'visits' is a whole number of days (1 or more)", at: name.span)
                }
                visits = days
            } else {
                values[name.text] = value
            }
        }
        let binder = StepBinder(
            values: values, visits: visits, data: data, policy: policy.name,
            at: scenario.policy.span,
            overrides: spans)
        steps = []
        for step in policy.steps { steps.append(try binder.bind(step, earlier: steps)) }
        capacities = []
        for capacity in policy.capacities { capacities.append(try binder.bind(capacity)) }
        var seen: [Int] = []
        for step in steps {
            for service in step.services where !seen.contains(service) { seen.append(service) }
        }
        services = seen
        let ids = data.services.map(\.id)
        serviceIDs = ids
        serviceRows = seen.filter { service in !policy.steps.contains { $0.name == ids[service] } }
        label = scenario.text
    }
}

/// Binds one step: its numbers, services, trigger and timing.
struct StepBinder {
    let values: [String: Double]
    let visits: Int?
    let data: DataSet
    let policy: String
    let at: SourceSpan
    /// Where the scenario set each parameter it overrides (`with threshold = 10`).
    var overrides: [String: SourceSpan] = [:]

    /// The largest number a policy counts with (days, school days, cases): more than any school
    /// year holds, and small enough that no date or sum the simulation makes from it overflows.
    static let largestCount = 100_000

    static func tooLarge(_ what: String, _ number: Double, policy: String, at span: SourceSpan)
        -> Diagnostic
    {
        Diagnostic(
            "'\(what)' is \(formatDecimal(number, places: 0)) in policy '\(policy)', more than tidlig counts",
            at: span, note: "use at most \(largestCount)")
    }

    private func name(of value: PolicyValue) -> String? {
        if case .parameter(let name, _) = value { name } else { nil }
    }

    /// Where a value was set: the override in the scenario, else the policy named.
    private func span(of value: PolicyValue) -> SourceSpan {
        if case .parameter(let name, _) = value, let span = overrides[name] { return span }
        return at
    }

    func bind(_ step: PolicyStep, earlier: [BoundStep]) throws(Diagnostic) -> BoundStep {
        var services: [Int] = [], only: [[StudentCondition]] = []
        for actor in step.actors where !actor.isSchool {
            services.append(try service(actor.name, actor.span))
            only.append(actor.only)
        }
        let trigger: BoundTrigger
        switch step.trigger {
        case .after(let name, _, let still, let conditions):
            let index = earlier.firstIndex { $0.name == name }!  // the parser checked it
            var count = 0
            if let still { count = try whole(still, "still absent", minimum: 1) }
            trigger = .after(index: index, stillAbsent: count, only: conditions)
        case .condition(let condition):
            trigger = .condition(try bind(condition))
        }
        // BTI: one service alone is level 1, two cooperating level 2, several level 3.
        let count = step.actors.count
        return BoundStep(
            name: step.name, services: services, only: only,
            who: step.actors.map { $0.name + ($0.only.isEmpty ? "" : "*") }.joined(separator: ", "),
            bti: step.bti ?? (count <= 1 ? 1 : count == 2 ? 2 : 3), trigger: trigger,
            timing: try timing(step.timing, services: services, step: step))
    }

    private func bind(_ condition: TriggerCondition) throws(Diagnostic) -> BoundCondition {
        switch condition {
        case .threshold(let measure, let strict, let value):
            let number = resolve(value)
            guard number.magnitude <= Double(StepBinder.largestCount) else {
                throw StepBinder.tooLarge(
                    name(of: value) ?? measure.text, number, policy: policy, at: span(of: value))
            }
            let count = strict ? Int(number.rounded(.down)) + 1 : Int(number.rounded(.up))
            switch measure {
            case .days: return .days(max(1, count))
            case .percent: return .percent(number, strict: strict)
            case .equiv: return .equiv(number, strict: strict)
            case .streak: return .streak(max(1, count))
            case .recent(let weeks): return .recent(schoolDays: 5 * weeks, atLeast: max(1, count))
            }
        case .recorded(let kind): return .recorded(kind)
        case .involved(let name, let span): return .involved(try service(name, span))
        case .student(let condition): return .student(condition)
        case .and(let a, let b): return .and(try bind(a), try bind(b))
        case .or(let a, let b): return .or(try bind(a), try bind(b))
        }
    }

    private func timing(_ timing: PolicyTiming, services: [Int], step: PolicyStep)
        throws(Diagnostic) -> BoundTiming
    {
        switch timing {
        case .immediately:
            return .within(schoolDays: 0)
        case .within(let value):
            return .within(schoolDays: try whole(value, "within", minimum: 0))
        case .meeting(let slot):
            return .meeting(
                weekday: slot.weekday, capacity: try whole(slot.capacity, "capacity", minimum: 1),
                perSchool: slot.perSchool)
        case .visit(let every):
            guard let service = services.first else {
                throw Diagnostic(
                    "step '\(step.name)' of policy '\(policy)' is at a visit but names no service",
                    at: at)
            }
            // `with visits = N` over `every N days` over each school's own cadence over the service's.
            var fixed = visits
            if visits == nil, let every { fixed = try whole(every, "every", minimum: 1) }
            if let fixed {
                return .visit(
                    everyDays: Array(repeating: fixed, count: data.schools.count), service: service)
            }
            var days: [Int] = []
            for school in data.schools {
                guard let d = school.visitEveryDays ?? data.services[service].visitEveryDays else {
                    throw Diagnostic(
                        "service '\(data.services[service].id)' has no visitEveryDays in the data, "
                            + "nor school '\(school.id)'", at: at,
                        note: "write 'at visit every N days' or add 'with visits = N'")
                }
                days.append(d)
            }
            return .visit(everyDays: days, service: service)
        }
    }

    func bind(_ capacity: ServiceCapacity) throws(Diagnostic) -> BoundCapacity {
        let advisers = try whole(capacity.advisers, "advisers", minimum: 1)
        let cases = try whole(capacity.cases, "cases", minimum: 1)
        return BoundCapacity(
            service: try service(capacity.service, capacity.span), places: advisers * cases,
            schoolDays: try whole(capacity.schoolDays, "for ... school days", minimum: 1))
    }

    private func resolve(_ value: PolicyValue) -> Double {
        switch value {
        case .number(let v): v
        case .parameter(let name, _): values[name] ?? 0
        }
    }

    private func whole(_ value: PolicyValue, _ what: String, minimum: Int) throws(Diagnostic) -> Int
    {
        let number = resolve(value)
        guard number.magnitude <= Double(StepBinder.largestCount) else {
            throw StepBinder.tooLarge(
                name(of: value) ?? what, number, policy: policy, at: span(of: value))
        }
        guard let result = Int(exactly: number), result >= minimum else {
            throw Diagnostic(
                "'\(what)' needs a whole number of at least \(minimum) in policy '\(policy)', found \(formatDecimal(number, places: 2))",
                at: at)
        }
        return result
    }

    /// A service by id, else by kind (`school-health` finds a service of that kind).
    private func service(_ name: String, _ span: SourceSpan) throws(Diagnostic) -> Int {
        if let index = data.serviceIndex(id: name) ?? data.serviceIndex(kind: name) { return index }
        let ids = data.services.map(\.id)
        throw Diagnostic(
            "policy '\(policy)' names the service '\(name)', which the data does not have", at: at,
            note: didYouMean(name, in: ids) ?? "services: \(ids.joined(separator: ", "))")
    }
}
