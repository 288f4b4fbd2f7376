#!/usr/bin/env python3
"""Groups a callgrind profile of one tidlig load into scanning, dates, ids, checks, columns
and the rest (issue 14), by the self cost (instructions) of each function.

  valgrind --tool=callgrind --callgrind-out-file=OUT tidlig FILE -c schools --format csv
  callgrind_annotate --threshold=100 OUT | swift demangle --simplified | profile_groups.py

Reads callgrind_annotate's per-function lines ("N (P%)  file:function") on standard input
and prints a Markdown table: group, instructions, share, the largest functions in it.
"""
import re
import sys

# First match wins; patterns are tried on "source file:function" (the file is where inlined
# code came from, so scanner code inlined into a parse function counts as scanning).
GROUPS = [
    ("dates", r"Day\.swift|DateTable|DateCache|readDate|daysFromCivil|Day\.parse|Calendar"),
    ("ids", r"IDTable|readID|idString|withIDBytes|Hasher|Dictionary|RawDictionaryStorage|hashValue|"
            r"readSchoolReference|joinIDs"),
    ("checks", r"DataSetParser\+Checks|finishStudent|finishAbsence|finishDocuments|finishInvolvements|"
               r"finishEnrolments|sortByDate|permute|isPlainRecord|KeyLog|PendingProblem|DataProblem"),
    ("scanning", r"JSONScanner|nextKey|nextElement|skipWhitespace|skipValue|skipMember|scanString|"
                 r"DataSetParser(\+\w+)?\.swift:|DataSetParser\."),
    ("strings and texts (String made, validated, compared)", r"String|UTF8|utf8|NFC|SparseTexts"),
    ("columns (appending, copying, memory)", r"Array|append|reserveCapacity|memmove|memcpy|memset|malloc|free|"
                                             r"realloc|mmap|madvise|page_fault"),
    ("Swift runtime and start-up (metadata, dynamic linking)", r"swift_|swift::|Metadata|_dl_|dl-|do_lookup|"
                                                                r"ld-linux|getCache"),
    ("the query (Table 1) and output", r"AbsenceTotals|SchoolTable|Table|Output|Format|Query"),
]

LINE = re.compile(r"^\s*([\d,]+)\s+\(\s*[\d.]+%\)\s+(.*)$")


def short(name):
    where, _, function = name.partition(":")
    function = re.sub(r"\s*\[.*\]$", "", function or where)
    return (where.rsplit("/", 1)[-1] + ": " if function != where else "") + function[:50]


def main():
    totals, top, total = {}, {}, 0
    for raw in sys.stdin:
        if raw.startswith("-- Auto-annotated source") or "Auto-annotated source" in raw:
            break  # only the per-function summary, not the annotated source lines after it
        m = LINE.match(raw)
        if not m or "PROGRAM TOTALS" in raw:
            continue
        cost = int(m.group(1).replace(",", ""))
        name = m.group(2).strip()
        group = next((g for g, p in GROUPS if re.search(p, name)), "other")
        totals[group] = totals.get(group, 0) + cost
        top.setdefault(group, []).append((cost, name))
        total += cost
    print("| part of the load | instructions | share | largest functions |")
    print("|---|---|---|---|")
    for group, cost in sorted(totals.items(), key=lambda kv: -kv[1]):
        names = ", ".join(f"`{short(n)}`" for _, n in sorted(top[group], reverse=True)[:3])
        print(f"| {group} | {cost / 1e6:,.1f} M | {100 * cost / total:.1f} % | {names} |")
    print(f"| all | {total / 1e6:,.1f} M | 100 % | |")


if __name__ == "__main__":
    main()
