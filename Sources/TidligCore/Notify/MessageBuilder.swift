/// Builds the content of one message about one student, carrying only what was allowed.
public struct MessageBuilder {
    public var service: Service
    public var rule: String
    public var basis: LegalBasis
    public var extras: Set<ExtraField>
    /// Who coordinates the case and how to reach them (`set coordinator`).
    public var coordinator: String?
    public var template: MessageTemplate
    public var context: EvaluationContext

    public init(
        service: Service, rule: String, basis: LegalBasis, extras: Set<ExtraField>,
        coordinator: String?,
        template: MessageTemplate, context: EvaluationContext
    ) {
        self.service = service
        self.rule = rule
        self.basis = basis
        self.extras = extras
        self.coordinator = coordinator
        self.template = template
        self.context = context
    }

    /// The school year the ledger's key uses: the data's `schoolYear`, else `YYYY/YYYY+1` from its start.
    public static func schoolYear(_ data: DataSet) -> String {
        data.calendar.schoolYear
            ?? "\(data.calendar.start.components.year)/\(data.calendar.start.components.year + 1)"
    }

    /// The keys a message on this basis with these extras carries, for checking a template.
    public static func carried(basis: LegalBasis, extras: Set<ExtraField>) -> Set<String> {
        if !basis.identifiesStudent {
            return [
                "messageId", "service", "serviceName", "rule", "schoolYear", "basis", "asOf",
                "threshold",
                "coordinator", "where", "daysBand", "percentBand", "crossingMonth",
            ]
        }
        var keys = Set(MessageContent.placeholders)
        keys.subtract(["where", "daysBand", "percentBand", "crossingMonth", "ground"])
        if case .consent = basis {} else { keys.remove("consentReference") }
        if basis.ground != nil { keys.insert("ground") }
        if !extras.contains(.documented) { keys.subtract(["documented", "undocumented"]) }
        if !extras.contains(.reasons) { keys.remove("reasons") }
        if !extras.contains(.notes) { keys.remove("notes") }
        return keys
    }

    /// The content for `row` on `basis` (the command's, or the one this student's consents
    /// give), its template text rendered, with `messageId` first. An anonymous message needs
    /// `anonymity`, the counts of the whole data set.
    public func content(
        row: Int, messageID: String, basis: LegalBasis? = nil, anonymity: Anonymity? = nil
    )
        -> MessageContent
    {
        let basis = basis ?? self.basis
        let data = context.data
        var content = MessageContent()
        content.add("messageId", .text(messageID))
        content.add("service", .text(service.id))
        content.add("serviceName", .text(service.name))
        content.add("rule", .text(rule))
        content.add("schoolYear", .text(MessageBuilder.schoolYear(data)))
        content.add("basis", .text(basis.kind))
        if let reference = basis.reference { content.add("consentReference", .text(reference)) }
        if let ground = basis.ground { content.add("ground", .text(ground)) }
        guard basis.identifiesStudent else {
            return anonymous(
                row: row, content, basis: basis, anonymity: anonymity ?? Anonymity(context: context)
            )
        }
        content.add("student", .text(data.students.ids[row]))
        let school = data.schools[Int(data.students.school[row])]
        content.add("school", .text(school.id))
        content.add("schoolName", .text(school.name))
        content.add("grade", .int(Int(data.students.grade[row])))
        addFigures(row, &content)
        content.add("coordinator", coordinator.map(MessageValue.text) ?? .null)
        addExtras(row, &content)
        var words = content  // the text says the basis in words: "consent (ref-2025-17)"
        words.replace("basis", with: .text(basis.description))
        content.add("text", .text(template.render(words)))
        return content
    }

    /// An anonymous message: bands, the month, and school and grade only as far as `anonymity` allows.
    private func anonymous(
        row: Int, _ start: MessageContent, basis: LegalBasis, anonymity: Anonymity
    ) -> MessageContent {
        let data = context.data
        var content = start
        let level = anonymity.level(row)
        let carried = Set(level.fields)
        let school = data.schools[Int(data.students.school[row])]
        var place = "in the municipality"
        if carried.contains("school") {
            content.add("school", .text(school.id))
            content.add("schoolName", .text(school.name))
            place = "at \(school.name)"
        }
        if carried.contains("grade") {
            content.add("grade", .int(Int(data.students.grade[row])))
            place += ", grade \(data.students.grade[row])"
        }
        content.add("where", .text(place))
        content.add("asOf", .text(context.asOf.description))
        content.add("threshold", .int(context.threshold))
        if carried.contains("daysBand") { content.add("daysBand", .text(anonymity.daysBand(row))) }
        if carried.contains("percentBand") {
            content.add("percentBand", .text(anonymity.percentBand(row)))
        }
        if carried.contains("crossingMonth") {
            content.add(
                "crossingMonth", anonymity.crossingMonth(row).map(MessageValue.text) ?? .null)
        }
        if level != .schoolAndGrade {
            content.add(
                "withheld",
                .text(level.withheld + ": fewer than \(Anonymity.k) students share them"))
        }
        content.add("coordinator", coordinator.map(MessageValue.text) ?? .null)
        var words = content
        words.replace("basis", with: .text(basis.description))
        let text =
            template.usesOnly(MessageBuilder.carried(basis: .anonymous, extras: []))
            ? template : MessageTemplate.builtIn(for: service.kind, basis: .anonymous)
        content.add("text", .text(text.renderAnonymous(words, level: level)))
        return content
    }

    private func addFigures(_ row: Int, _ content: inout MessageContent) {
        let data = context.data
        content.add("asOf", .text(context.asOf.description))
        content.add("days", .int(Int(context.totals.days[row])))
        content.add("hours", .number(Double(context.totals.hours[row]), places: 1))
        content.add("percent", .number(context.percent(row), places: 1))
        content.add("threshold", .int(context.threshold))
        let crossing = data.crossingDate(row: row, days: context.threshold, asOf: context.asOf)
        content.add("crossing", crossing.map { .text($0.description) } ?? .null)
        content.add(
            "bti", data.btiLevel(row: row, asOf: context.asOf).map(MessageValue.int) ?? .null)
    }

    private func addExtras(_ row: Int, _ content: inout MessageContent) {
        let data = context.data
        if extras.contains(.documented) {
            let documented = Int(context.totals.documentedDays[row])
            content.add("documented", .int(documented))
            content.add("undocumented", .int(Int(context.totals.days[row]) - documented))
        }
        if extras.contains(.reasons) {
            let reasons = data.students.absenceRange(row).compactMap { i -> String? in
                guard data.absence.date[i] <= context.asOf,
                    let reason = data.absence.reasons[Int32(i)]
                else { return nil }
                return "\(data.absence.date[i]): \(reason)"
            }
            content.add("reasons", .list(reasons))
        }
        if extras.contains(.notes) {
            let notes = data.students.documentRange(row).compactMap { i -> String? in
                guard data.documents.date[i] <= context.asOf,
                    let text = data.documents.texts[Int32(i)]
                else { return nil }
                return "\(data.documents.date[i]) \(data.documents.kind[i].name): \(text)"
            }
            content.add("notes", .list(notes))
        }
    }
}

extension DataSet {
    /// The highest BTI level of a meeting in the student's folder by `asOf`; nil when no meeting states one.
    public func btiLevel(row: Int, asOf: Day) -> Int? {
        var level: Int?
        for i in students.documentRange(row)
        where documents.date[i] <= asOf && documents.bti[i] >= 0 {
            level = max(level ?? 0, Int(documents.bti[i]))
        }
        return level
    }
}
