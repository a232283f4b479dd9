#!/usr/bin/env bash
# ebmbench's column of the speed table of issue 18, from one command: the
# median step time (steps 6..N, the step phase alone: no data loading, no
# evaluation) of each method of suites/perf-nice.yaml (paper NICE, batch
# 200, OpenBLAS 2 threads) and suites/perf-toy.yaml (toy 2-D moons, OpenBLAS
# 1 thread), LibTorch 1 thread, as ../shared/anchors/official_vera/run.sh
# times the official code; then the exact-ML step's wall-clock GFLOP/s
# against an sgemm measured in the same benchmark process.
#   tools/perf_table.sh [--db FILE] [--skip-benchmark]
# The runs go to a fresh database (default /tmp/ebmbench-perf.sqlite).
set -euo pipefail
cd "$(dirname "$0")/.."
db=/tmp/ebmbench-perf.sqlite
benchmark=1
while [ $# -gt 0 ]; do
  case $1 in
    --db) db=$2; shift 2 ;;
    --skip-benchmark) benchmark=0; shift ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "perf_table.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
source tools/env.sh
[ -f data/mnist/train-images-idx3-ubyte ] || bash tools/fetch_data.sh mnist >&2
bazel build //src/cli:ebmbench //benchmarks:method_step_benchmark >&2
bin=bazel-bin/src/cli/ebmbench
rm -f "$db" "$db-wal" "$db-shm"; rm -rf "${db%.sqlite}.artifacts"
echo "threads: LibTorch 1 (--threads 1), OMP_NUM_THREADS=1; OpenBLAS 2 for NICE, 1 for toy;" \
  "SGLD chains in 2 blocks for NICE (--sgld-threads 2);" \
  "OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset, OpenBLAS detects the CPU}" >&2
OPENBLAS_NUM_THREADS=2 "$bin" run suites/perf-nice.yaml --db "$db" --threads 1 --sgld-threads 2 >&2
OPENBLAS_NUM_THREADS=1 "$bin" run suites/perf-toy.yaml --db "$db" --threads 1 >&2

echo "| step | ebmbench median (s) | n | min | max |"
echo "|---|---|---|---|---|"
sqlite3 -separator ' | ' "$db" "
WITH t AS (
  SELECT r.task || ' ' || r.label AS run, s.seconds,
         ROW_NUMBER() OVER (PARTITION BY r.id ORDER BY s.seconds) AS k,
         COUNT(*) OVER (PARTITION BY r.id) AS n,
         MIN(s.seconds) OVER (PARTITION BY r.id) AS lo,
         MAX(s.seconds) OVER (PARTITION BY r.id) AS hi, r.id AS id
  FROM step_timings s JOIN runs r ON r.id = s.run_id
  WHERE s.phase = 'step' AND s.step > 5)
SELECT '| ' || run, printf('%.4f', AVG(seconds)), MAX(n), printf('%.4f', MAX(lo)),
       printf('%.4f', MAX(hi)) || ' |'
FROM t WHERE k IN ((n + 1) / 2, (n + 2) / 2) GROUP BY id ORDER BY id;"

if [ "$benchmark" = 1 ]; then
  json=$(mktemp)
  OPENBLAS_NUM_THREADS=2 bazel-bin/benchmarks/method_step_benchmark \
    --benchmark_filter='BM_Sgemm/n:1024/blas_threads:2|BM_NiceStep/exact_ml/hidden:1000/layers:4/blas_threads:2' \
    --benchmark_min_time=3 --benchmark_format=json >"$json" 2>/dev/null
  python3 - "$json" <<'PY'
import json, sys
rows = {b["name"]: b for b in json.load(open(sys.argv[1]))["benchmarks"]}
sgemm = next(v for k, v in rows.items() if k.startswith("BM_Sgemm"))
ml = next(v for k, v in rows.items() if k.startswith("BM_NiceStep/exact_ml"))
g_s, g_m = sgemm["GFLOP/s"], ml["GFLOP/s"]
print(f"\nsgemm 1024, 2 OpenBLAS threads: {g_s:.1f} GFLOP/s (wall clock)")
print(f"exact-ML step (NICE 1000x4, batch 200): {ml['real_time']:.1f} ms, {g_m:.1f} GFLOP/s "
      f"= {100 * g_m / g_s:.0f}% of sgemm")
PY
  rm -f "$json"
fi
