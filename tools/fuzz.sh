#!/usr/bin/env bash
# Builds the libFuzzer harnesses of tests/fuzz with clang (ASan + UBSan) and
# runs each from a seed corpus; any crash, leak or hang fails (exit 1) with
# the input saved under build/fuzz/.
#   tools/fuzz.sh             CI: a fixed number of executions from a fixed
#                             seed (a minute or less each), so a CI verdict
#                             reproduces on any machine with these packages
#   tools/fuzz.sh SECONDS     a campaign: random seed, SECONDS per harness
#                             (e.g. tools/fuzz.sh 3600)
# Harnesses (tests/fuzz): suite_parser (src/suite/suite_file), idx_reader
# (src/data/idx_file), cifar_reader (src/data/cifar_binary), svhn_mat
# (src/data/svhn_mat through matio), csv_reader (src/data/text_table) and
# baseline_json (src/report/baseline_file).
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
build() {  # harness, sources and libraries after the harness file
  local harness="$1"
  shift
  clang++ "${flags[@]}" "tests/fuzz/${harness}_fuzzer.cc" "$@" -o "$out/${harness}_fuzzer"
}
build suite_parser src/suite/suite_file.cc src/suite/run_spec.cc src/core/params.cc \
  src/core/hash.cc src/core/visible_text.cc -lyaml-cpp -lxxhash
build idx_reader src/data/idx_file.cc -lz
build cifar_reader src/data/cifar_binary.cc
build svhn_mat src/data/svhn_mat.cc src/data/mat5_framing.cc -lmatio -lz
build csv_reader src/data/text_table.cc -lz
build baseline_json src/report/baseline_file.cc
clang++ -std=c++17 -O1 -I. tests/fuzz/write_seed_corpus.cc src/data/cifar_binary.cc \
  src/data/svhn_mat.cc src/data/mat5_framing.cc -lmatio -lz -o "$out/write_seed_corpus"

# Seed corpora: every suite file of the repository; small real files of
# each format, written by ebmbench's own writers where it has them.
harnesses=(suite_parser idx_reader cifar_reader svhn_mat csv_reader baseline_json)
rm -rf "$out/corpus"
for harness in "${harnesses[@]}"; do mkdir -p "$out/corpus/$harness"; done
cp suites/*.yaml tests/data/*.yaml "$out/corpus/suite_parser/"
printf '\0\0\x08\x01\0\0\0\x03abc' > "$out/corpus/idx_reader/labels.idx"
printf '\0\0\x08\x03\0\0\0\x01\0\0\0\x02\0\0\0\x02abcd' > "$out/corpus/idx_reader/images.idx"
gzip -c "$out/corpus/idx_reader/images.idx" > "$out/corpus/idx_reader/images.idx.gz"
mkdir -p "$out/seeds"
"$out/write_seed_corpus" "$out/seeds" "$out/corpus/svhn_mat"
# The CIFAR harness's first byte picks the kind: even CIFAR-10, odd CIFAR-100.
{ printf '\0'; cat "$out/seeds/cifar10.bin"; } > "$out/corpus/cifar_reader/cifar10"
{ printf '\1'; cat "$out/seeds/cifar100.bin"; } > "$out/corpus/cifar_reader/cifar100"
# The CSV harness's first byte: bit 0 whitespace-separated, bit 1 a header.
printf '\x02a,b,label\n1.5,-2e3,0\n0.25,7,1\n' > "$out/corpus/csv_reader/header.csv"
printf '\x011 2 3\n4\t5 6\n\n7 8 9\n' > "$out/corpus/csv_reader/columns.txt"
{ printf '\0'; printf '1,2\n3,4\n' | gzip -c; } > "$out/corpus/csv_reader/plain.csv.gz"
cp reports/baselines/*.json "$out/corpus/baseline_json/"
# Inputs that once crashed a harness run first, every time.
for dir in tests/fuzz/regressions/*/; do
  cp "$dir"* "$out/corpus/$(basename "$dir")/"
done

status=0
# About a minute each on a 2-core machine (executions differ in cost).
declare -A ci_runs=([suite_parser]=200000 [idx_reader]=20000 [cifar_reader]=100000
                   [svhn_mat]=100000 [csv_reader]=200000 [baseline_json]=300000)
for harness in "${harnesses[@]}"; do
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
