"""Shared arithmetic of DOMAIN.md for the Python peers of scripts/bench (standard library only)."""
from datetime import date, timedelta


def school_days(calendar, upto):
    """School days from calendar.start to `upto` (ISO strings): Monday to Friday, outside every closure."""
    closures = [(c["from"], c["to"]) for c in calendar.get("closures", [])]
    day, last, n = date.fromisoformat(calendar["start"]), date.fromisoformat(upto), 0
    while day <= last:
        if day.weekday() < 5:
            iso = day.isoformat()
            if not any(lo <= iso <= hi for lo, hi in closures):
                n += 1
        day += timedelta(days=1)
    return n


def day_dates(student, as_of):
    """Dates of the student's whole-day records on or before as_of (ISO strings compare as dates)."""
    return [a["date"] for a in student.get("absence", ()) if a["kind"] == "day" and a["date"] <= as_of]


def hours(student, as_of):
    return sum(a["hours"] for a in student.get("absence", ()) if a["kind"] == "hours" and a["date"] <= as_of)
