"""Query 2 with Python's json module: students with at least 15 days, by days descending
(ties keep file order: the sort is stable), the first 10, and how many there are."""
import json
import sys

from common import day_dates

data = json.load(open(sys.argv[1], encoding="utf-8"))
as_of = data["asOf"]
above = [(s["id"], d) for s in data["students"] if (d := len(day_dates(s, as_of))) >= 15]
above.sort(key=lambda pair: -pair[1])
json.dump({"count": len(above), "top": [list(p) for p in above[:10]]}, sys.stdout)
