-- Query 1 (Table 1, `schools`) in DuckDB: per school the students, mean days, mean hours,
-- the number at or above 15 days and the number above 10 %, then the total.
-- @FILE@ and @MAXOBJ@ are filled in by scripts/bench (the file is one JSON object).
WITH doc AS MATERIALIZED (
  SELECT "asOf" AS as_of, calendar, schools, students
  FROM read_json('@FILE@', maximum_object_size = @MAXOBJ@)
),
school_days AS (  -- Monday to Friday from calendar.start to asOf, outside every closure
  SELECT count(*) AS n
  FROM (SELECT unnest(generate_series(calendar."start"::TIMESTAMP, as_of::TIMESTAMP, INTERVAL 1 DAY))::DATE AS d,
               calendar.closures AS closures FROM doc)
  WHERE isodow(d) <= 5 AND len(list_filter(closures, lambda c: d BETWEEN c."from" AND c."to")) = 0
),
per_student AS (
  SELECT s.school AS school,
         coalesce(len(list_filter(s.absence, lambda a: a.kind = 'day' AND a.date <= as_of)), 0) AS days,
         coalesce(list_sum(list_transform(list_filter(s.absence, lambda a: a.kind = 'hours' AND a.date <= as_of),
                                          lambda a: a."hours")), 0) AS hours,
         coalesce(per_day, 6) AS per_day
  FROM (SELECT unnest(students) AS s, as_of, calendar.hoursPerDay AS per_day FROM doc)
),
per_school AS (
  SELECT school, count(*) AS students, avg(days) AS days, avg(hours) AS hours,
         count(*) FILTER (WHERE days >= 15) AS ge15,
         count(*) FILTER (WHERE n > 0 AND 100 * (days + hours / per_day) / n > 10) AS gt10
  FROM per_student, school_days
  GROUP BY GROUPING SETS ((school), ())
),
school_order AS (
  SELECT unnest(schools).id AS school, unnest(range(len(schools))) AS i FROM doc
)
SELECT coalesce(o.school, 'TOTAL') AS school, coalesce(p.students, 0) AS students,
       coalesce(p.days, 0) AS days, coalesce(p.hours, 0) AS hours,
       coalesce(p.ge15, 0) AS ge15, coalesce(p.gt10, 0) AS gt10
FROM per_school p FULL JOIN school_order o ON p.school = o.school
ORDER BY coalesce(o.i, 1e18);
