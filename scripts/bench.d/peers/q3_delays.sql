-- Query 3 (`delays ppt`) in DuckDB: for students whose 15th whole-day record (in date order) is on
-- or before asOf, the first PPT involvement on or before asOf; delay = involvement minus crossing
-- date in calendar days. Count involved and median (DuckDB's median interpolates: the mean of the
-- two middle values for an even count). @FILE@ and @MAXOBJ@ are filled in by scripts/bench.
WITH per_student AS (
  SELECT list_sort(list_transform(list_filter(s.absence, lambda a: a.kind = 'day' AND a.date <= as_of),
                                  lambda a: a.date)) AS days,
         list_min(list_transform(list_filter(s.involvements, lambda v: v.service = 'ppt' AND v.date <= as_of),
                                 lambda v: v.date)) AS ppt
  FROM (SELECT unnest(students) AS s, "asOf" AS as_of
        FROM read_json('@FILE@', maximum_object_size = @MAXOBJ@))
),
delays AS (
  SELECT ppt - days[15] AS delay FROM per_student WHERE len(days) >= 15 AND ppt IS NOT NULL
)
SELECT count(*) AS involved, median(delay) AS median FROM delays;
