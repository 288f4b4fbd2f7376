# Query 1 (Table 1, `schools`) in jq: per school the students, mean days, mean hours,
# the number at or above 15 days and the number above 10 %, then the total.
include "common";
def zero: {students: 0, days: 0, hours: 0, ge15: 0, gt10: 0};
def add_student($d; $h; $ndays; $perDay):
  .students += 1 | .days += $d | .hours += $h
  | .ge15 += (if $d >= 15 then 1 else 0 end)
  | .gt10 += (if $ndays > 0 and 100 * ($d + $h / $perDay) / $ndays > 10 then 1 else 0 end);
def row($id): [$id, .students, (if .students > 0 then .days / .students else 0 end),
               (if .students > 0 then .hours / .students else 0 end), .ge15, .gt10];

.asOf as $asOf
| (.calendar.hoursPerDay // 6) as $perDay
| (.calendar | school_days($asOf)) as $ndays
| (reduce .students[] as $s ({by: {}, total: zero};
     ($s | day_dates($asOf) | length) as $d
     | ($s | hours($asOf)) as $h
     | .by[$s.school] |= ((. // zero) | add_student($d; $h; $ndays; $perDay))
     | .total |= add_student($d; $h; $ndays; $perDay))) as $acc
| {schools: ([.schools[].id as $id | $acc.by[$id] // zero | row($id)]
             + [$acc.total | row("TOTAL")])}
