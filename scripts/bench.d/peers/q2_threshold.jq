# Query 2 in jq: students with at least 15 days, by days descending (ties keep file order),
# the first 10, and how many there are.
include "common";
.asOf as $asOf
| [.students | range(0; length) as $i | .[$i] | {i: $i, id, days: (day_dates($asOf) | length)}
   | select(.days >= 15)]
| {count: length, top: (sort_by(-.days, .i) | .[:10] | map([.id, .days]))}
