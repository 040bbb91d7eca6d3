#!/usr/bin/env bash
# Benchmarks editions (issue 18): comparing two 100,000-row editions with
# "report diff" against building one with "report build", and building
# --since against building without. Writes bench/EDITIONS.md. The budget:
# the comparison takes at most half the time of the build.
#
#   bash bench/editions.sh            # 5 runs a case, 100,000 rows
#   RUNS=3 ROWS=10000 bash bench/editions.sh
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-5}
rows=${ROWS:-100000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/report" ./cmd/report
bin="$work/report"

# The scaled brief, with a key: each test's type carries its row number, so
# that (date, type) identifies a row.
brief="$work/big"
go run ./bench/gen -rows "$rows" "$brief"
sed -i 's/^    annex: true$/    annex: true\n    key: [date, type]/' "$brief/brief.md"
awk -F, 'BEGIN {OFS=","} NR == 1 {print; next} {$2 = $2 " " NR - 1; print}' "$brief/data/tests.csv" > "$work/t.csv"
mv "$work/t.csv" "$brief/data/tests.csv"
"$bin" build -q -o "$work/base" "$brief"

# The next edition: 100 distances revised, 50 tests removed, 50 added.
awk -F, 'BEGIN {OFS=","} NR == 1 {print; next}
  NR % 997 == 0 && $4 != "" && revised < 100 {$4 = $4 + 7; revised++}
  NR % 1999 == 0 && removed < 50 {removed++; next}
  {print}
  END {for (i = 0; i < 50; i++) print "2030-01-" sprintf("%02d", i % 28 + 1), "New test " i, 1, 1000 + i, "success", "confirmed"}' \
  "$brief/data/tests.csv" > "$work/t.csv"
mv "$work/t.csv" "$brief/data/tests.csv"

# measure ARGS...: the medians of N runs' wall time (a Python timer around
# the process) and CPU time (user + system of the child), as "wall cpu".
measure() {
  python3 - "$runs" "$@" <<'PY'
import resource, statistics, subprocess, sys, time
runs, cmd = int(sys.argv[1]), sys.argv[2:]
walls, cpus = [], []
for _ in range(runs):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    r = subprocess.run(cmd, stdout=subprocess.DEVNULL)
    if r.returncode not in (0, 1):  # report diff exits 1 when something changed
        sys.exit("failed: %s" % " ".join(cmd))
    walls.append(time.perf_counter() - t)
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpus.append(r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime)
print("%.3f %.3f" % (statistics.median(walls), statistics.median(cpus)))
PY
}

read build build_cpu <<< "$(measure "$bin" build -q -o "$work/plain" "$brief")"
read since since_cpu <<< "$(measure "$bin" build -q -o "$work/since" --since "$work/base" "$brief")"
read diff diff_cpu <<< "$(measure "$bin" diff "$work/base" "$brief")"
summary=$("$bin" diff "$work/base" "$brief" | head -1 || true)
ratio=$(python3 -c "print('%.2f' % ($diff / $build))")
met=$(python3 -c "print('yes' if $diff <= $build / 2 else 'no')")
machine="$(lscpu | awk -F: '/Model name/ {gsub(/^ +/, "", $2); print $2; exit}'), $(nproc) cores, $(go version | awk '{print $3}')"
cat > bench/EDITIONS.md <<MD
# Editions: comparison time

Measured by \`bash bench/editions.sh\` on $(date -u +%Y-%m-%d): $machine.
Each figure is the median of $runs runs of the whole process (wall time, and
CPU time = user + system), on the
scaled brief of $rows rows with a key, against the annex of its previous
edition (100 distances revised, 50 tests removed, 50 added).

| case | wall (s) | CPU (s) |
|---|---:|---:|
| report build (no baseline) | $build | $build_cpu |
| report build --since the previous edition | $since | $since_cpu |
| report diff, previous edition's annex vs the brief | $diff | $diff_cpu |

report diff over report build, wall time: $ratio (budget: at most 0.5; met: $met).
Load average when measured: $(cut -d' ' -f1-3 /proc/loadavg) (on $(nproc) cores).

The diff found: $summary
MD
cat bench/EDITIONS.md
