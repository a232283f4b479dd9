#!/usr/bin/env bash
# Builds ebmbench on a GPU host and proves every method on CUDA, in one
# command that fits a short device lease (about 9 minutes with the build on
# 16 cores). Prepare first, on a Debian machine: tools/gpu_prepare.sh (the
# folder .gpu, which the device tool must carry). Then, on the GPU host:
#
#   tools/gpu_check.sh                        # --device cuda, results in $OUT
#   tools/gpu_check.sh --device cpu --budget tiny   # the same sequence here
#
# Steps, each time-boxed, in the order of their value (a step that fails or
# runs out of time is recorded and the next one runs):
#   unpack     .gpu/debs/*.deb into a prefix with dpkg -x (never into /)
#   configure  CMake + ninja against the host's LibTorch
#              (python3's torch.utils.cmake_prefix_path) and the prefix;
#              without matio (SVHN), which the prefix does not carry
#   build      only ebmbench, device_equivalence_test, method_step_benchmark
#              and deps_probe (every prefix library linked and called once)
#   equivalence  every method's first 3 steps on the device against the CPU
#              in float64 from the same weights, batches and noise
#              (tests/device_equivalence_test.cc states the tolerances)
#   smoke      the smoke suite on the device (parallel processes), then
#              `ebmbench check` against the committed CPU baseline
#   benchmark  method_step_benchmark on the device: NICE paper config at
#              batch 200, tabular JEM, JEM WRN-28-10 at 40 + 40 (CUDA), and
#              the fp32 / TF32 / bf16 matrix-product references
#   jem        JEM-VERA on CIFAR-format synthetic 32x32 data (real CIFAR
#              binary files, random pixels), a few hundred steps: the
#              per-iteration time of the paper's JEM experiment
# Everything lands in --out (default $OUT, else results/gpu_check):
# summary.md (one page: the step table, then each step's results), log.txt
# (all output), equivalence.txt, smoke_check.md, benchmark.json, jem.txt.
#
# Options:
#   --device D     cuda (default), cuda:N or cpu
#   --budget B     full (default) or tiny: fewer smoke runs, short benchmarks,
#                  a WRN-10-1 for 10 steps instead of WRN-28-10 for 300
#   --out DIR      results folder
#   --prepared DIR the folder tools/gpu_prepare.sh made (default .gpu)
#   --build DIR    the CMake build folder (default build/gpu_check); kept,
#                  so a second call rebuilds only what changed
#   --jobs N       build and smoke processes (default: all cores)
#   --bin DIR      take ebmbench, device_equivalence_test and
#                  method_step_benchmark from DIR (e.g. Bazel's, linked into
#                  one folder) and build only deps_probe: what CI does, where
#                  the full CMake build would add half an hour on 2 cores
#   --deadline S   seconds for everything (default 540 with full, 3600 tiny)
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

device=cuda budget=full out="${OUT:-}" prepared=.gpu build=build/gpu_check
jobs=$(nproc) deadline="" prebuilt=""
while (( $# )); do
  case "$1" in
    --device) device="$2"; shift 2 ;;
    --budget) budget="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --prepared) prepared="$2"; shift 2 ;;
    --build) build="$2"; shift 2 ;;
    --jobs) jobs="$2"; shift 2 ;;
    --deadline) deadline="$2"; shift 2 ;;
    --bin) prebuilt=$(cd "$2" && pwd) || exit 2; shift 2 ;;
    -h|--help) sed -n '2,44p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "gpu_check: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$budget" == full || "$budget" == tiny ]] ||
  { echo "gpu_check: --budget full or tiny, not '$budget'" >&2; exit 2; }
[[ -d "$prepared/debs" ]] ||
  { echo "gpu_check: $prepared/debs is missing: run tools/gpu_prepare.sh first (and carry $prepared)" >&2; exit 2; }
out="${out:-results/gpu_check}"
mkdir -p "$out" "$build"
out=$(cd "$out" && pwd) build=$(cd "$build" && pwd) prepared=$(cd "$prepared" && pwd)
: "${deadline:=$([[ $budget == full ]] && echo 540 || echo 3600)}"

log="$out/log.txt" summary="$out/summary.md" steps="$out/.steps"
: >"$log"; : >"$steps"
work="$build/work"; rm -rf "$work"; mkdir -p "$work"
start=$(date +%s)
failed=0

# signal_tree PID SIGNAL: PID and all its descendants.
signal_tree() {
  local child
  for child in $(pgrep -P "$1" 2>/dev/null); do signal_tree "$child" "$2"; done
  kill -s "$2" "$1" 2>/dev/null || true
}

# run_step NAME LIMIT COMMAND...: runs COMMAND with at most LIMIT seconds
# (less when the deadline is nearer), appends its output to the log and a
# row to the step table.
run_step() {
  local name="$1" limit="$2"; shift 2
  local left=$(( deadline - ($(date +%s) - start) ))
  (( limit > left )) && limit=$left
  if (( limit < 5 )); then
    echo "| $name | skipped: deadline reached | 0 |" >>"$steps"; failed=1; return 1
  fi
  echo "=== $name (limit ${limit}s): $*" >>"$log"
  local t0=$(date +%s) rc timed_out=0
  # A subshell, so that steps may be shell functions; at the limit its whole
  # process tree is stopped.
  ( "$@" ) >>"$log" 2>&1 &
  local pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    if (( $(date +%s) - t0 >= limit )); then
      timed_out=1
      signal_tree "$pid" TERM; sleep 5; signal_tree "$pid" KILL
      break
    fi
    sleep 1
  done
  wait "$pid"; rc=$?
  (( timed_out )) && rc=124
  local secs=$(( $(date +%s) - t0 )) result="ok"
  if (( rc == 124 || rc == 137 )); then result="timed out"; elif (( rc != 0 )); then result="failed (exit $rc)"; fi
  echo "| $name | $result | $secs |" >>"$steps"
  echo "gpu_check: $name: $result in ${secs}s" >&2
  (( rc == 0 )) || failed=1
  return $rc
}

# ---- unpack and build ------------------------------------------------------
prefix="$build/deps"
unpack() {
  rm -rf "$prefix"; mkdir -p "$prefix"
  for deb in "$prepared"/debs/*.deb; do
    if command -v dpkg >/dev/null 2>&1; then
      dpkg -x "$deb" "$prefix" || return 1
    else  # a host without dpkg: a .deb is an ar archive around data.tar.xz
      (cd "$prefix" && ar p "$deb" data.tar.xz | tar xJ) || return 1
    fi
  done
}
torch_prefix=""
if python3 -c 'import torch' >/dev/null 2>&1; then
  candidate=$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)' 2>/dev/null)
  [[ -f "$candidate/Torch/TorchConfig.cmake" ]] && torch_prefix="$candidate"
fi
generator=()
command -v ninja >/dev/null 2>&1 && generator=(-G Ninja)
configure() {
  cmake -S "$repo" -B "$build/cmake" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release \
    -DEBM_DEPS_PREFIX="$prefix" -DEBM_WITH_MATIO=OFF \
    ${torch_prefix:+-DCMAKE_PREFIX_PATH="$torch_prefix"}
}
targets=(deps_probe)
[[ -z "$prebuilt" ]] && targets+=(ebmbench device_equivalence_test method_step_benchmark)
build_targets() {
  cmake --build "$build/cmake" --target "${targets[@]}" -j "$jobs" &&
    "$build/cmake/deps_probe"
}
run_step unpack 60 unpack
run_step configure 120 configure
# 400 s is the GPU host's 16 cores; 2 cores need about half an hour.
build_limit=400
[[ -n "$prebuilt" ]] && build_limit=120
[[ -z "$prebuilt" && $budget == tiny ]] && build_limit=2700
run_step build "$build_limit" build_targets
bin="${prebuilt:-$build/cmake}"
export EBMBENCH_DATA="$work/data"
mkdir -p "$EBMBENCH_DATA"
cp -r "$prepared/data/." "$EBMBENCH_DATA/" 2>/dev/null || true

# ---- 1. equivalence --------------------------------------------------------
: >"$out/equivalence.txt"
EBMBENCH_TEST_DEVICE="$device" EBMBENCH_EQUIVALENCE_REPORT="$out/equivalence.txt" \
  run_step equivalence 120 "$bin/device_equivalence_test" --gtest_brief=1

# ---- 2. smoke suite on the device, checked against the CPU baseline -------
smoke_runs=""
[[ $budget == tiny ]] && smoke_runs="--runs 1,9,17,25,33"   # one run of five methods
smoke() {
  local pids=() n=$jobs
  (( n > 8 )) && n=8   # the toy runs are launch-bound: more processes than this only queue
  [[ $budget == tiny ]] && n=1
  for ((i = 0; i < n; i++)); do
    "$bin/ebmbench" run suites/smoke.yaml --device "$device" --db "$work/smoke.sqlite" \
      $smoke_runs >>"$work/smoke.$i.log" 2>&1 &
    pids+=($!)
    sleep 1   # the first process creates the database
  done
  local rc=0
  for pid in "${pids[@]}"; do wait "$pid" || rc=1; done
  tail -n 3 "$work"/smoke.*.log
  return $rc
}
run_step smoke $([[ $budget == full ]] && echo 150 || echo 420) smoke
check_smoke() {
  "$bin/ebmbench" check --db "$work/smoke.sqlite" --suite smoke \
    --baseline reports/baselines/smoke.json --markdown "$out/smoke_check.md"
  local rc=$?
  # 0 pass, 3 inconclusive only: both mean nothing regressed.
  (( rc == 0 || rc == 3 ))
}
run_step smoke-check 30 check_smoke
"$bin/ebmbench" list --db "$work/smoke.sqlite" >"$work/smoke_list.txt" 2>&1 || true

# ---- 3. step benchmarks on the device --------------------------------------
if [[ $device == cpu ]]; then
  filter='BM_Sgemm/n:256/blas_threads:1|BM_NiceStep/(exact_ml|vera)/hidden:200/layers:2/blas_threads:1|BM_TabularStep/(supervised|pcd_jem)/blas_threads:1'
else
  filter='BM_MatmulReference|BM_Sgemm/n:1024/blas_threads:1|BM_NiceStep/.*/hidden:1000/layers:4|BM_TabularStep/|BM_JemWrn28Step/|BM_JemImageStep/'
fi
min_time=$([[ $budget == full ]] && echo 0.3 || echo 0.05)
run_step benchmark $([[ $budget == full ]] && echo 150 || echo 240) \
  "$bin/method_step_benchmark" --device="$device" --benchmark_filter="$filter" \
  --benchmark_min_time="$min_time" --benchmark_out="$out/benchmark.json" \
  --benchmark_out_format=json --benchmark_counters_tabular=true

# ---- 4. JEM-VERA on CIFAR-format synthetic data ----------------------------
write_cifar() {
  python3 - "$EBMBENCH_DATA/cifar10/cifar-10-batches-bin" <<'EOF'
import os, random, sys
folder = sys.argv[1]
os.makedirs(folder, exist_ok=True)
rng = random.Random(0)
# CIFAR-10 binary records: 1 label byte, 3072 pixel bytes. Random pixels:
# this run measures time per iteration, not accuracy.
for name, count in [("data_batch_%d.bin" % i, 1000) for i in range(1, 6)] + [("test_batch.bin", 1000)]:
    with open(os.path.join(folder, name), "wb") as f:
        for _ in range(count):
            f.write(bytes([rng.randrange(10)]) + os.urandom(3072))
EOF
}
jem() {
  write_cifar || return 1
  local depth=28 width=10 steps=300 features=256
  [[ $budget == tiny ]] && depth=10 width=1 steps=10 features=16
  cat >"$work/jem-cifar-format.yaml" <<EOF
suite: gpu-check-jem
description: JEM-VERA on CIFAR-format synthetic 32x32 images, per-iteration time (tools/gpu_check.sh)
seeds: [0]
run: {steps: $steps, batch_size: 40, eval_every: $steps, log_every: 10, checkpoint_every: $steps}
tasks:
  - task: jem
    params: {dataset: cifar10, net: wrn, depth: $depth, width: $width, dropout: 0.3, norm: none,
             sample_count: 0}
methods:
  - method: jem_vera
    params: {lr: 0.00003, glr: 0.00006, post_lr: 0.00003, nz: 128, generator: resnet,
             generator_features: $features, entropy_weight: 0.0001, alpha: 100,
             gradient_penalty: 0.1}
EOF
  "$bin/ebmbench" run "$work/jem-cifar-format.yaml" --device "$device" --db "$work/jem.sqlite" &&
    "$bin/ebmbench" list --db "$work/jem.sqlite" >"$out/jem.txt" 2>&1 &&
    "$bin/ebmbench" show 1 --db "$work/jem.sqlite" >>"$out/jem.txt" 2>&1
}
run_step jem $([[ $budget == full ]] && echo 150 || echo 300) jem

# ---- summary ---------------------------------------------------------------
{
  echo "# ebmbench GPU check ($device, budget $budget)"
  echo
  echo "$(date -u '+%F %T UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown),"
  echo "$(nproc) cores; $(nvidia-smi -L 2>/dev/null | head -1 || true)"
  echo "binaries: ${prebuilt:-CMake build in $build/cmake}"
  echo "torch: $(python3 -c 'import torch; print(torch.__version__, torch.version.cuda)' 2>/dev/null || echo "system LibTorch")"
  echo
  echo "| step | result | seconds |"
  echo "|---|---|---|"
  cat "$steps"
  echo
  echo "Total: $(( $(date +%s) - start )) s of a $deadline s deadline."
  echo
  echo "## 1. Equivalence: $device against CPU, float64, 3 steps (tolerance 1e-7)"
  echo '```'
  cat "$out/equivalence.txt"
  grep -E '^\[  (PASSED|FAILED|SKIPPED) |FAILED' "$log" | grep -v '^\[ RUN' | head -30
  echo '```'
  echo
  echo "## 2. Smoke suite on $device, checked against the CPU baseline"
  echo "Expected: every run finished except VERA-HMC's (collapsed, as on the CPU); no quality"
  echo "verdict 'regressed' (the device draws other random numbers than the CPU: the same"
  echo "distributions, not the same draws, so unchanged or inconclusive); step costs are"
  echo "another machine's and read as changed or incomparable, which does not gate."
  echo '```'
  tail -n 25 "$work/smoke_list.txt" 2>/dev/null
  echo '```'
  [[ -f "$out/smoke_check.md" ]] && head -c 6000 "$out/smoke_check.md"
  echo
  echo "## 3. Step benchmarks on $device (wall clock; GFLOP/s where counted)"
  echo '```'
  sed -n '/^=== benchmark/,/^=== jem/p' "$log" | grep -E '^(BM_|Benchmark|device|threads|-)' | head -60
  echo '```'
  echo
  echo "## 4. JEM-VERA on CIFAR-format data: per-iteration time"
  echo '```'
  head -n 60 "$out/jem.txt" 2>/dev/null
  echo '```'
} >"$summary"
rm -f "$steps"
echo "gpu_check: summary in $summary" >&2
exit $failed
