# Shared arithmetic of DOMAIN.md for the jq peers of scripts/bench (jq 1.6).
def epoch: strptime("%Y-%m-%d") | mktime;
# Dates of a student's whole-day records on or before $asOf (ISO strings compare as dates).
def day_dates($asOf): [.absence[]? | select(.kind == "day" and .date <= $asOf) | .date];
def hours($asOf): [.absence[]? | select(.kind == "hours" and .date <= $asOf) | .hours] | add // 0;
# School days from calendar.start to $upto: Monday to Friday (1970-01-01 was a Thursday), outside every closure.
def school_days($upto):
  (.closures // []) as $closures
  | [range(.start | epoch; ($upto | epoch) + 1; 86400)
     | select(((. / 86400 | floor) + 4) % 7 | . != 0 and . != 6)
     | todate[0:10] as $d
     | select(all($closures[]; $d < .from or $d > .to))]
  | length;
