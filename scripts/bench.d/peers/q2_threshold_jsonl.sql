-- Query 2 in DuckDB on the JSON Lines form (see q1_schools_jsonl.sql): students with at least
-- 15 days, by days descending, the first 10, and how many there are. Ties are broken by id,
-- which is file order in the generated data (a parallel scan has no row number to keep).
WITH rows AS MATERIALIZED (
  SELECT * FROM read_json('@FILE@', format = 'newline_delimited', columns = {
    id: 'VARCHAR', absence: 'STRUCT("date" DATE, kind VARCHAR)[]', "asOf": 'DATE'})
),
doc AS (SELECT "asOf" AS as_of FROM rows WHERE "asOf" IS NOT NULL),
per_student AS (
  SELECT r.id AS id,
         coalesce(len(list_filter(r.absence, lambda a: a.kind = 'day' AND a.date <= doc.as_of)), 0) AS days
  FROM rows r, doc WHERE r.id IS NOT NULL
)
SELECT count(*) AS count, list([id, days::VARCHAR] ORDER BY days DESC, id)[1:10] AS top
FROM per_student WHERE days >= 15;
