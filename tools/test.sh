#!/usr/bin/env bash
# Every test: installs what is missing, then `bazel test //...`. Tests are
# always executed (not taken from the cache): the store's crash and
# concurrency tests must keep proving themselves.
#   tools/test.sh [extra bazel test flags]
set -uo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh || exit 1
source tools/env.sh
export EBMBENCH_REPORT_ASSETS="$PWD/tools/report/node_modules"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
bazel test --noshow_progress --nocache_test_results //... "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
passed=$(grep -cE '^//.* PASSED in ' "$log")
failed=$(grep -cE '^//.* (FAILED|TIMEOUT|FLAKY|NO STATUS)' "$log")
echo "targets: $passed passed, $failed failed"
exit "$status"
