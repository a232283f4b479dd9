#!/usr/bin/env bash
# Builds the libFuzzer harnesses of tests/fuzz with clang (ASan + UBSan) and
# runs each from a seed corpus; any crash, leak or hang fails (exit 1) with
# the input saved under build/fuzz/.
#   tools/fuzz.sh             CI: a fixed number of executions from a fixed
#                             seed (about a minute each), so a CI verdict
#                             reproduces on any machine with these packages
#   tools/fuzz.sh SECONDS     a campaign: random seed, SECONDS per harness
#                             (e.g. tools/fuzz.sh 3600)
# Harnesses: suite_parser (src/suite/suite_file), idx_reader (src/data/idx_file).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-}"
if ! command -v clang++ > /dev/null || ! ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a > /dev/null 2>&1; then
  echo "fuzz: installing clang and its libFuzzer runtime" >&2
  sudo=""; [[ $(id -u) -eq 0 ]] || sudo=sudo
  $sudo apt-get update -qq > /dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    clang libclang-rt-14-dev > /dev/null
fi
out=build/fuzz
mkdir -p "$out"
flags=(-std=c++17 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -I.)
echo "fuzz: building harnesses" >&2
clang++ "${flags[@]}" tests/fuzz/suite_parser_fuzzer.cc src/suite/suite_file.cc \
  src/suite/run_spec.cc src/core/params.cc src/core/hash.cc -lyaml-cpp -lxxhash \
  -o "$out/suite_parser_fuzzer"
clang++ "${flags[@]}" tests/fuzz/idx_reader_fuzzer.cc src/data/idx_file.cc -lz \
  -o "$out/idx_reader_fuzzer"

# Seed corpora: every suite file of the repository; small real IDX files.
rm -rf "$out/corpus" && mkdir -p "$out/corpus/suite_parser" "$out/corpus/idx_reader"
cp suites/*.yaml tests/data/*.yaml "$out/corpus/suite_parser/"
printf '\0\0\x08\x01\0\0\0\x03abc' > "$out/corpus/idx_reader/labels.idx"
printf '\0\0\x08\x03\0\0\0\x01\0\0\0\x02\0\0\0\x02abcd' > "$out/corpus/idx_reader/images.idx"
gzip -c "$out/corpus/idx_reader/images.idx" > "$out/corpus/idx_reader/images.idx.gz"

status=0
declare -A ci_runs=([suite_parser]=200000 [idx_reader]=20000)
for harness in suite_parser idx_reader; do
  if [[ -n "$seconds" ]]; then
    budget=(-max_total_time="$seconds")
    echo "fuzz: $harness for ${seconds}s" >&2
  else
    budget=(-seed=1 -runs="${ci_runs[$harness]}")
    echo "fuzz: $harness, ${ci_runs[$harness]} executions from seed 1" >&2
  fi
  log="$out/$harness.log"
  # A fresh corpus each time: the CI run starts from the seeds alone.
  rm -rf "$out/work/$harness" && mkdir -p "$out/work/$harness"
  cp "$out/corpus/$harness"/* "$out/work/$harness/"
  if ! ASAN_OPTIONS=detect_leaks=1 "$out/${harness}_fuzzer" "${budget[@]}" \
      -rss_limit_mb=2048 -timeout=10 -artifact_prefix="$out/$harness-" \
      "$out/work/$harness" > "$log" 2>&1; then
    echo "fuzz: $harness FAILED; its log: $log" >&2
    tail -n 30 "$log" >&2
    status=1
  fi
  grep -E "^(stat::number_of_executed_units|Done [0-9]+ runs)" "$log" >&2 || tail -n 2 "$log" >&2
done
exit $status
