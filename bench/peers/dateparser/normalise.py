#!/usr/bin/python3
"""dateparser peer of bench/time_normalisation_bench.

Reads the cases TSV (lang, published, expression, gold), parses each expression with
Debian's python3-dateparser against its publication date (RELATIVE_BASE), and writes
one line per case: "YYYY-MM-DDTHH:MM:SS" or an empty line when dateparser finds
nothing. The last line is "# seconds S", the time of the parsing loop alone.
Run with Debian's /usr/bin/python3, where python3-dateparser is installed.
"""
import argparse
import datetime
import time
import warnings

import dateparser

warnings.filterwarnings("ignore")

parser = argparse.ArgumentParser()
parser.add_argument("--cases", required=True)
parser.add_argument("--out", required=True)
parser.add_argument("--repeat", type=int, default=1)
args = parser.parse_args()

cases = []
with open(args.cases, encoding="utf-8") as lines:
    for line in lines:
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        lang, published, expression = line.split("\t")[:3]
        # Noon, as for the other systems: "hier" stays on the right day.
        base = datetime.datetime.fromisoformat(published) + datetime.timedelta(hours=12)
        cases.append((lang, base, expression))

# dateparser builds its language data on first use; warm it up outside the timed loop.
for lang in sorted({c[0] for c in cases}):
    dateparser.parse("1 janvier 2000" if lang == "fr" else "1 January 2000", languages=[lang])

results = []
start = time.perf_counter()
for _ in range(args.repeat):
    results = []
    for lang, base, expression in cases:
        parsed = dateparser.parse(expression, languages=[lang], settings={"RELATIVE_BASE": base})
        results.append(parsed.strftime("%Y-%m-%dT%H:%M:%S") if parsed else "")
seconds = (time.perf_counter() - start) / args.repeat
with open(args.out, "w", encoding="utf-8") as out:
    out.write("\n".join(results) + f"\n# seconds {seconds}\n")
