#!/usr/bin/env python3
"""A registration-level school-system export for the import benchmark (issue 15):
elever.csv, fravaer.csv, kalender.csv (the layout of `tidlig import`) and nokkel.txt.

    export_gen.py STUDENTS SEED FOLDER

About 30 absence rows per student (whole days, hour registrations in minutes, leave, late
arrivals; documented, not, or reported), school year 2024/2025, synthetic fødselsnumre with
valid check digits (never real people: individual numbers are drawn in the 2000s range and
the same seed gives the same file)."""
import datetime, random, sys

n, seed, folder = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
rng = random.Random(seed)
W1, W2 = (3, 7, 6, 1, 8, 9, 4, 5, 2), (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)

def check(digits, weights):
    k = 11 - sum(a * b for a, b in zip(weights, digits)) % 11
    return 0 if k == 11 else k

def numbers():
    # Birth dates 2008-2018, individual numbers 500-999 (born in the 2000s).
    day, individual = datetime.date(2008, 1, 1), 500
    while True:
        ds = day.strftime("%d%m%y")
        digits = [int(c) for c in ds + "%03d" % individual]
        k1 = check(digits, W1)
        if k1 != 10:
            k2 = check(digits + [k1], W2)
            if k2 != 10:
                yield "".join(map(str, digits + [k1, k2]))
        individual += 1
        if individual > 999:
            individual, day = 500, day + datetime.timedelta(days=1)
            if day.year > 2018:
                raise SystemExit("more students than synthetic numbers")

start, end = datetime.date(2024, 8, 19), datetime.date(2025, 6, 20)
closures = [(datetime.date(2024, 9, 30), datetime.date(2024, 10, 4)), (datetime.date(2024, 12, 23), datetime.date(2025, 1, 1)),
            (datetime.date(2025, 2, 24), datetime.date(2025, 2, 28)), (datetime.date(2025, 4, 14), datetime.date(2025, 4, 21))]
school_days = []
d = start
while d <= end:
    if d.weekday() < 5 and not any(a <= d <= b for a, b in closures):
        school_days.append(d.strftime("%d.%m.%Y"))
    d += datetime.timedelta(days=1)
schools = [f"Skole {i:03d} {'ungdomsskole' if i % 3 == 0 else 'barneskole'}" for i in range(max(1, n // 300))]
first_names = ["Kari", "Ola", "Nora", "Jakob", "Emma", "Filip", "Sara", "Noah", "Ingrid", "Lukas"]
last_names = ["Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen"]
types = ["Dag"] * 40 + ["Time"] * 45 + ["Permisjon"] * 8 + ["Forsentkomming"] * 7
documented = ["Ja"] * 3 + ["Nei"] * 5 + ["Meldt"] * 2
notes = [""] * 9 + ["syk", "tannlege", "ringte hjem", "ikke møtt"]

with open(f"{folder}/kalender.csv", "w", encoding="utf-8") as f:
    f.write("Fra;Til;Type;Skole\n")
    f.write(f"{start:%d.%m.%Y};{end:%d.%m.%Y};Skoleår;\n")
    for a, b in closures:
        f.write(f"{a:%d.%m.%Y};{b:%d.%m.%Y};Fri;\n")
with open(f"{folder}/nokkel.txt", "w") as f:
    f.write("bench-key-%d-not-a-real-municipality-key\n" % seed)
gen = numbers()
with open(f"{folder}/elever.csv", "w", encoding="utf-8-sig") as students, \
        open(f"{folder}/fravaer.csv", "w", encoding="utf-8-sig") as absence:
    students.write("Fødselsnummer;Fornavn;Etternavn;Skoleår;Skole;Trinn;Innmeldt;Utmeldt\n")
    absence.write("Fødselsnummer;Dato;Fraværstype;Minutter;Dokumentert;Merknad\n")
    choice, randint, sample = rng.choice, rng.randint, rng.sample
    out = []
    for i in range(n):
        number = next(gen)
        school = schools[i % len(schools)]
        grade = randint(8, 10) if "ungdom" in school else randint(1, 7)
        students.write(f"{number};{choice(first_names)};{choice(last_names)};2024/2025;{school};{grade};;\n")
        for day in sorted(sample(school_days, randint(10, 50)), key=lambda s: s[6:] + s[3:5] + s[:2]):
            kind = choice(types)
            minutes = choice(("45", "60", "90", "22,5")) if kind == "Time" else ("10" if kind == "Forsentkomming" else "")
            out.append(f"{number};{day};{kind};{minutes};{choice(documented)};{choice(notes)}\n")
        if len(out) > 100000:
            absence.write("".join(out))
            out = []
    absence.write("".join(out))
