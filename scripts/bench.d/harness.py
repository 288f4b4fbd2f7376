#!/usr/bin/env python3
"""The Python half of scripts/bench: turns each tool's raw output into one canonical shape,
checks that all tools agree, and renders the Markdown tables. Standard library only.

  harness.py check DIR          compare every DIR/<tool>-<query>.out; exit 1 on disagreement
  harness.py table DIR...       the Markdown tables for the size folders DIR... (one per size)

A size folder holds, per tool and query, <tool>-<query>.out (the raw output of the last run)
and <tool>-<query>.times (one "elapsed_seconds peak_kb" line per run), simdjson.times and
simdjson.out, session.ms ("query milliseconds" lines), and meta.json (students, bytes, runs).
"""
import csv
import io
import json
import statistics
import sys
from pathlib import Path

QUERIES = [("q1", "Table 1 (`schools`)"),
           ("q2", "days >= 15: top 10 + count"),
           ("q3", "`delays ppt`: count + median")]
PEERS = [("duckdb", "DuckDB CLI"), ("jq", "jq"), ("python", "Python json")]
# Issue 14: DuckDB on its best paths, set against tidlig reading the JSON Lines form.
BEST_PEERS = [("duckdb_jsonl", "DuckDB, JSON Lines + schema"), ("duckdb_db", "DuckDB, own file (-readonly)")]
TOOLS = [("tidlig", "tidlig"), ("tidlig_jsonl", "tidlig, JSON Lines")] + PEERS + BEST_PEERS
REFERENCE = "python"  # the plainest reading of DOMAIN.md; everyone is compared with it


# ---------------------------------------------------------------- canonical answers
# q1: {"rows": [[school, students, mean days, mean hours, >= 15, > 10 %], ..., ["TOTAL", ...]]}
# q2: {"count": n, "top": [[id, days], ...]}
# q3: {"involved": n, "median": x}
# "rounded": True when the tool prints one decimal (tidlig), so means are compared within 0.05.

def canon_tidlig(query, text):
    if query == "q1":
        rows = list(csv.reader(io.StringIO(text)))
        header, body = rows[0], rows[1:]
        col = {name: i for i, name in enumerate(header)}
        out = []
        for r in body:
            out.append([r[col["school"]] or "TOTAL", int(r[col["students"]]), float(r[col["days/student"]]),
                        float(r[col["hours/student"]]), int(r[col[">= 15 days"]]), int(r[col["> 10 %"]])])
        return {"rows": out, "rounded": True}
    if query == "q2":
        lines = text.splitlines()
        split = lines.index("students")  # the `count students` block starts with its header
        listing = list(csv.DictReader(io.StringIO("\n".join(lines[:split]))))
        return {"count": int(lines[split + 1]), "top": [[r["id"], int(r["days"])] for r in listing],
                "rounded": True}
    if query == "q3":
        row = next(csv.DictReader(io.StringIO(text)))
        median = row["median"]
        return {"involved": int(row["involved"]), "median": float(median) if median not in ("", "-") else None,
                "rounded": True}
    raise ValueError(query)


def canon_duckdb(query, text):
    rows = json.loads(text) if text.strip() else []
    if query == "q1":
        return {"rows": [[r["school"], r["students"], r["days"], r["hours"], r["ge15"], r["gt10"]] for r in rows]}
    if query == "q2":
        return {"count": rows[0]["count"], "top": [[i, int(d)] for i, d in (rows[0]["top"] or [])]}
    return {"involved": rows[0]["involved"], "median": rows[0]["median"]}


def canon_plain(query, text):  # jq and Python print the canonical shape themselves
    value = json.loads(text)
    if query == "q1":
        return {"rows": value["schools"]}
    return value


CANON = {"tidlig": canon_tidlig, "tidlig_jsonl": canon_tidlig, "duckdb": canon_duckdb,
         "duckdb_jsonl": canon_duckdb, "duckdb_db": canon_duckdb, "jq": canon_plain, "python": canon_plain}


def close(a, b, rounded):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= (0.05 + 1e-9 if rounded else 1e-6)


def differences(query, ref, other):
    """Human-readable differences between the reference answer and another tool's."""
    rounded = other.get("rounded", False) or ref.get("rounded", False)  # tidlig may be either side
    out = []
    if query == "q1":
        names = ["students", "mean days", "mean hours", ">= 15 days", "> 10 %"]
        ref_rows = {r[0]: r for r in ref["rows"]}
        got_rows = {r[0]: r for r in other["rows"]}
        if list(ref_rows) != list(got_rows):
            out.append(f"schools differ: {list(ref_rows)} vs {list(got_rows)}")
        for school, r in ref_rows.items():
            g = got_rows.get(school)
            if g is None:
                continue
            for k, name in enumerate(names, start=1):
                ok = close(r[k], g[k], rounded) if name.startswith("mean") else r[k] == g[k]
                if not ok:
                    out.append(f"{school} {name}: {r[k]} vs {g[k]}")
    elif query == "q2":
        if ref["count"] != other["count"]:
            out.append(f"count >= 15: {ref['count']} vs {other['count']}")
        if [d for _, d in ref["top"]] != [d for _, d in other["top"]]:
            out.append(f"top-10 days: {[d for _, d in ref['top']]} vs {[d for _, d in other['top']]}")
        elif [i for i, _ in ref["top"]] != [i for i, _ in other["top"]]:
            out.append(f"top-10 ids (ties in file order): {[i for i, _ in ref['top']]} vs {[i for i, _ in other['top']]}")
    else:
        if ref["involved"] != other["involved"]:
            out.append(f"involved: {ref['involved']} vs {other['involved']}")
        if not close(ref["median"], other["median"], rounded):
            out.append(f"median: {ref['median']} vs {other['median']}")
    return out


def check(folder):
    folder = Path(folder)
    failures = 0
    for query, title in QUERIES:
        answers = {}
        for tool, _ in TOOLS:
            raw = folder / f"{tool}-{query}.out"
            if raw.exists():
                answers[tool] = CANON[tool](query, raw.read_text(encoding="utf-8"))
        ref_tool = REFERENCE if REFERENCE in answers else next(iter(answers))
        query_failed = False
        for tool, answer in answers.items():
            if tool == ref_tool:
                continue
            diffs = differences(query, answers[ref_tool], answer)
            if diffs:
                failures += 1
                query_failed = True
                print(f"DISAGREE {folder.name} {query} ({title}): {ref_tool} vs {tool}", file=sys.stderr)
                for d in diffs[:20]:
                    print(f"    {d}", file=sys.stderr)
        summary = summarise(query, answers[ref_tool])
        if len(answers) == 1:
            print(f"unchecked {folder.name} {query}: only {ref_tool} ran -> {summary}", file=sys.stderr)
            continue
        print(f"agree {folder.name} {query}: {', '.join(sorted(answers))} -> {summary}" if not query_failed
              else f"checked {folder.name} {query}: {summary}", file=sys.stderr)
    return 1 if failures else 0


def summarise(query, answer):
    if query == "q1":
        total = answer["rows"][-1]
        return f"{len(answer['rows']) - 1} schools, {total[1]} students, {total[2]:.1f} days/student"
    if query == "q2":
        return f"{answer['count']} at >= 15 days, top {[d for _, d in answer['top']]}"
    return f"{answer['involved']} involved, median {answer['median']}"


# ---------------------------------------------------------------- tables

def times(folder, name):
    path = folder / f"{name}.times"
    if not path.exists():
        return None
    runs = [tuple(map(float, line.split())) for line in path.read_text().split("\n") if line.strip()]
    return statistics.median(t for t, _ in runs), max(m for _, m in runs) / 1024  # seconds, peak MB


def cell(t):
    return "n/a" if t is None else f"{t[0]:.2f} s, {t[1]:,.0f} MB"


def ratio(peer, ours):
    return "n/a" if peer is None or ours is None else f"{peer[0] / ours[0]:.1f}x"


def table(folders):
    folders = [Path(f) for f in folders]
    metas = {f: json.loads((f / "meta.json").read_text()) for f in folders}
    out = ["### Whole process, median of runs (time, peak resident memory)", "",
           "| students | file | query | " + " | ".join(n for _, n in TOOLS) + " | "
           + " | ".join(f"{n} / tidlig" for _, n in PEERS) + " |",
           "|" + "---|" * (3 + len(TOOLS) + len(PEERS))]
    for f in folders:
        m = metas[f]
        for query, title in QUERIES:
            t = {tool: times(f, f"{tool}-{query}") for tool, _ in TOOLS}
            out.append(f"| {m['students']:,} | {m['bytes'] / 1e6:,.0f} MB | {title} | "
                       + " | ".join(cell(t[tool]) for tool, _ in TOOLS) + " | "
                       + " | ".join(ratio(t[tool], t["tidlig"]) for tool, _ in PEERS) + " |")
    out += best_table(folders, metas)
    out += ["", "Runs per measurement: " + ", ".join(f"{metas[f]['students']:,} students: {metas[f]['runs']}"
                                                   for f in folders) + ".", ""]

    out += ["### Loading against the JSON parsing ceiling (simdjson on-demand, whole file walked)", "",
            "| students | file | tidlig load + Table 1 | tidlig MB/s | simdjson whole process | simdjson MB/s "
            "| simdjson parse only (in memory) | tidlig / simdjson | tidlig peak memory / file size |",
            "|---|---|---|---|---|---|---|---|---|"]
    for f in folders:
        m, ours, simd = metas[f], times(f, "tidlig-q1"), times(f, "simdjson")
        mb = m["bytes"] / 1e6
        parse_ms = None
        if (f / "simdjson.out").exists():
            fields = dict(kv.split("=", 1) for kv in (f / "simdjson.out").read_text().split())
            parse_ms = float(fields["parse_ms"])
        out.append(f"| {m['students']:,} | {mb:,.0f} MB | {cell(ours)} | {mb / ours[0]:,.0f} | {cell(simd)} | "
                   + (f"{mb / simd[0]:,.0f}" if simd else "n/a") + " | "
                   + (f"{parse_ms / 1000:.2f} s, {mb / (parse_ms / 1000):,.0f} MB/s" if parse_ms else "n/a") + " | "
                   + (f"{ours[0] / simd[0]:.2f}x" if simd else "n/a") + " | "
                   + f"{ours[1] * 1024 * 1024 / m['bytes']:.2f} |")
    out.append("")

    out += ["### Inside one session after a single load (`set timing on`, median over repetitions)", "",
            "| students | " + " | ".join(["Table 1", "top 10 >= 15", "count >= 15", "delays ppt"]) + " |",
            "|---|---|---|---|---|"]
    for f in folders:
        path = f / "session.ms"
        if not path.exists():
            continue
        by = {}
        for line in path.read_text().splitlines():
            name, ms = line.rsplit(" ", 1)
            by.setdefault(name, []).append(float(ms))
        out.append(f"| {metas[f]['students']:,} | "
                   + " | ".join(f"{statistics.median(by[k]):.1f} ms" if k in by else "n/a"
                                for k in ["schools", "top", "count", "delays"]) + " |")
    out.append("")

    out += tour_table(folders, metas)
    out += goals(folders[-1], metas[folders[-1]])

    # Simulation (query 4 of issue 6): only when the size folders recorded it.
    sims = [(f, json.loads((f / "simulate.json").read_text())) for f in folders if (f / "simulate.json").exists()]
    out += ["### Simulation (`simulate` of each built-in preset)", ""]
    if sims:
        out += ["| students | preset | time, peak memory |", "|---|---|---|"]
        for f, s in sims:
            for preset in s:
                out.append(f"| {metas[f]['students']:,} | {preset} | {cell(times(f, 'simulate-' + preset))} |")
    else:
        out.append("Not measured: `tidlig simulate` does not exist yet (`tidlig -c 'help simulate'` fails).")
    out.append("")
    return "\n".join(out)


def best_table(folders, metas):
    """Issue 14: DuckDB's best paths against tidlig on the JSON Lines form (tidlig's parallel
    parse), with the ratio peer time / tidlig time (above 1: tidlig is faster)."""
    out = ["", "### DuckDB on its best paths against tidlig on the JSON Lines form (time, peak memory)", "",
           "| students | JSON Lines file | query | tidlig, JSON Lines | DuckDB, JSON Lines + schema "
           "| DuckDB, own file | DuckDB JSON Lines / tidlig | DuckDB own file / tidlig |",
           "|---|---|---|---|---|---|---|---|"]
    for f in folders:
        m = metas[f]
        for query, title in QUERIES:
            ours = times(f, f"tidlig_jsonl-{query}")
            lines, db = times(f, f"duckdb_jsonl-{query}"), times(f, f"duckdb_db-{query}")
            out.append(f"| {m['students']:,} | {m.get('jsonl_bytes', 0) / 1e6:,.0f} MB | {title} | {cell(ours)} | "
                       f"{cell(lines)} | {cell(db)} | {ratio(lines, ours)} | {ratio(db, ours)} |")
    builds = [(f, times(f, "duckdb_db-build")) for f in folders]
    if any(b for _, b in builds):
        out += ["", "Building DuckDB's database file from the JSON Lines (once, not in the queries above): "
                + "; ".join(f"{metas[f]['students']:,} students: {cell(b)}"
                            + (f", file {json.loads((f / 'duckdb_db.json').read_text())['db_bytes'] / 1e6:,.0f} MB"
                               if (f / "duckdb_db.json").exists() else "")
                            for f, b in builds if b) + "."]
    return out


def tour_medians(f):
    """Statement number -> median milliseconds of the README tour in one session (issue 14)."""
    path = f / "tour.ms"
    if not path.exists():
        return {}
    by = {}
    for line in path.read_text().splitlines():
        number, ms = line.split()
        by.setdefault(int(number), []).append(float(ms))
    return {k: statistics.median(v) for k, v in by.items()}


def tour_table(folders, metas):
    done = [f for f in folders if (f / "tour.ms").exists()]
    if not done:
        return []
    statements = [s for s in (done[0] / "tour.tidlig").read_text().splitlines() if s.strip()]
    out = ["### The README tour, after one load (`set timing on`, median of 3 in one session)", "",
           "| statement | " + " | ".join(f"{metas[f]['students']:,} students" for f in done) + " |",
           "|---|" + "---|" * len(done)]
    medians = [tour_medians(f) for f in done]
    for i, text in enumerate(statements, 1):
        out.append(f"| `{text}` | " + " | ".join(f"{m[i]:.1f} ms" if i in m else "n/a" for m in medians) + " |")
    return out + [""]


def goals(f, m):
    """Issue 6's goals, checked at the largest size measured (they are stated for 1,000,000)."""
    ours, duck, simd = times(f, "tidlig-q1"), times(f, "duckdb-q1"), times(f, "simdjson")
    rows = []
    if duck:
        r = duck[0] / ours[0]
        rows.append(("load + Table 1 at least 10x faster than the DuckDB CLI", f"{r:.1f}x", r >= 10))
    if simd:
        r = ours[0] / simd[0]
        rows.append(("load + Table 1 within 2x of the bare simdjson parse", f"{r:.2f}x", r <= 2))
    share = ours[1] * 1024 * 1024 / m["bytes"]
    rows.append(("peak memory of a loaded session under half the file size", f"{share:.2f} of the file", share < 0.5))
    path = f / "session.ms"
    if path.exists():
        by = {}
        for line in path.read_text().splitlines():
            name, ms = line.rsplit(" ", 1)
            by.setdefault(name, []).append(float(ms))
        worst = max(statistics.median(v) for v in by.values())
        rows.append(("each interactive query under 100 ms after loading", f"slowest {worst:.1f} ms", worst < 100))
    tour = tour_medians(f)
    if tour:
        number, worst = max(tour.items(), key=lambda kv: kv[1])
        rows.append(("issue 14: every query of the README tour under 100 ms after loading",
                     f"slowest {worst:.1f} ms (statement {number})", worst < 100))
    whole, duck_lines = times(f, "tidlig-q1"), times(f, "duckdb_jsonl-q1")
    if whole and duck_lines:
        r = duck_lines[0] / whole[0]
        rows.append(("issue 14: one-object JSON load + Table 1 at least 5x faster than DuckDB on JSON Lines + schema",
                     f"{r:.1f}x", r >= 5))
        share = whole[1] * 1024 * 1024 / m["bytes"]
        rows.append(("issue 14: peak memory at most 0.4x the one-object file", f"{share:.2f} of the file",
                     share <= 0.4))
    lines, duck_lines = times(f, "tidlig_jsonl-q1"), times(f, "duckdb_jsonl-q1")
    if lines and duck_lines:
        r = duck_lines[0] / lines[0]
        rows.append(("issue 14: JSON Lines load + Table 1 at least 5x faster than DuckDB on JSON Lines + schema",
                     f"{r:.1f}x", r >= 5))
    if lines and m.get("jsonl_bytes"):
        share = lines[1] * 1024 * 1024 / m["jsonl_bytes"]
        rows.append(("issue 14: peak memory at most 0.4x the JSON Lines file", f"{share:.2f} of the file", share <= 0.4))
    out = [f"### The goals of issues 6 and 14 (stated for 1,000,000 students; checked here at {m['students']:,})", "",
           "| goal | measured | met |", "|---|---|---|"]
    out += [f"| {goal} | {value} | {'yes' if ok else 'no'} |" for goal, value, ok in rows]
    return out + [""]


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    if command == "check":
        sys.exit(max([check(a) for a in args] or [0]))
    if command == "table":
        print(table(args))
    else:
        sys.exit(f"harness.py: unknown command {command}")
