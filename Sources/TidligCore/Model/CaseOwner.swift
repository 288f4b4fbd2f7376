/// Who owns a case (sak): the service or school that called its first BTI level-2/3 meeting,
/// and so writes the minutes and sends them to the others (DOMAIN.md, BTI).
public enum CaseOwner: Sendable, Equatable, Hashable {
    /// The student's school called the meeting (`"calledBy": "school"`).
    case school
    /// A service called it; the index into `DataSet.services`.
    case service(Int)
    /// The level-2/3 meeting does not say who called it.
    case unrecorded
    /// No BTI level-2/3 meeting is in the folder yet (the case comes from involvements).
    case noMeeting

    /// `DocumentColumns.calledBy` when the document does not say.
    public static let notStated: Int16 = -1
    /// `DocumentColumns.calledBy` for the student's school.
    public static let schoolCode: Int16 = -2

    /// The owner a `calledBy` code names.
    init(code: Int16) {
        switch code {
        case CaseOwner.schoolCode: self = .school
        case 0...: self = .service(Int(code))
        default: self = .unrecorded
        }
    }

    /// `school`, the service id, `not recorded`, `no meeting`.
    public func label(_ data: DataSet) -> String {
        switch self {
        case .school: "school"
        case .service(let index): data.services[index].id
        case .unrecorded: "not recorded"
        case .noMeeting: "no meeting"
        }
    }
}
