#!/usr/bin/env bash
# The GPU check's CPU side (run by .ci/run): tools/gpu_prepare.sh's folder
# holds every library the CMake build needs (CMake resolves each of them
# inside the unpacked prefix, none from this machine's /usr), and
# tools/gpu_check.sh --device cpu --budget tiny runs its whole sequence here:
# build, equivalence, smoke + check, benchmarks, the CIFAR-format JEM run.
#
#   bash tests/gpu_tools_test.sh     # from the repository root: ~8 min of CMake
#                                    # build on 2 cores (kept in build/gpu_check), ~2 min of checks
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
fail() { echo "gpu_tools_test: FAIL: $*" >&2; exit 1; }

bash tools/gpu_prepare.sh
size=$(du -sm .gpu | cut -f1)
(( size <= 48 )) || fail ".gpu is $size MiB: with the working tree it must stay under the device tool's 64 MiB"
for lib in libyaml-cpp-dev libsqlite3-dev libxxhash-dev libcli11-dev nlohmann-json3-dev \
           libboost1.74-dev libpng-dev zlib1g-dev libgtest-dev libbenchmark-dev; do
  grep -q "^deb $lib " .gpu/MANIFEST || fail "the manifest lacks $lib"
done
[[ $(ls .gpu/data/mnist/*.gz | wc -l) == 4 ]] || fail "expected MNIST's four gzipped IDX files"
gzip -t .gpu/data/mnist/*.gz || fail "a damaged MNIST gzip"

status=0
bash tools/gpu_check.sh --device cpu --budget tiny --out "$scratch/out" || status=$?
summary="$scratch/out/summary.md"
[[ -f "$summary" ]] || fail "no summary.md"
cat "$summary"
(( status == 0 )) || fail "gpu_check.sh exited $status (see the step table above)"

# Every dependency CMake found lies in the prefix made from .gpu (LibTorch
# is the host's own; matio is left out).
cache=build/gpu_check/cmake/CMakeCache.txt
prefix=$(cd build/gpu_check/deps && pwd)
for key in SQLITE3_INCLUDE SQLITE3_LIB YAML_CPP_INCLUDE YAML_CPP_LIB XXHASH_INCLUDE XXHASH_LIB \
           CLI11_INCLUDE JSON_INCLUDE BOOST_MATH_INCLUDE PNG_LIBRARY_RELEASE PNG_PNG_INCLUDE_DIR \
           ZLIB_LIBRARY_RELEASE ZLIB_INCLUDE_DIR GTest_DIR benchmark_DIR; do
  value=$(sed -n "s/^$key:[A-Z]*=//p" "$cache")
  [[ "$value" == "$prefix"/* ]] || fail "CMake found $key at '$value', not in the prefix $prefix"
done

# Each step's results.
for step in unpack configure build equivalence smoke smoke-check benchmark jem; do
  grep -q "^| $step | ok |" "$summary" || fail "step $step did not end ok"
done
cases=$(grep -c ' device=cpu steps=3 ' "$scratch/out/equivalence.txt")
(( cases >= 18 )) || fail "equivalence compared $cases cases, expected every method's (18)"
grep -q 'Verdict\|verdict' "$scratch/out/smoke_check.md" || fail "smoke_check.md has no verdicts"
python3 - "$scratch/out/benchmark.json" <<'EOF'
import json, sys
runs = json.load(open(sys.argv[1]))["benchmarks"]
names = [r["name"] for r in runs if "error_occurred" not in r]
for want in ["BM_Sgemm", "BM_NiceStep/exact_ml", "BM_NiceStep/vera", "BM_TabularStep/pcd_jem"]:
    assert any(n.startswith(want) for n in names), (want, names)
for r in runs:
    assert r.get("real_time", 0) > 0, r
print("gpu_tools_test: benchmark.json:", len(names), "benchmarks")
EOF
grep -q 'finished' "$scratch/out/jem.txt" || fail "the CIFAR-format JEM-VERA run did not finish"
echo "gpu_tools_test: PASS"
