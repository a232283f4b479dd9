#!/usr/bin/env bash
# Every test: installs what is missing, then `bazel test //...`. Tests are
# always executed (not taken from the cache): the store's crash and
# concurrency tests must keep proving themselves.
#   tools/test.sh [--quick] [extra bazel test flags]
# --quick leaves out the tests sized "large" in tests/BUILD (the toy 2-D
# learning slice, the Slurm cluster test, the report page in a headless
# browser): about half the time, for the edit-and-test loop. CI runs all.
set -uo pipefail
cd "$(dirname "$0")/.."
filters=()
if [[ "${1:-}" == "--quick" ]]; then
  filters=(--test_size_filters=small,medium)
  shift
fi
bash tools/setup.sh || exit 1
source tools/env.sh
export EBMBENCH_REPORT_ASSETS="$PWD/tools/report/node_modules"
# glibc's malloc on transparent huge pages: a LibTorch process's start-up
# (static operator registration) then takes 7k page faults instead of 17k,
# 0.54 s instead of 0.64 s, and the tests start ~90 of them. Allocation
# placement changes no number. (Runs and benchmarks keep the default.)
export GLIBC_TUNABLES="${GLIBC_TUNABLES:-glibc.malloc.hugetlb=1}"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
bazel test --noshow_progress --nocache_test_results "${filters[@]}" //... "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
passed=$(grep -cE '^//.* PASSED in ' "$log")
failed=$(grep -cE '^//.* (FAILED|TIMEOUT|FLAKY|NO STATUS)' "$log")
echo "targets: $passed passed, $failed failed"
exit "$status"
