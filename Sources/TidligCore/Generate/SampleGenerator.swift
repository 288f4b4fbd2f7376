/// Writes a synthetic `tidlig/1` data set calibrated to the Nes audit (seeds/000): the ten
/// schools of Table 1, their absence means, the long tail of students past 60 days and
/// their folders (elevmapper), and the services' involvement dates.
///
/// The output depends only on `(students, seed)`: the same pair gives the same bytes on any
/// machine. One student object per line; about 1 KB per student.
public struct SampleGenerator: Sendable {
    /// The built-in sample's size and seed: Nes, 2815 students.
    public static let sampleStudents = 2815
    /// The built-in sample's seed.
    public static let sampleSeed: UInt64 = 2025

    /// Number of students to write.
    public let students: Int
    /// Seed of every random choice.
    public let seed: UInt64
    /// JSON Lines: the header object on line 1 (no "students"), then one student per line.
    public var lines = false

    /// A generator of `students` students (Table 1's schools, scaled; see `SchoolUnit.layout`).
    public init(students: Int, seed: UInt64) {
        self.students = max(0, students)
        self.seed = seed
    }

    /// Streams the whole `tidlig/1` document in chunks (so a 1,000,000-student file never sits in memory whole).
    public func write(to sink: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        let context = YearContext()
        let units = SchoolUnit.layout(students: students)
        var writer = JSONWriter(dates: context.dates)
        HeaderWriter.write(units: units, context: context, lines: lines, to: &writer)
        var emitter = StudentEmitter(seed: seed, total: students, context: context)
        emitter.lines = lines
        for (index, unit) in units.enumerated() {
            var rng = SplitMix64(seed: seed, 1, index)
            let plan = AbsencePlan(unit: unit, schoolDays: context.schoolDays.count, rng: &rng)
            for student in 0..<unit.students {
                emitter.emit(student, of: plan, unit: unit, to: &writer)
                try writer.flush(to: sink)
            }
        }
        if !lines { writer.raw("]}\n") }
        try writer.flush(to: sink, threshold: 0)
    }

    /// The whole document in memory (used for the built-in sample).
    public func json() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(students * 1100 + 4096)
        write { bytes.append(contentsOf: $0) }
        return bytes
    }
}

/// The top of the document: format, calendar, services, schools, up to `"students":[`.
enum HeaderWriter {
    static func write(
        units: [SchoolUnit], context: YearContext, lines: Bool, to writer: inout JSONWriter
    ) {
        let calendar = context.calendar
        writer.raw(#"{"format":"tidlig/1","municipality":"Nes (synthetic)","asOf":"#)
        writer.date(context.asOf)
        writer.raw(#","calendar":{"schoolYear":"#)
        writer.string(calendar.schoolYear ?? "")
        writer.raw(#","start":"#)
        writer.date(calendar.start)
        writer.raw(#","end":"#)
        writer.date(calendar.end)
        writer.raw(#","hoursPerDay":6,"closures":["#)
        writeClosures(calendar.closures, to: &writer)
        writer.raw(#"]},"services":["#)
        writeServices(to: &writer)
        writer.raw(#"],"schools":["#)
        writeSchools(units, lines: lines, to: &writer)
        writer.raw(lines ? "]}\n" : "],\n\"students\":[\n")
    }

    static func writeClosures(_ closures: [SchoolCalendar.Closure], to writer: inout JSONWriter) {
        for (index, closure) in closures.enumerated() {
            writer.raw(index == 0 ? #"{"from":"# : #",{"from":"#)
            writer.date(closure.from)
            writer.raw(#","to":"#)
            writer.date(closure.to)
            writer.raw(#","name":"#)
            writer.string(closure.name ?? "")
            writer.raw("}")
        }
    }

    static func writeServices(to writer: inout JSONWriter) {
        for (index, service) in Service.nesDefaults.enumerated() {
            writer.raw(index == 0 ? #"{"id":"# : #",{"id":"#)
            writer.string(service.id)
            writer.raw(#","name":"#)
            writer.string(service.name)
            writer.raw(#","kind":"#)
            writer.string(service.kind?.rawValue ?? "other")
            if let every = service.visitEveryDays {
                writer.raw(#","visitEveryDays":"#)
                writer.int(every)
            }
            writer.raw("}")
        }
    }

    /// One school a line (JSON Lines: all on the header's line).
    static func writeSchools(
        _ units: [SchoolUnit], lines: Bool = false, to writer: inout JSONWriter
    ) {
        for (index, unit) in units.enumerated() {
            if lines {
                writer.raw(index == 0 ? "{\"id\":" : ",{\"id\":")
            } else {
                writer.raw(index == 0 ? "\n{\"id\":" : ",\n{\"id\":")
            }
            writer.string(unit.id)
            writer.raw(#","name":"#)
            writer.string(unit.name)
            writer.raw(
                unit.base.lowerSecondary ? #","stage":"lower-secondary"}"# : #","stage":"primary"}"#
            )
        }
    }
}
