-- Query 1 (Table 1, `schools`) in DuckDB on the JSON Lines form (tidlig/1, one student per line
-- after a header line with format, asOf, calendar, schools and services): DuckDB's best path for
-- JSON, newline-delimited with an explicit schema, so that it splits the file across threads.
-- The header line reads as one row whose student columns are NULL. @FILE@ is filled in.
WITH rows AS MATERIALIZED (
  SELECT * FROM read_json('@FILE@', format = 'newline_delimited', columns = {
    id: 'VARCHAR', school: 'VARCHAR',
    absence: 'STRUCT("date" DATE, kind VARCHAR, hours DOUBLE)[]',
    "asOf": 'DATE',
    calendar: 'STRUCT("start" DATE, "end" DATE, "hoursPerDay" DOUBLE, closures STRUCT("from" DATE, "to" DATE)[])',
    schools: 'STRUCT(id VARCHAR)[]'})
),
doc AS (SELECT "asOf" AS as_of, calendar, schools FROM rows WHERE calendar IS NOT NULL),
school_days AS (  -- Monday to Friday from calendar.start to asOf, outside every closure
  SELECT count(*) AS n
  FROM (SELECT unnest(generate_series(calendar."start"::TIMESTAMP, as_of::TIMESTAMP, INTERVAL 1 DAY))::DATE AS d,
               calendar.closures AS closures FROM doc)
  WHERE isodow(d) <= 5 AND len(list_filter(closures, lambda c: d BETWEEN c."from" AND c."to")) = 0
),
per_student AS (
  SELECT r.school AS school,
         coalesce(len(list_filter(r.absence, lambda a: a.kind = 'day' AND a.date <= doc.as_of)), 0) AS days,
         coalesce(list_sum(list_transform(list_filter(r.absence, lambda a: a.kind = 'hours' AND a.date <= doc.as_of),
                                          lambda a: a."hours")), 0) AS hours,
         coalesce(doc.calendar."hoursPerDay", 6) AS per_day
  FROM rows r, doc WHERE r.id IS NOT NULL
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
