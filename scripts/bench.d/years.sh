# shellcheck shell=bash
# ---- Several school years (issue 16) -------------------------------------------------------
# Sourced by scripts/bench. For each N of --years: the one-year file of N students and a tidlig/2
# file of N children over 3 school years (`tidlig generate --years 3`), each loaded as a whole
# process ($RUNS runs, median); then one session on the three-year file times each cross-year
# query $SESSION_REPS times (`set timing on`). Prints a Markdown table on stdout.
readonly YEARS=3
readonly YEARS_QUERIES=(
  'count students where years_over(15) >= 2'
  'count students where moved'
  'delays mental-health'
  'schools as of 2023-06-20'
  'students where moved and years_over(15) >= 2 order by days desc limit 10'
)

ensure_years_data() {
  local n=$1 file=$DATA/students-$1-${YEARS}y.json stamp=$DATA/students-$1-${YEARS}y.json.stamp
  mkdir -p "$DATA"
  if [ -f "$file" ] && [ -f "$stamp" ] \
    && [ "$(cat "$stamp")" = "students=$n years=$YEARS seed=$SEED bytes=$(stat -c %s "$file")" ]; then
    return
  fi
  say "generating $file"
  rm -f "$file" "$stamp"
  "$TIDLIG" generate --students "$n" --years "$YEARS" --seed "$SEED" --out "$file.partial" >&2
  mv "$file.partial" "$file"
  echo "students=$n years=$YEARS seed=$SEED bytes=$(stat -c %s "$file")" > "$stamp"
}

median_of() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

bench_years() {
  local n=$1 one=$DATA/students-$1.json three=$DATA/students-$1-${YEARS}y.json q r
  ensure_data "$n"
  ensure_years_data "$n"
  RESULTS=$DATA/results/years-$n
  rm -rf "$RESULTS"
  mkdir -p "$RESULTS"
  say "$n children: one year $(( $(stat -c %s "$one") / 1000000 )) MB, $YEARS years $(( $(stat -c %s "$three") / 1000000 )) MB"
  measure years-load1 /dev/null "$TIDLIG" "$one" -c 'count students' --format csv
  measure years-load3 /dev/null "$TIDLIG" "$three" -c 'count students' --format csv
  {
    echo 'set timing on'
    for ((r = 0; r < SESSION_REPS; r++)); do
      for q in "${YEARS_QUERIES[@]}"; do echo "$q"; done
    done
  } > "$RESULTS/session.tidlig"
  "$TIDLIG" "$three" --format csv < "$RESULTS/session.tidlig" > "$RESULTS/session.out" 2> "$RESULTS/session.err" \
    || die "the three-year session failed (see $RESULTS/session.err)"
  grep -o 'time: [0-9.]* ms' "$RESULTS/session.err" | awk 'NR > 1 { print $2 }' > "$RESULTS/session.ms"
  [ "$(wc -l < "$RESULTS/session.ms")" -eq $((SESSION_REPS * ${#YEARS_QUERIES[@]})) ] \
    || die "expected $((SESSION_REPS * ${#YEARS_QUERIES[@]})) timing lines in $RESULTS/session.err"
  local load1 load3 mem3
  load1=$(awk '{ print $1 }' "$RESULTS/years-load1.times" | median_of)
  load3=$(awk '{ print $1 }' "$RESULTS/years-load3.times" | median_of)
  mem3=$(awk '{ print $2 }' "$RESULTS/years-load3.times" | median_of)
  printf '| %d | %d | %d | %s | %s | %.2fx | %d |' "$n" $((n * YEARS)) $(( $(stat -c %s "$three") / 1000000 )) \
    "$load1" "$load3" "$(awk -v a="$load3" -v b="$load1" 'BEGIN { print a / b }')" $((mem3 / 1024))
  local i
  for ((i = 0; i < ${#YEARS_QUERIES[@]}; i++)); do
    awk -v i="$i" -v k="${#YEARS_QUERIES[@]}" '(NR - 1) % k == i { print $1 }' "$RESULTS/session.ms" | median_of \
      | awk '{ printf " %.1f |", $1 }'
  done
  echo
}

bench_years_section() {
  local n q header="| children | student-years | MB | load 1 year s | load $YEARS years s | ratio | MB peak |"
  for q in "${YEARS_QUERIES[@]}"; do header+=" \`$q\` ms |"; done
  local rows=""
  for n in ${YEARS_SIZES//,/ }; do rows+=$(bench_years "$n")$'\n'; done
  echo
  echo "Several school years: tidlig/2 with $YEARS school years (tidlig generate --years $YEARS --seed $SEED)"
  echo "against tidlig/1 of one year (whole process, load and 'count students', median of $RUNS);"
  echo "queries after one load, median of $SESSION_REPS in one session (set timing on)."
  echo "Load average at the start: $(cut -d' ' -f1-3 /proc/loadavg); command: $COMMAND_LINE"
  echo
  echo "$header"
  echo "$header" | sed 's/[^|]/-/g'
  printf '%s' "$rows"
}
