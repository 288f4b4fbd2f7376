/// What `help` explains besides commands: fields, operators, dates and units.
enum HelpTopics {
    /// The text for `topic` (lowercased, spaces collapsed), or nil when it names none.
    static func text(_ topic: String) -> String? {
        if let field = FieldCatalog.field(named: topic) { return fieldText(field) }
        switch topic {
        case "where", "operators", "operator", "conditions", "and", "or", "not", "in", "is", "null":
            return operators
        case "as of", "as", "asof", "dates", "date":
            return dates
        case "units", "unit", "weeks", "week", "school days":
            return units
        case "band", "median", "avg", "sum", "min", "max", "figures":
            return figures
        default:
            return nil
        }
    }

    /// Every topic word, for "did you mean".
    static let words = [
        "where", "operators", "as of", "dates", "units", "figures", "band", "fields",
    ]

    static func fieldText(_ field: FieldDefinition) -> String {
        var text = "\(field.signature): \(field.summary) (\(field.type.rawValue))"
        if field.name == "days" || field.name == "hours" || field.name == "percent" {
            text +=
                "\nas of the date in force (see 'help as of'); counts and figures: 'help figures'"
        }
        if !field.parameters.isEmpty { text += "\nunits in arguments: 'help units'" }
        return text + "\n\nExample:\n  students where \(example(field)) limit 3"
    }

    static func example(_ field: FieldDefinition) -> String {
        switch field.type {
        case .bool: return field.signature.replacing("service", with: "ppt")
        case .date: return "\(field.signature.replacing("days", with: "15")) is not null"
        case .string:
            return field.name == "school"
                ? "school = \"runni\""
                : field.name == "stage" ? "stage = \"primary\"" : "\(field.name) = \"x\""
        default:
            return
                "\(field.signature.replacing("(days)", with: "(15)").replacing("(weeks)", with: "(4)")) >= 1"
        }
    }

    static let operators = """
        A condition after 'where' is true or false for each student. Operators, loosest first:
          or
          and
          not                     (prefix)
          = != <> < <= > >=       in (...), not in (...), in NAME, is null, is not null
          + -
          * /
          -                       (a negative number)
        Text in quotes ("runni"), dates without (2025-01-31). A text compared with school,
        stage or an audit field must be one the data holds. null (not crossed, not involved)
        makes every comparison false: test it with 'is null'.

        Examples:
          students where days >= 15 and not involved(ppt)
          students where school in ("runni", "vormsund") and (percent > 10 or streak >= 5)
          students where crossing(15) is null and recent(4) >= 3
        """

    static let dates = """
        Every figure is worked out as of a date: the statement's 'as of DATE', else
        'set asof DATE', else the data's export date. A date is YYYY-MM-DD, no quotes. A date
        outside the data's school year is refused; one after the export date is warned about
        (nothing after it is recorded). 'show' and 'timeline' show only what existed by then.

        Examples:
          count students where days >= 15 by school as of 2025-01-31
          show S0000042 as of 2024-11-01
          set asof 2025-01-31
        """

    static let units = """
        Arguments that count time take a unit: 'weeks' (school weeks of 5 school days) or
        'days' (school days); a bare number is the field's own unit (school weeks for recent
        and forecast, whole days of absence for crossing). Absence itself is whole days
        (days) and single hours (hours); equiv = days + hours / hours per day.

        Examples:
          students where recent(4 weeks) >= 5
          students where recent(10 days) >= 3
          students where forecast(15, 4 weeks)
        """

    static let figures = """
        'count' works out figures over groups: sum, avg, median, min, max of any number,
        'by' one field or two (a cross-tab), numbers in bands with band(FIELD, B1, B2, ...).

        Examples:
          count students where grade = 10 with median(days)
          count students by school with median(days), avg(days) order by median(days) desc
          count students by band(days, 0, 5, 15, 30, 60)
        """
}
