#!/usr/bin/env bash
# Start-up cost of package initialisation, from GODEBUG=inittrace=1 on
# "report version" (which does nothing else): the median over RUNS runs of
# each package's init clock time, this module's packages summed apart from
# the dependencies'. Prints a Markdown table.
#
#   bash bench/inittrace.sh            # 21 runs
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-21}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/report" ./cmd/report
for i in $(seq "$runs"); do
  GODEBUG=inittrace=1 "$work/report" version 2>"$work/trace.$i" >/dev/null
done
module=$(go list -m)
/usr/bin/python3 - "$module" "$work"/trace.* <<'PY'
import re, statistics, sys
module, files = sys.argv[1], sys.argv[2:]
per = {}
totals = []
for f in files:
    run = {}
    for line in open(f):
        m = re.match(r"init (\S+) @[\d.]+ ms, ([\d.]+) ms clock", line)
        if m:
            run[m.group(1)] = run.get(m.group(1), 0) + float(m.group(2))
    for k, v in run.items():
        per.setdefault(k, []).append(v)
    totals.append(sum(run.values()))
med = {k: statistics.median(v + [0] * (len(files) - len(v))) for k, v in per.items()}
own = {k: v for k, v in med.items() if k.startswith(module)}
print(f"| package | init (ms, median of {len(files)}) |")
print("|---|---:|")
for k, v in sorted(med.items(), key=lambda kv: -kv[1])[:15]:
    print(f"| {k} | {v:.3f} |")
print(f"| **this module's packages, all {len(own)}** | **{sum(own.values()):.3f}** |")
print(f"| **every package** | **{statistics.median(totals):.3f}** |")
PY
