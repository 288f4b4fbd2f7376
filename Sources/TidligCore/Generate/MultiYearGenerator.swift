/// Writes a synthetic `tidlig/2` data set of several school years (`tidlig generate --years N`):
/// the schools of Table 1, each child followed from year to year, moving up a grade each year,
/// from a primary school to a lower-secondary one of the same district after 7th grade, and
/// about 3 % of the child-years changing school in February. Lower-secondary schools have a
/// planning day of their own each year.
///
/// Every child is in school every year for up to 3 years (children start in grades 1 to 7, or in
/// 8th grade); with more years, those past 10th grade leave. Absence is drawn per child-year
/// around the school's Table 1 mean (not calibrated to it exactly, as the one-year sample is).
/// The output depends only on `(students, years, seed)`.
public struct MultiYearGenerator: DataGenerator {
    public let students: Int
    /// School years, ending with 2024/2025; 1 to 10.
    public let years: Int
    public let seed: UInt64
    /// JSON Lines: the header object on line 1 (no "students"), then one child per line.
    public var lines = false

    public init(students: Int, years: Int, seed: UInt64) {
        self.students = max(0, students)
        self.years = min(max(1, years), 10)
        self.seed = seed
    }

    /// The calendar of year `k` of `count` (the last is 2024/2025): the Nes calendar moved back
    /// 52 weeks a year, so every date keeps its weekday.
    static func calendar(_ k: Int, of count: Int, planningDay: Bool) -> SchoolCalendar {
        let base = NesProfile.calendar
        let shift = -364 * (count - 1 - k)
        var closures = base.closures.map {
            SchoolCalendar.Closure(
                from: $0.from.adding(days: shift), to: $0.to.adding(days: shift), name: $0.name)
        }
        let start = base.start.adding(days: shift)
        if planningDay { closures.append(planningClosure(start)) }
        let first = 2024 - (count - 1 - k)
        return SchoolCalendar(
            start: start, end: base.end.adding(days: shift), hoursPerDay: 6, closures: closures,
            schoolYear: "\(first)/\(first + 1)")
    }

    /// The lower-secondary schools' own planning day: the Friday of the second week.
    static func planningClosure(_ start: Day) -> SchoolCalendar.Closure {
        SchoolCalendar.Closure(
            from: start.adding(days: 11), to: start.adding(days: 11), name: "Planleggingsdag")
    }

    public func write(to sink: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        let units = SchoolUnit.layout(students: students)
        let contexts = (0..<years).map { k in
            [false, true].map { planning in
                YearContext(
                    calendar: Self.calendar(k, of: years, planningDay: planning),
                    asOf: k == years - 1
                        ? NesProfile.asOf : Self.calendar(k, of: years, planningDay: false).end)
            }
        }
        let first = contexts[0][0].calendar.start
        var writer = JSONWriter(
            dates: DateTable(from: first.adding(days: -800), to: NesProfile.asOf.adding(days: 800)))
        writeHeader(units: units, contexts: contexts, to: &writer)
        var child = ChildWriter(seed: seed, years: years, units: units, contexts: contexts)
        var ordinal = 0
        for (index, unit) in units.enumerated() {
            for _ in 0..<unit.students {
                ordinal += 1
                child.write(
                    ordinal: ordinal, unit: index, last: lines || ordinal == students,
                    to: &writer)
                try writer.flush(to: sink)
            }
        }
        if !lines { writer.raw("]}\n") }
        try writer.flush(to: sink, threshold: 0)
    }

    private func writeHeader(
        units: [SchoolUnit], contexts: [[YearContext]], to writer: inout JSONWriter
    ) {
        writer.raw(#"{"format":"tidlig/2","municipality":"Nes (synthetic, several years)","asOf":"#)
        writer.date(NesProfile.asOf)
        writer.raw(#","schoolYears":["#)
        for (k, pair) in contexts.enumerated() {
            let calendar = pair[0].calendar
            // JSON Lines: the whole header on line 1.
            writer.raw(k == 0 ? (lines ? "" : "\n") : (lines ? "," : ",\n"))
            writer.raw(#"{"schoolYear":"#)
            writer.string(calendar.schoolYear ?? "")
            writer.raw(#","start":"#)
            writer.date(calendar.start)
            writer.raw(#","end":"#)
            writer.date(calendar.end)
            writer.raw(#","hoursPerDay":6,"closures":["#)
            HeaderWriter.writeClosures(calendar.closures, to: &writer)
            writer.raw(#"],"schools":{"#)
            let planning = Self.planningClosure(calendar.start)
            for (n, unit) in units.filter(\.base.lowerSecondary).enumerated() {
                if n > 0 { writer.raw(",") }
                writer.string(unit.id)
                writer.raw(#":{"closures":["#)
                HeaderWriter.writeClosures([planning], to: &writer)
                writer.raw("]}")
            }
            writer.raw("}}")
        }
        writer.raw(#"],"services":["#)
        HeaderWriter.writeServices(to: &writer)
        writer.raw(#"],"schools":["#)
        HeaderWriter.writeSchools(units, lines: lines, to: &writer)
        writer.raw(lines ? "]}\n" : "],\n\"students\":[\n")
    }
}

/// A source of a generated data set, streamed in chunks.
public protocol DataGenerator: Sendable {
    func write(to sink: (UnsafeRawBufferPointer) throws -> Void) rethrows
}

extension SampleGenerator: DataGenerator {}
