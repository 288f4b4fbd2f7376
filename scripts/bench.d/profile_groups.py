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

# First match wins; patterns are tried on the demangled function name.
GROUPS = [
    ("dates", r"readDate|DateCache|DateTable|Day\b|\.date\(|isSchoolDay|schoolDay"),
    ("ids", r"readID|idString|IDTable|IDToken|Hasher|hash|Dictionary|_NativeDictionary|index\.updateValue|"
            r"withIDBytes|lookup|String\(|_StringGuts|_StringObject|UTF8"),
    ("checks", r"finishStudent|finishAbsence|finishDocuments|finishInvolvements|finishEnrolments|sortByDate|"
               r"permute|isPlainRecord|Checks|PendingProblem|DataProblem|problem|KeyLog|once\("),
    ("scanning", r"JSONScanner|nextKey|nextElement|skipWhitespace|skippingWhitespace|skipValue|skipMember|"
                 r"scanString|readNumber|readInteger|readEnum|readBool|readString|openObject|openArray|"
                 r"parseAbsence|parseStudent|parseFolder|parseDocument|parseInvolvement|parseEnrolment|within"),
    ("columns (appending, growing arrays)", r"Array|ContiguousArray|append|reserveCapacity|_copyContents|"
                                            r"memmove|memcpy|realloc|malloc|free|swift_"),
    ("the query (Table 1) and start-up", r"AbsenceTotals|Table|schools|Query|Output|Format|_dl_|ld-linux|"
                                         r"dl_|init|main"),
]

LINE = re.compile(r"^\s*([\d,]+)\s+\(\s*[\d.]+%\)\s+(.*)$")


def main():
    totals, top, total = {}, {}, 0
    for raw in sys.stdin:
        m = LINE.match(raw)
        if not m or "PROGRAM TOTALS" in raw:
            continue
        cost = int(m.group(1).replace(",", ""))
        name = m.group(2).split(":", 1)[-1].strip() if ":" in m.group(2) else m.group(2).strip()
        group = next((g for g, p in GROUPS if re.search(p, name)), "other")
        totals[group] = totals.get(group, 0) + cost
        top.setdefault(group, []).append((cost, name))
        total += cost
    print("| part of the load | instructions | share | largest functions |")
    print("|---|---|---|---|")
    for group, cost in sorted(totals.items(), key=lambda kv: -kv[1]):
        names = ", ".join(f"`{n[:60]}`" for _, n in sorted(top[group], reverse=True)[:3])
        print(f"| {group} | {cost / 1e6:,.1f} M | {100 * cost / total:.1f} % | {names} |")
    print(f"| all | {total / 1e6:,.1f} M | 100 % | |")


if __name__ == "__main__":
    main()
