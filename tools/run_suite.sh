#!/usr/bin/env bash
# Runs one suite end to end: installs what is missing, builds ebmbench,
# fetches the real data sets the suite needs (tools/fetch_data.sh), trains
# its runs (resuming where a previous run stopped), prints the results and
# writes the report page reports/out/<suite>/index.html.
#   tools/run_suite.sh SUITE.yaml [--jobs N] [extra `ebmbench run` flags]
# Results go to results/<suite>.sqlite unless a --db flag says otherwise.
# --jobs N starts N `ebmbench run` processes on the same database; each
# claims runs the others are not running (one BLAS thread each, see env.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
suite_file="${1:?usage: tools/run_suite.sh SUITE.yaml [--jobs N] [ebmbench run flags]}"
shift
jobs=1
db=""
run_flags=()
while (( $# )); do
  case "$1" in
    --jobs) jobs="$2"; shift 2 ;;
    # Taken out of the flags: every `ebmbench run` below gets it once.
    --db) db="$2"; shift 2 ;;
    *) run_flags+=("$1"); shift ;;
  esac
done
bash tools/setup.sh
source tools/env.sh
bazel build --noshow_progress --ui_event_filters=-info --show_result=0 //src/cli:ebmbench
ebmbench=bazel-bin/src/cli/ebmbench
suite_name=$(sed -n 's/^suite:[[:space:]]*\([^[:space:]#]*\).*/\1/p' "$suite_file" | head -n 1)
db="${db:-results/$suite_name.sqlite}"
data_flags=()
for (( i = 0; i + 1 < ${#run_flags[@]}; ++i )); do
  case "${run_flags[i]}" in
    --data-dir) data_flags=(--data-dir "${run_flags[i+1]}") ;;
  esac
done

mapfile -t datasets < <("$ebmbench" datasets "$suite_file")
if (( ${#datasets[@]} )); then
  # Data no package ships (the paper's hepmass, human, crop) cannot be
  # fetched; `ebmbench run` then names each missing file and its source.
  bash tools/fetch_data.sh "${data_flags[@]}" "${datasets[@]}" ||
    echo "run_suite: not every data set could be fetched (see above)" >&2
fi

status=0
if (( jobs > 1 )); then
  # Helpers run quietly into logs; the first process reports.
  pids=()
  for (( j = 2; j <= jobs; ++j )); do
    log="results/$suite_name.job$j.log"
    "$ebmbench" run "$suite_file" --db "$db" "${run_flags[@]}" > "$log" 2>&1 &
    pids+=($!)
    echo "run_suite: helper process $j logs to $log" >&2
    sleep 2  # let each claim its first run before the next starts
  done
fi
"$ebmbench" run "$suite_file" --db "$db" "${run_flags[@]}" || status=$?
for pid in "${pids[@]:-}"; do [[ -n "$pid" ]] && { wait "$pid" || true; }; done
if [[ $status -eq 130 ]]; then exit 130; fi  # interrupted: run again to resume
"$ebmbench" report --db "$db" --suite "$suite_name"
exit $status
