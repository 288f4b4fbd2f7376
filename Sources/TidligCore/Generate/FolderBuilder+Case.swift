/// Who called a student's BTI meetings, and which involvements have ended: the case
/// (sak) around the folder.
extension FolderBuilder {
    /// Per service (in `Service.nesDefaults` order): the chance an involvement has ended,
    /// when 6 to 26 weeks have passed by `asOf`.
    private static let endOdds: [Double] = [0.35, 0.4, 0.25, 0.3, 0.3, 0.35, 0.4]

    /// Sets `calledBy` on the level-2/3 meetings and `ended` on some involvements.
    /// The school calls most meetings; a service present calls some; some minutes do not
    /// say who called (the owner then is not recorded). Every meeting of a case has one caller.
    mutating func addCaseDetails(rng: inout SplitMix64) {
        let meetings = documents.indices.filter {
            documents[$0].kind == .meeting && (documents[$0].bti ?? 0) >= 2
        }
        if let firstMeeting = meetings.first {
            let roll = rng.unit()
            let present = documents[firstMeeting].services
            let caller: Int? =
                if roll < 0.12 { nil } else if roll < 0.6 || present == 0 { -1 } else {
                    FolderBuilder.bit(of: present, &rng)
                }
            if let caller {
                for meeting in meetings {
                    let called =
                        caller >= 0 && documents[meeting].services & (1 << UInt8(caller)) != 0
                    documents[meeting].calledBy = called ? caller : -1
                }
            }
        }
        for index in involvements.indices {
            let ends = rng.chance(FolderBuilder.endOdds[involvements[index].service])
            let ended = FolderBuilder.weekday(
                involvements[index].date.adding(days: rng.int(in: 42...180)))
            if ends, ended <= context.asOf { involvements[index].ended = ended }
        }
    }

    /// The index of one set bit of `mask`, uniformly.
    private static func bit(of mask: UInt8, _ rng: inout SplitMix64) -> Int {
        var skip = rng.below(mask.nonzeroBitCount)
        for bit in 0..<8 where mask & (1 << UInt8(bit)) != 0 {
            if skip == 0 { return bit }
            skip -= 1
        }
        return 0
    }
}
