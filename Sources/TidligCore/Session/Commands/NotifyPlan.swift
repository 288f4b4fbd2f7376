/// Who gets a message on which basis, and who does not and why: decided before anything is
/// recorded, from each student's consents on the date in force.
struct NotifyPlan {
    struct Message {
        var row: Int
        /// The command's basis, or for `basis consent` the references this student's consents give.
        var basis: LegalBasis
    }

    var messages: [Message] = []
    /// Students left out: no consent valid for the service on the date in force.
    var refused: [(row: Int, reason: ConsentCheck.Refusal)] = []
    /// The counts anonymous messages need; nil when there are none.
    var anonymity: Anonymity?
    let data: DataSet
    let service: String

    init(_ rows: [Int], _ builder: MessageBuilder, otherwiseAnonymous: Bool) {
        let context = builder.context
        data = context.data
        service = builder.service.id
        for row in rows {
            guard case .consent(nil) = builder.basis else {
                messages.append(Message(row: row, basis: builder.basis))
                continue
            }
            let check = ConsentCheck.check(
                data.consents(row: row), service: builder.service, on: context.asOf,
                ownConsentNeeded: data.ageReached(row: row, on: context.asOf) >= 15)
            switch check {
            case .valid(let references):
                messages.append(
                    Message(row: row, basis: .consent(reference: references.joined(separator: "+")))
                )
            case .refused(let reason):
                if otherwiseAnonymous {
                    messages.append(Message(row: row, basis: .anonymous))
                } else {
                    refused.append((row, reason))
                }
            }
        }
        if messages.contains(where: { $0.basis == .anonymous }) {
            anonymity = Anonymity(context: context)
        }
    }

    /// How many anonymous messages say less than school and grade, for the sender.
    var saidLess: [Anonymity.Level: Int] {
        guard let anonymity else { return [:] }
        var counts: [Anonymity.Level: Int] = [:]
        for message in messages where message.basis == .anonymous {
            let level = anonymity.level(message.row)
            if level != .schoolAndGrade { counts[level, default: 0] += 1 }
        }
        return counts
    }

    /// Tells the sender who was left out (id and why) and which anonymous messages say less.
    func tell(_ session: Session) {
        for (row, reason) in refused {
            session.say("  not sent to \(service): \(data.students.ids[row]) (\(reason.rawValue))")
        }
        for (level, count) in saidLess.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            session.say(
                "  \(count) anonymous message\(count == 1 ? " leaves" : "s leave") out \(level.withheld): "
                    + "fewer than \(Anonymity.k) students share \(count == 1 ? "its" : "their") figures"
            )
        }
    }
}
