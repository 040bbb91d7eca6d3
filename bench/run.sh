#!/usr/bin/env bash
# Benchmarks the whole report process on the bundled brief and on scaled
# briefs of 1k, 10k and 100k rows, plus a batch of 100 briefs at -j 1 and -j 2,
# and writes bench/RESULTS.md. Figures are medians of several runs of the
# whole process (wall, CPU = user + sys, peak RSS), with the machine named.
#
#   bash bench/run.sh            # 5 runs a case
#   RUNS=9 bash bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/report" ./cmd/report
bin="$work/report"

# median FILE COLUMN: the median of a column of numbers.
median() { sort -g -k"$2" "$1" | awk -v c="$2" '{v[NR]=$c} END {print v[int((NR+1)/2)]}'; }

# measure NAME ARGS...: runs the command $runs times; prints the medians of
# wall time (s), CPU time (s) and peak RSS (KB). Wall time is taken by a
# Python timer around the process (bash and /usr/bin/time add milliseconds);
# CPU and RSS come from /usr/bin/time in separate runs.
measure() {
  local log="$work/$1.times"; shift
  local wall
  wall=$(python3 - "$runs" "$@" <<'PY'
import statistics, subprocess, sys, time
runs, cmd = int(sys.argv[1]), sys.argv[2:]
ts = []
for _ in range(runs):
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
    ts.append(time.perf_counter() - t)
print(statistics.median(ts))
PY
)
  : > "$log"
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%U %S %M" -a -o "$log" "$@" >/dev/null
  done
  awk '{print $1+$2, $3}' "$log" > "$log.n"
  echo "$wall $(median "$log.n" 1) $(median "$log.n" 2)"
}

pages() { pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ {print $2}'; }
kb() { echo $(( ($(stat -c %s "$1") + 512) / 1024 )); }

machine="$(lscpu | awk -F: '/Model name/ {gsub(/^ +/, "", $2); print $2; exit}'), $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(go version | awk '{print $3}')"
{
  echo "# Benchmarks"
  echo
  echo "Measured by \`bash bench/run.sh\` on $(date -u +%Y-%m-%d): $machine."
  echo "Each figure is the median of $runs runs of the whole \`report build\` process:"
  echo "wall time from a Python timer around the process, CPU time (user + system) and"
  echo "peak resident memory from /usr/bin/time."
  echo
  echo "| case | rows | wall (s) | CPU (s) | peak RSS (MiB) | PDF (KB) | pages | annex (KB) | µs per row |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
} > "$work/RESULTS.md"

row() { # name rows dir
  local out="$work/out-$1-$2"
  read -r wall cpu rss < <(measure "$1" "$bin" build -q -o "$out" "$3")
  local id; id=$(basename "$3")
  local per=""
  [ "$2" -ge 1000 ] && per=$(awk -v w="$wall" -v n="$2" 'BEGIN {printf "%.1f", w*1e6/n}')
  echo "$2 $wall $rss $(stat -c %s "$out/$id.pdf")" >> "$work/figures"
  printf '| %s | %s | %.3f | %.3f | %d | %d | %s | %d | %s |\n' "$1" "$2" "$wall" "$cpu" $((rss / 1024)) \
    "$(kb "$out/$id.pdf")" "$(pages "$out/$id.pdf")" "$(kb "$out/$id.xlsx")" "$per" >> "$work/RESULTS.md"
}

row "bundled brief" 14 briefs/nk-2017
for n in 1000 10000 100000; do
  go run ./bench/gen -rows "$n" "$work/rows$n"
  row "scaled brief" "$n" "$work/rows$n"
done

# A batch of 100 copies of the bundled brief, one process, -j 1 against -j 2.
mkdir -p "$work/batch"
for i in $(seq -w 1 100); do cp -r briefs/nk-2017 "$work/batch/b$i"; done
read -r w1 c1 r1 < <(measure j1 "$bin" build -q -j 1 -o "$work/outj1" "$work"/batch/b*)
read -r w2 c2 r2 < <(measure j2 "$bin" build -q -j 2 -o "$work/outj2" "$work"/batch/b*)
cmp -s "$work/outj1/manifest.json" "$work/outj2/manifest.json" || { echo "-j 1 and -j 2 differ" >&2; exit 1; }
{
  echo
  echo "| batch of 100 bundled briefs | wall (s) | CPU (s) | peak RSS (MiB) |"
  echo "|---|---:|---:|---:|"
  printf '| -j 1 | %.2f | %.2f | %d |\n' "$w1" "$c1" $((r1 / 1024))
  printf '| -j 2 | %.2f | %.2f | %d |\n' "$w2" "$c2" $((r2 / 1024))
  echo
  awk -v a="$w1" -v b="$w2" 'BEGIN {printf "Speed-up of -j 2 over -j 1: %.2f×. The outputs are byte-identical.\n", a/b}'
} >> "$work/RESULTS.md"
# The budgets of issue 7, checked against the figures above. Typst's time for
# the bundled brief is the issue's figure (0.28 s on a 2-core machine like
# this one); Typst itself cannot be installed here.
awk -v j1="$w1" -v j2="$w2" '
  {wall[$1]=$2; rss[$1]=$3; size[$1]=$4}
  END {
    print ""
    print "| budget | limit | measured | met |"
    print "|---|---|---|---|"
    b = wall[14]; printf "| bundled brief, whole process | 15%% of Typst 0.28 s = 42 ms | %.0f ms (%.0f%%) | %s |\n", b*1000, b/0.28*100, (b <= 0.042 ? "yes" : "no")
    printf "| bundled PDF size | 120 KB | %d KB | %s |\n", size[14]/1024, (size[14] <= 120*1024 ? "yes" : "no")
    printf "| 100,000 rows, wall | 4 s | %.2f s | %s |\n", wall[100000], (wall[100000] <= 4 ? "yes" : "no")
    printf "| 100,000 rows, peak RSS | 300 MiB | %d MiB | %s |\n", rss[100000]/1024, (rss[100000]/1024 <= 300 ? "yes" : "no")
    r = (wall[100000]/100000) / (wall[10000]/10000); printf "| time per row, 100k over 10k | 1.5× | %.2f× | %s |\n", r, (r <= 1.5 ? "yes" : "no")
    s = j1/j2; printf "| 100 briefs, -j 2 over -j 1 | at least 1.7× | %.2f× | %s |\n", s, (s >= 1.7 ? "yes" : "no")
  }' "$work/figures" >> "$work/RESULTS.md"
cp "$work/RESULTS.md" bench/RESULTS.md
cat bench/RESULTS.md
