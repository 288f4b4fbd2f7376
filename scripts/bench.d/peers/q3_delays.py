"""Query 3 (`delays ppt`) with Python's json module: for students whose 15th whole-day record
(in date order) is on or before asOf, the first PPT involvement on or before asOf; the delay
is involvement date minus crossing date in calendar days. Count involved and median."""
import json
import sys
from datetime import date
from statistics import median

from common import day_dates

data = json.load(open(sys.argv[1], encoding="utf-8"))
as_of = data["asOf"]
delays = []
for student in data["students"]:
    days = sorted(day_dates(student, as_of))
    if len(days) < 15:
        continue
    ppt = [v["date"] for v in student.get("involvements", ()) if v["service"] == "ppt" and v["date"] <= as_of]
    if ppt:
        delays.append((date.fromisoformat(min(ppt)) - date.fromisoformat(days[14])).days)
json.dump({"involved": len(delays), "median": median(delays) if delays else None}, sys.stdout)
