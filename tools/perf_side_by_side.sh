#!/usr/bin/env bash
# The speed table of issue 18, both columns, measured interleaved: for each
# row, the official code's step, then ebmbench's, then again, for --rounds
# rounds, so that both sides see the same state of a noisy machine (these
# VMs drift by 20-30 % over minutes; a column measured after the other is
# not a comparison). Each cell is the median of the per-round medians
# (steps 6..N), and the per-round ratios are shown beside. ebmbench's step
# here includes its data phase, because the official timer includes the
# batch's preparation (on toy data, drawing it with make_moons: ~0.2 ms of
# a ~6 ms step).
#   tools/perf_side_by_side.sh [--rounds N] [--anchors DIR] VERA_CLONE [ROW...]
# VERA_CLONE is a scratch clone of wgrathwohl/VERA prepared by the anchors'
# setup.sh (default anchors: ../shared/anchors/official_vera); ROWs are
# ml vera verahmc ssm pcd toy_vera toy_pcd (default: all). Threads as in
# tools/perf_table.sh: LibTorch 1, OpenBLAS 2 for NICE rows, 1 for toy rows.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=3
anchors=$(cd .. && pwd)/shared/anchors/official_vera
while [ $# -gt 0 ]; do
  case $1 in
    --rounds) rounds=$2; shift 2 ;;
    --anchors) anchors=$2; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "perf_side_by_side.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) break ;;
  esac
done
official=${1:?usage: tools/perf_side_by_side.sh [--rounds N] VERA_CLONE [ROW...] (see --help)}
shift
rows=("$@")
[ ${#rows[@]} -gt 0 ] || rows=(ml vera verahmc ssm pcd toy_vera toy_pcd)
[ -f "$anchors/run.sh" ] ||
  { echo "perf_side_by_side.sh: no $anchors/run.sh (pass --anchors)" >&2; exit 2; }

source tools/env.sh
[ -f data/mnist/train-images-idx3-ubyte ] || bash tools/fetch_data.sh mnist >&2
bazel build //src/cli:ebmbench >&2
bin=bazel-bin/src/cli/ebmbench
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# ROW -> suite file, position of the run in it, OpenBLAS threads.
ebmbench_run_of() {
  case $1 in
    ml) echo "suites/perf-nice.yaml 1 2" ;;
    vera) echo "suites/perf-nice.yaml 2 2" ;;
    verahmc) echo "suites/perf-nice.yaml 3 2" ;;
    ssm) echo "suites/perf-nice.yaml 4 2" ;;
    pcd) echo "suites/perf-nice.yaml 5 2" ;;
    toy_vera) echo "suites/perf-toy.yaml 1 1" ;;
    toy_pcd) echo "suites/perf-toy.yaml 2 1" ;;
    *) echo "perf_side_by_side.sh: unknown row $1" >&2; exit 2 ;;
  esac
}

ebmbench_median() {  # ROW -> median step seconds
  read -r suite position blas <<<"$(ebmbench_run_of "$1")"
  local db="$work/$1.sqlite"
  rm -f "$db"*; rm -rf "$work/$1.artifacts"
  # SGLD's chains in as many blocks as OpenBLAS has threads (ebmbench run
  # --help): the same two cores the official code's BLAS uses.
  OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=$blas "$bin" run "$suite" --runs "$position" \
    --db "$db" --threads 1 --sgld-threads "$blas" >"$work/$1.log" 2>&1 ||
    { echo "ebmbench $1 failed:" >&2; tail -5 "$work/$1.log" >&2; exit 1; }
  sqlite3 "$db" "SELECT SUM(seconds) FROM step_timings
                 WHERE phase IN ('data', 'step') AND step > 5 GROUP BY step" |
    python3 -c 'import statistics, sys; print(statistics.median(float(l) for l in sys.stdin))'
}

official_median() {  # ROW -> median step seconds
  OUT_DIR="$work/official" bash "$anchors/run.sh" "$official" "$1" >"$work/official.log" 2>&1
  awk '/median/ {for (i = 1; i < NF; ++i) if ($i == "median") print $(i + 1)}' "$work/official.log" | tail -1 | grep . ||
    { echo "official $1 failed:" >&2; cat "$work/official.log" >&2; exit 1; }
}

echo "rounds: $rounds; threads: LibTorch 1, OMP 1; OpenBLAS 2 (NICE rows), 1 (toy rows);" \
  "ebmbench --sgld-threads = OpenBLAS threads;" \
  "OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset, OpenBLAS detects the CPU}" >&2
for row in "${rows[@]}"; do
  for ((r = 1; r <= rounds; ++r)); do
    o=$(official_median "$row")
    e=$(ebmbench_median "$row")
    echo "$row round $r: official $o s, ebmbench $e s" >&2
    echo "$row $o $e" >>"$work/cells"
  done
done

python3 - "$work/cells" <<'PY'
import statistics, sys
cells = {}
for line in open(sys.argv[1]):
    row, o, e = line.split()
    cells.setdefault(row, []).append((float(o), float(e)))
print("| step | official (s) | ebmbench (s) | speed-up | per-round speed-ups |")
print("|---|---|---|---|---|")
for row, pairs in cells.items():
    o = statistics.median(p[0] for p in pairs)
    e = statistics.median(p[1] for p in pairs)
    per = ", ".join(f"{a / b:.2f}" for a, b in pairs)
    fmt = "%.4f" if o < 0.1 else "%.3f"
    print(f"| {row} | {fmt % o} | {fmt % e} | {o / e:.2f}x | {per} |")
PY
