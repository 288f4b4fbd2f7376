-- Query 2 in DuckDB: students with at least 15 days, by days descending (ties keep file order),
-- the first 10, and how many there are. @FILE@ and @MAXOBJ@ are filled in by scripts/bench.
WITH per_student AS (
  SELECT i, s.id AS id,
         coalesce(len(list_filter(s.absence, lambda a: a.kind = 'day' AND a.date <= as_of)), 0) AS days
  FROM (SELECT unnest(students) AS s, unnest(range(len(students))) AS i, "asOf" AS as_of
        FROM read_json('@FILE@', maximum_object_size = @MAXOBJ@))
)
SELECT count(*) AS count, list([id, days::VARCHAR] ORDER BY days DESC, i)[1:10] AS top
FROM per_student WHERE days >= 15;
