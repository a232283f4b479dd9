#!/usr/bin/env bash
# The main job: installs what is missing, builds ebmbench, runs the smoke
# suite (resuming where a previous run stopped) and prints its results.
#   tools/smoke.sh [extra `ebmbench run` flags, e.g. --db other.sqlite]
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
source tools/env.sh
bazel build --noshow_progress --ui_event_filters=-info --show_result=0 //src/cli:ebmbench
test -x bazel-bin/src/cli/ebmbench
exec bazel-bin/src/cli/ebmbench run suites/smoke.yaml --db results/smoke.sqlite "$@"
