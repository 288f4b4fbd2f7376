# Query 1 (Table 1, `schools`) in jq: per school the students, mean days, mean hours,
# the number at or above 15 days and the number above 10 %, then the total.
# Grouping is group_by (one sort): updating a per-school object inside `reduce` copies the
# object on every student in jq 1.6, which made this query ten times slower at 1,000,000.
include "common";
def summary($ndays; $perDay):
  {students: length, days: (map(.d) | add), hours: (map(.h) | add),
   ge15: (map(select(.d >= 15)) | length),
   gt10: (map(select($ndays > 0 and 100 * (.d + .h / $perDay) / $ndays > 10)) | length)};
def row($id): [$id, .students, (if .students > 0 then .days / .students else 0 end),
               (if .students > 0 then .hours / .students else 0 end), .ge15, .gt10];

.asOf as $asOf
| (.calendar.hoursPerDay // 6) as $perDay
| (.calendar | school_days($asOf)) as $ndays
| [.students[] | {school, d: (day_dates($asOf) | length), h: hours($asOf)}] as $per_student
| ($per_student | group_by(.school) | map({key: .[0].school, value: summary($ndays; $perDay)}) | from_entries) as $by
| {schools: ([.schools[].id as $id
              | ($by[$id] // {students: 0, days: 0, hours: 0, ge15: 0, gt10: 0}) | row($id)]
             + [$per_student | summary($ndays; $perDay) | row("TOTAL")])}
