-- Query 3 (`delays ppt`) in DuckDB on the JSON Lines form (see q1_schools_jsonl.sql and
-- q3_delays.sql for the rule): count involved and the median delay in calendar days.
WITH rows AS MATERIALIZED (
  SELECT * FROM read_json('@FILE@', format = 'newline_delimited', columns = {
    id: 'VARCHAR', absence: 'STRUCT("date" DATE, kind VARCHAR)[]',
    involvements: 'STRUCT(service VARCHAR, "date" DATE)[]', "asOf": 'DATE'})
),
doc AS (SELECT "asOf" AS as_of FROM rows WHERE "asOf" IS NOT NULL),
per_student AS (
  SELECT list_sort(list_transform(list_filter(r.absence, lambda a: a.kind = 'day' AND a.date <= doc.as_of),
                                  lambda a: a.date)) AS days,
         list_min(list_transform(list_filter(r.involvements, lambda v: v.service = 'ppt' AND v.date <= doc.as_of),
                                 lambda v: v.date)) AS ppt
  FROM rows r, doc WHERE r.id IS NOT NULL
),
delays AS (
  SELECT ppt - days[15] AS delay FROM per_student WHERE len(days) >= 15 AND ppt IS NOT NULL
)
SELECT count(*) AS involved, median(delay) AS median FROM delays;
