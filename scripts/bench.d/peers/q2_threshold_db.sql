-- Query 2 in DuckDB from its own database file: students with at least 15 days, by days
-- descending (ties in file order), the first 10, and how many there are.
WITH per_student AS (
  SELECT a.sid, count(*) AS days
  FROM absence a, meta WHERE a.kind = 'day' AND a.date <= meta.as_of GROUP BY a.sid
)
SELECT count(*) AS count, list([s.id, p.days::VARCHAR] ORDER BY p.days DESC, s.sid)[1:10] AS top
FROM per_student p JOIN students s ON s.sid = p.sid WHERE p.days >= 15;
