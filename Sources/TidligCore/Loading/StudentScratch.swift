/// Per-student working state of the parser, reused from student to student (no allocation
/// once warm): where the student's records begin, sparse texts by file index, and problems
/// found while parsing, all resolved when the student's object closes.
struct StudentScratch {
    static let absence: UInt8 = 0, folder: UInt8 = 1, involvements: UInt8 = 2

    var absenceStart = 0
    var documentStart = 0
    var involvementStart = 0
    /// tidlig/2: where the student's enrolments begin in the columns, and each one's offset in
    /// the file (its `{`), in file order.
    var enrolmentStart = 0
    var enrolmentOffsets: [Int] = []
    /// Reasons of absence records, by index in the file's `absence` array.
    var reasons: [(Int32, String)] = []
    /// Texts of documents, by index in the file's `folder` array.
    var texts: [(Int32, String)] = []
    /// For each stored involvement, its index in the file (unknown services are not stored).
    var involvementFileIndex: [Int32] = []
    var problems: [PendingProblem] = []
    /// Sorting buffer: a date order (sorted position -> index in the file).
    var order: [Int32] = []
    /// The order in which the student's absence, folder and involvements keys appeared.
    var sectionRank: [UInt8] = [0, 1, 2]
    private var sectionsSeen: UInt8 = 0

    mutating func begin(absence: Int, documents: Int, involvements: Int, enrolments: Int) {
        absenceStart = absence
        documentStart = documents
        involvementStart = involvements
        enrolmentStart = enrolments
        if !enrolmentOffsets.isEmpty { enrolmentOffsets.removeAll(keepingCapacity: true) }
        if !reasons.isEmpty { reasons.removeAll(keepingCapacity: true) }
        if !texts.isEmpty { texts.removeAll(keepingCapacity: true) }
        if !involvementFileIndex.isEmpty { involvementFileIndex.removeAll(keepingCapacity: true) }
        if !problems.isEmpty { problems.removeAll(keepingCapacity: true) }
        sectionsSeen = 0
    }

    /// Records that `section`'s key came next in the student's object.
    @inline(__always) mutating func noteSection(_ section: UInt8) {
        sectionRank[Int(section)] = sectionsSeen
        sectionsSeen += 1
    }
}

/// A data-quality problem of the current student, before its id and final path are known.
struct PendingProblem {
    var section: UInt8
    /// Index in the file's array of that section.
    var fileIndex: Int32
    /// Order among problems of one record: weekend, non-school day, duplicate, hours, after asOf, service.
    var rank: UInt8
    var kind: DataProblem.Kind
    /// Path below the student, `.absence[3]`.
    var subpath: String
    var detail: String
}
