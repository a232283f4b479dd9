#!/usr/bin/env bash
# The main job: installs what is missing, builds ebmbench, runs the smoke
# suite (resuming where a previous run stopped), prints its results and
# writes its report page (reports/out/smoke/index.html).
#   tools/smoke.sh [extra `ebmbench run` flags, e.g. --db other.sqlite]
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
source tools/env.sh
bazel build --noshow_progress --ui_event_filters=-info --show_result=0 //src/cli:ebmbench
test -x bazel-bin/src/cli/ebmbench
status=0
bazel-bin/src/cli/ebmbench run suites/smoke.yaml --db results/smoke.sqlite "$@" || status=$?
if [[ $status -eq 130 ]]; then exit 130; fi  # interrupted: run again to resume
bazel-bin/src/cli/ebmbench report --db results/smoke.sqlite --suite smoke
exit $status
