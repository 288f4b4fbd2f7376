-- Query 1 (Table 1, `schools`) in DuckDB from its own database file (duckdb_build_db.sql).
WITH school_days AS (
  SELECT count(*) AS n
  FROM (SELECT unnest(generate_series(start_date::TIMESTAMP, as_of::TIMESTAMP, INTERVAL 1 DAY))::DATE AS d FROM meta) days
  WHERE isodow(d) <= 5 AND NOT EXISTS (SELECT 1 FROM closures WHERE d BETWEEN from_date AND to_date)
),
per_record AS (
  SELECT a.sid, count(*) FILTER (WHERE kind = 'day') AS days,
         coalesce(sum(hours) FILTER (WHERE kind = 'hours'), 0) AS hours
  FROM absence a, meta WHERE a.date <= meta.as_of GROUP BY a.sid
),
per_student AS (
  SELECT s.school, coalesce(r.days, 0) AS days, coalesce(r.hours, 0) AS hours
  FROM students s LEFT JOIN per_record r ON r.sid = s.sid
),
per_school AS (
  SELECT school, count(*) AS students, avg(days) AS days, avg(hours) AS hours,
         count(*) FILTER (WHERE days >= 15) AS ge15,
         count(*) FILTER (WHERE n > 0 AND 100 * (days + hours / meta.hours_per_day) / n > 10) AS gt10
  FROM per_student, school_days, meta
  GROUP BY GROUPING SETS ((school), ())
)
SELECT coalesce(o.school, 'TOTAL') AS school, coalesce(p.students, 0) AS students,
       coalesce(p.days, 0) AS days, coalesce(p.hours, 0) AS hours,
       coalesce(p.ge15, 0) AS ge15, coalesce(p.gt10, 0) AS gt10
FROM per_school p FULL JOIN schools o ON p.school = o.school
ORDER BY coalesce(o.i, 1e18);
