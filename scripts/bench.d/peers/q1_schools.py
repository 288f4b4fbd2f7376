"""Query 1 (Table 1, `schools`) with Python's json module: per school the students, mean days,
mean hours, the number at or above 15 days and the number above 10 %, then the total."""
import json
import sys

from common import day_dates, hours, school_days

data = json.load(open(sys.argv[1], encoding="utf-8"))
as_of = data["asOf"]
per_day = data["calendar"].get("hoursPerDay", 6)
n_days = school_days(data["calendar"], as_of)

def empty():
    return {"students": 0, "days": 0, "hours": 0.0, "ge15": 0, "gt10": 0}

by_school = {s["id"]: empty() for s in data["schools"]}
total = empty()
for student in data["students"]:
    d, h = len(day_dates(student, as_of)), hours(student, as_of)
    for acc in (by_school.setdefault(student["school"], empty()), total):
        acc["students"] += 1
        acc["days"] += d
        acc["hours"] += h
        acc["ge15"] += d >= 15
        acc["gt10"] += n_days > 0 and 100 * (d + h / per_day) / n_days > 10

def row(school, acc):
    n = acc["students"]
    return [school, n, acc["days"] / n if n else 0, acc["hours"] / n if n else 0, acc["ge15"], acc["gt10"]]

json.dump({"schools": [row(k, v) for k, v in by_school.items()] + [row("TOTAL", total)]}, sys.stdout)
