#!/usr/bin/env bash
# The main job: installs what is missing, builds ebmbench, runs the smoke
# suite (resuming where a previous run stopped), prints its results and
# writes its report page (reports/out/smoke/index.html).
#   tools/smoke.sh [extra `ebmbench run` flags, e.g. --db other.sqlite]
set -euo pipefail
cd "$(dirname "$0")/.."
exec bash tools/run_suite.sh suites/smoke.yaml "$@"
