-- Query 3 (`delays ppt`) in DuckDB from its own database file (rule as in q3_delays.sql).
WITH ranked AS (
  SELECT a.sid, a.date, row_number() OVER (PARTITION BY a.sid ORDER BY a.date) AS k
  FROM absence a, meta WHERE a.kind = 'day' AND a.date <= meta.as_of
),
crossing AS (SELECT sid, date AS crossed FROM ranked WHERE k = 15),
ppt AS (
  SELECT v.sid, min(v.date) AS involved FROM involvements v, meta
  WHERE v.service = 'ppt' AND v.date <= meta.as_of GROUP BY v.sid
)
SELECT count(*) AS involved, median(p.involved - c.crossed) AS median
FROM crossing c JOIN ppt p ON p.sid = c.sid;
