/// What an import read, before it is written as `tidlig/1` or `tidlig/2`: no names, no
/// national identity numbers, no free text; students under their pseudonyms.
struct ImportedData {
    struct SchoolYear {
        var start: Day
        var end: Day
        var closures: [SchoolCalendar.Closure] = []
        /// School index -> extra closures of that school.
        var schoolClosures: [Int: [SchoolCalendar.Closure]] = [:]
        var label: String {
            let year = start.components.year
            return "\(year)/\(year + 1)"
        }
        func contains(_ day: Day) -> Bool { start <= day && day <= end }
    }

    struct School {
        var id: String
        var name: String
        var lowestGrade = 10
        var highestGrade = 1
        var stage: String {
            highestGrade <= 7 ? "primary" : (lowestGrade >= 8 ? "lower-secondary" : "combined")
        }
    }

    struct Enrolment {
        var year: Int
        var school: Int
        var grade: Int
        /// nil: from the school year's start.
        var from: Day?
        /// nil: to the school year's end.
        var to: Day?
        /// The row in elever, for messages.
        var line: Int
    }

    /// A consent (samtykke) as the contract has it.
    struct Consent {
        var reference: String
        var given: Day
        var givenBy: String
        var services: [String]
        var purpose: String?
        var expires: Day?
        var withdrawn: Day?
    }

    struct Student {
        var id: String
        /// The pseudonym's 64 bits: sorting by them sorts by `id`.
        var bits: UInt64
        var birthYear: Int?
        var enrolments: [Enrolment] = []
        var consents: [Consent] = []
    }

    /// One absence registration; hour registrations of a date are summed when written.
    struct Registration: Equatable {
        var student: Int32
        var date: Day
        var type: ImportLayout.AbsenceType
        var documentation: ImportLayout.Documentation
        var minutes: Float
    }

    var years: [SchoolYear] = []
    var schools: [School] = []
    var students: [Student] = []
    var registrations: [Registration] = []
    var asOf: Day
    var hoursPerDay: Double
    var municipality: String?

    /// `tidlig/1` holds one school year, one whole-year enrolment per student and no
    /// per-school closures; anything else needs `tidlig/2`.
    var needsSeveralYears: Bool {
        years.count > 1 || years.contains { !$0.schoolClosures.isEmpty }
            || students.contains {
                $0.enrolments.count != 1 || $0.enrolments[0].from != nil
                    || $0.enrolments[0].to != nil
            }
    }
}
