# Query 3 (`delays ppt`) in jq: for students whose 15th whole-day record (in date order) is on or
# before asOf, the first PPT involvement on or before asOf; delay = involvement minus crossing date
# in calendar days. Count involved and median (mean of the two middle values for an even count).
include "common";
.asOf as $asOf
| [.students[]
   | (day_dates($asOf) | sort) as $days
   | select($days | length >= 15)
   | ([.involvements[]? | select(.service == "ppt" and .date <= $asOf) | .date] | min) as $ppt
   | select($ppt != null)
   | ((($ppt | epoch) - ($days[14] | epoch)) / 86400)]
| sort
| length as $n
| {involved: $n,
   median: (if $n == 0 then null elif $n % 2 == 1 then .[($n - 1) / 2] else (.[$n / 2 - 1] + .[$n / 2]) / 2 end)}
