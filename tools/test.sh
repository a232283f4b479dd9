#!/usr/bin/env bash
# Every test: installs what is missing, then `bazel test //...`.
#   tools/test.sh [extra bazel test flags]
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
source tools/env.sh
bazel test --noshow_progress //... "$@"
