# scripts/bench --snapshot: issue 14's snapshot, as a section of its own. For each --sizes N:
# Table 1 from the JSON (--no-snapshot), the snapshot built once outside the timing
# (`tidlig snapshot`, timed on its own), then reopen + Table 1 from the snapshot; whole
# processes, median of --runs; the answers of both must be the same bytes.
# Sourced by scripts/bench (uses measure, ensure_data, median_of, $TIDLIG, $DATA, $RUNS).

bench_snapshot() {
  local n=$1 file=$DATA/students-$1.json cache snapshot json_s json_mb snap_s snap_mb build_s size
  ensure_data "$n"
  RESULTS=$DATA/results/snapshot-$n
  rm -rf "$RESULTS"
  mkdir -p "$RESULTS"
  cache=$PWD/$RESULTS/cache
  measure tidlig-json-q1 /dev/null "$TIDLIG" "$file" --no-snapshot -c 'schools' --format csv --set totals=on
  /usr/bin/time -f '%e' -o "$RESULTS/build.time" \
    env XDG_CACHE_HOME="$cache" TIDLIG_SNAPSHOT=on "$TIDLIG" snapshot "$file" > "$RESULTS/build.out"
  snapshot=$(sed 's/.*: //' "$RESULTS/build.out")
  [ -f "$snapshot" ] || die "tidlig snapshot wrote no snapshot: $(cat "$RESULTS/build.out")"
  measure tidlig-snapshot-q1 /dev/null env XDG_CACHE_HOME="$cache" TIDLIG_SNAPSHOT=on \
    "$TIDLIG" "$file" -c 'schools' --format csv --set totals=on
  cmp -s "$RESULTS/tidlig-json-q1.out" "$RESULTS/tidlig-snapshot-q1.out" \
    || die "Table 1 from the snapshot differs from Table 1 from the JSON ($RESULTS)"
  json_s=$(cut -d' ' -f1 "$RESULTS/tidlig-json-q1.times" | median_of)
  json_mb=$(cut -d' ' -f2 "$RESULTS/tidlig-json-q1.times" | median_of | awk '{ printf "%.0f", $1 / 1024 }')
  snap_s=$(cut -d' ' -f1 "$RESULTS/tidlig-snapshot-q1.times" | median_of)
  snap_mb=$(cut -d' ' -f2 "$RESULTS/tidlig-snapshot-q1.times" | median_of | awk '{ printf "%.0f", $1 / 1024 }')
  build_s=$(cat "$RESULTS/build.time")
  size=$(stat -c %s "$snapshot")
  printf '| %d | %d | %d | %s | %s | %s | %s | %s | %.1fx |\n' "$n" "$(( $(stat -c %s "$file") / 1000000 ))" \
    "$(( size / 1000000 ))" "$build_s" "$json_s" "$json_mb" "$snap_s" "$snap_mb" \
    "$(awk -v a="$json_s" -v b="$snap_s" 'BEGIN { print (b > 0 ? a / b : 0) }')"
}

bench_snapshot_section() {
  local n rows="" start
  start=$(cut -d' ' -f1-3 /proc/loadavg)
  for n in ${SIZES//,/ }; do rows+=$(bench_snapshot "$n")$'\n'; done
  local section
  section=$(
    echo
    echo "### Snapshot: reopen and Table 1 (tidlig-snapshot)"
    echo
    echo "Whole processes, median of $RUNS: Table 1 (\`schools\`, CSV with the total row) from the"
    echo "JSON, and from the snapshot \`tidlig snapshot\` wrote beforehand (built once, outside the"
    echo "timing; its time in its own column). Both answers are checked to be the same bytes."
    echo "Load average at the start: $start, at the end: $(cut -d' ' -f1-3 /proc/loadavg);"
    echo "command: \`$COMMAND_LINE\`."
    echo
    echo "| students | JSON MB | snapshot MB | build s | JSON load + Table 1 s | MB peak | snapshot reopen + Table 1 s | MB peak | JSON / snapshot |"
    echo "|---|---|---|---|---|---|---|---|---|"
    printf '%s' "$rows"
  )
  echo "$section"
  if [ "$WRITE_DOCS" = append ]; then
    printf '%s\n' "$section" >> docs/BENCHMARKS.md
    say "added the snapshot table to docs/BENCHMARKS.md"
  fi
}
