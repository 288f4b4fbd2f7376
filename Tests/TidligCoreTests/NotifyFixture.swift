import TidligCore

/// A small tidlig/1 data set for the notification tests: six students at one school, the first
/// `crossing` of them with 16 whole days (so past the threshold of 15), every student with an
/// absence reason and a folder note that contain the word SECRET, and a child-welfare service.
/// S1 to S3 (grades 5 to 7) carry their guardians' consent for PPT, reference `ref-S<n>`.
enum NotifyFixture {
    static func json(crossing: Int, asOf: String = "2024-11-29") -> String {
        let students = (1...6).map { n in
            let days = n <= crossing ? 16 : 2
            let dates = schoolDays(days).enumerated().map { i, day in
                "{\"date\": \"\(day)\", \"kind\": \"day\"\(i == 0 ? ", \"reason\": \"SECRET reason \(n)\"" : "")\(i % 2 == 0 ? ", \"documented\": true" : "")}"
            }
            return """
                {"id": "S\(n)", "school": "north", "grade": \(n + 4), "absence": [\(dates.joined(separator: ", "))],
                 "folder": [{"date": "2024-09-02", "kind": "meeting", "bti": 2, "services": ["ppt"], "text": "SECRET note \(n)"}]\(consent(n))}
                """
        }
        return """
            {"format": "tidlig/1", "municipality": "Testby", "asOf": "\(asOf)",
             "calendar": {"schoolYear": "2024/2025", "start": "2024-08-19", "end": "2025-06-20", "hoursPerDay": 6},
             "schools": [{"id": "north", "name": "Nord skole", "stage": "combined"}],
             "services": [{"id": "ppt", "name": "PPT", "kind": "ppt"},
                          {"id": "school-health", "name": "Skolehelsetjenesten", "kind": "school-health"},
                          {"id": "cw", "name": "Barneverntjenesten", "kind": "child-welfare"},
                          {"id": "attendance-team", "name": "Fraværsteam", "kind": "attendance-team"}],
             "students": [\(students.joined(separator: ",\n"))]}
            """
    }

    static func consent(_ n: Int) -> String {
        guard n <= 3 else { return "" }
        return
            ", \"consents\": [{\"reference\": \"ref-S\(n)\", \"given\": \"2024-08-20\", \"givenBy\": \"guardians\", "
            + "\"services\": [\"ppt\"], \"purpose\": \"oppfølging av skolefravær\"}]"
    }

    /// The first `count` weekdays from 2024-08-19.
    static func schoolDays(_ count: Int) -> [Day] {
        var days: [Day] = []
        var day = Day(year: 2024, month: 8, day: 19)!
        while days.count < count {
            if !day.isWeekend { days.append(day) }
            day = day.adding(days: 1)
        }
        return days
    }

    static func data(crossing: Int) throws -> DataSet {
        try DataSetLoader.load(
            bytes: Array(json(crossing: crossing).utf8), source: "notify-fixture")
    }
}
