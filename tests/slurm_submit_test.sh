#!/usr/bin/env bash
# End to end on a real one-node Slurm cluster started here: `ebmbench submit`
# runs a 6-run suite as a job array (one shard per run), `status` follows
# it, `merge` unites the shards, and the merged database holds every run
# exactly once with the same metrics as a local `ebmbench run` of the suite;
# merging again changes nothing and `report` works on the result.
set -euo pipefail
test_name=slurm_submit
source "$(dirname "$0")/e2e_common.sh"
source "$(dirname "$0")/slurm_cluster.sh"
assets=$(realpath "${EBMBENCH_REPORT_ASSETS:-tools/report/node_modules}")
start_slurm_test

"$ebmbench" submit "$suite" --results "$work/sub" --max-parallel 2 --dry-run >dry.txt
grep -q '^#SBATCH --array=0-5%2$' dry.txt || { echo "FAIL: dry run's array line"; cat dry.txt; exit 1; }
expect "dry run lists 6 runs" "$(grep -c 'shards/task-[0-9]*.sqlite' dry.txt)" 6
[[ ! -e "$work/sub" ]] || { echo "FAIL: the dry run wrote $work/sub"; fail=1; }

t0=$(date +%s.%N)
"$ebmbench" submit "$suite" --results "$work/sub" --max-parallel 2 | tee submit.txt
t_submitted=$(date +%s.%N)
"$ebmbench" status --results "$work/sub" | tee status_early.txt
wait_for_empty_queue 200
t_finished=$(date +%s.%N)
"$ebmbench" status --results "$work/sub" | tee status.txt
expect "status: runs finished" "$(grep -cE ' finished +300/300$' status.txt)" 6
"$ebmbench" merge "$work/sub" --into merged.sqlite | tee merge1.txt
t_merged=$(date +%s.%N)
expect "merge: shards merged" "$(grep -c '^Merged 6 of 6 shards' merge1.txt)" 1
expect "runs in the merged database" "$(q merged.sqlite "SELECT COUNT(*) || ' ' || COUNT(DISTINCT config_hash) || ' ' || SUM(status = 'finished') FROM runs")" "6 6 6"
expect "every checkpoint copied" "$(q merged.sqlite "SELECT COUNT(*) FROM artifacts WHERE kind = 'checkpoint' AND path LIKE '%merged.artifacts/run-%'")" 6
for path in $(q merged.sqlite "SELECT path FROM artifacts"); do
  [[ -f "$path" ]] || { echo "FAIL: artifact $path missing"; fail=1; }
done

"$ebmbench" run "$suite" --db local.sqlite >local.log 2>&1
metrics="SELECT group_concat(x, ' ') FROM (SELECT r.config_hash || ':' || f.name || '=' || printf('%.12g', f.value) x
         FROM runs r JOIN final_metrics f ON f.run_id = r.id ORDER BY r.config_hash, f.name)"
expect "final metrics equal a local run's" "$(q merged.sqlite "$metrics" | md5sum)" "$(q local.sqlite "$metrics" | md5sum)"
curves="SELECT printf('%.12g', SUM(m.value * (m.step + 1))) || ' ' || COUNT(*) FROM metrics m
        WHERE m.name NOT LIKE 'reference/%'"
expect "every evaluation equals a local run's" "$(q merged.sqlite "$curves")" "$(q local.sqlite "$curves")"
expect "step timing rows" "$(q merged.sqlite 'SELECT COUNT(*) FROM step_timings')" "$(q local.sqlite 'SELECT COUNT(*) FROM step_timings')"

dump() { q merged.sqlite "SELECT COUNT(*) FROM runs; SELECT COUNT(*) FROM metrics; SELECT COUNT(*) FROM artifacts; SELECT COUNT(*) FROM environments; SELECT COUNT(*) FROM suites; SELECT COUNT(*) FROM suite_runs" | tr '\n' ' '; }
before=$(dump)
"$ebmbench" merge "$work/sub" --into merged.sqlite >merge2.txt
expect "merging again: all unchanged" "$(awk '$1 ~ /task-/ {s += $4} END {print s}' merge2.txt)" 6
expect "merging again changes nothing" "$(dump)" "$before"

"$ebmbench" report --db merged.sqlite --suite slurm-e2e -o report --assets "$assets" >report.log 2>&1 || {
  echo "FAIL: report on the merged database"; cat report.log; fail=1; }
[[ -s report/index.html ]] || { echo "FAIL: no report page"; fail=1; }

awk -v a="$t0" -v b="$t_submitted" -v c="$t_finished" -v d="$t_merged" 'BEGIN {
  printf "timings: submit %.1f s, all 6 finished %.1f s after submit, merged in %.1f s\n", b - a, c - b, d - c }'
exit $fail
