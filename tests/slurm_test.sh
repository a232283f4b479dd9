#!/usr/bin/env bash
# End to end on a real one-node Slurm cluster started here, in two parts
# that share the cluster and one local, uninterrupted `ebmbench run` of the
# 6-run suite as the reference:
#  1. `ebmbench submit` runs the suite as a job array (two runs per array
#     task and shard: three LibTorch start-ups, not six; the dry run checks
#     the default, one run per task, as tests/slurm_submission_test.cc
#     does), `status` follows it, `merge` unites the shards, and the merged
#     database holds every run exactly once with the same metrics as the
#     local run; merging again changes nothing and `report` works on it.
#  2. A submitted array is cancelled (scancel) while its runs train,
#     `submit --resubmit` submits again only the array tasks whose runs had
#     not ended, and they resume from their checkpoints: every run finishes
#     exactly once, no step is recorded twice, nothing is lost, and the
#     merged metrics equal the local run's.
set -euo pipefail
test_name=slurm
source "$(dirname "$0")/e2e_common.sh"
source "$(dirname "$0")/slurm_cluster.sh"
assets=$(realpath "${EBMBENCH_REPORT_ASSETS:-tools/report/node_modules}")
start_slurm_test

"$ebmbench" run "$suite" --db local.sqlite >local.log 2>&1
# Every final metric; the sum over all evaluations; per run, its metric
# rows and its step and evaluation timing rows (an interrupted run also
# timed the checkpoint it wrote when it was stopped: phase other, a real
# cost).
final_metrics="SELECT group_concat(x, ' ') FROM (SELECT r.config_hash || ':' || f.name || '=' || printf('%.12g', f.value) x
         FROM runs r JOIN final_metrics f ON f.run_id = r.id ORDER BY r.config_hash, f.name)"
curves="SELECT printf('%.12g', SUM(m.value * (m.step + 1))) || ' ' || COUNT(*) FROM metrics m
        WHERE m.name NOT LIKE 'reference/%'"
metric_rows_per_run="SELECT group_concat(n, ',') FROM (SELECT r.config_hash, COUNT(*) n FROM runs r JOIN metrics m ON m.run_id = r.id
         WHERE m.name NOT LIKE 'reference/%' GROUP BY r.config_hash ORDER BY r.config_hash)"
timing_rows_per_run="SELECT group_concat(n, ',') FROM (SELECT r.config_hash, COUNT(*) n FROM runs r JOIN step_timings t ON t.run_id = r.id
         WHERE t.phase IN ('step', 'eval') GROUP BY r.config_hash ORDER BY r.config_hash)"
expect_as_local() {  # what, merged database, query
  expect "$1" "$(q "$2" "$3" | md5sum | cut -c1-32)" "$(q local.sqlite "$3" | md5sum | cut -c1-32)"
}
runs_once="SELECT COUNT(*) || ' ' || COUNT(DISTINCT config_hash) || ' ' || SUM(status = 'finished') FROM runs"

echo "== 1. submit, status, merge"
"$ebmbench" submit "$suite" --results "$work/sub" --max-parallel 2 --dry-run >dry.txt
grep -q '^#SBATCH --array=0-5%2$' dry.txt || { echo "FAIL: dry run's array line"; cat dry.txt; exit 1; }
expect "dry run lists 6 runs" "$(grep -c 'shards/task-[0-9]*.sqlite' dry.txt)" 6
[[ ! -e "$work/sub" ]] || { echo "FAIL: the dry run wrote $work/sub"; fail=1; }

t0=$(date +%s.%N)
"$ebmbench" submit "$suite" --results "$work/sub" --max-parallel 2 --runs-per-task 2 | tee submit.txt
grep -q '6 runs in 3 array tasks' submit.txt || { echo "FAIL: not 3 array tasks"; fail=1; }
t_submitted=$(date +%s.%N)
"$ebmbench" status --results "$work/sub" | tee status_early.txt
wait_for_empty_queue 200
t_finished=$(date +%s.%N)
"$ebmbench" status --results "$work/sub" | tee status.txt
expect "status: runs finished" "$(grep -cE ' finished +300/300$' status.txt)" 6
"$ebmbench" merge "$work/sub" --into merged.sqlite | tee merge1.txt
t_merged=$(date +%s.%N)
expect "merge: shards merged" "$(grep -c '^Merged 3 of 3 shards' merge1.txt)" 1
expect "runs in the merged database" "$(q merged.sqlite "$runs_once")" "6 6 6"
expect "every checkpoint copied" "$(q merged.sqlite "SELECT COUNT(*) FROM artifacts WHERE kind = 'checkpoint' AND path LIKE '%merged.artifacts/run-%'")" 6
for path in $(q merged.sqlite "SELECT path FROM artifacts"); do
  [[ -f "$path" ]] || { echo "FAIL: artifact $path missing"; fail=1; }
done
expect_as_local "final metrics equal a local run's" merged.sqlite "$final_metrics"
expect_as_local "every evaluation equals a local run's" merged.sqlite "$curves"
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

echo "== 2. cancel, resubmit, resume"
# Two array tasks of three runs each.
"$ebmbench" submit "$suite" --results "$work/sub2" --runs-per-task 3 | tee submit2.txt
shard="$work/sub2/shards/task-0.sqlite"
deadline=$((SECONDS + 300))
until [[ "$(q "$shard" "SELECT COUNT(*) FROM runs WHERE status = 'running' AND checkpoint_step >= 100" 2>/dev/null || echo 0)" -ge 1 ]]; do
  (( SECONDS < deadline )) || { echo "FAIL: no run of task 0 reached a checkpoint"; exit 1; }
  sleep 0.05
done
scancel "$(sed -n 's/^Submitted job array \([0-9]*\).*/\1/p' submit2.txt)"
wait_for_empty_queue 120
"$ebmbench" status --results "$work/sub2" | tee status1.txt
# The stop checkpoints at the step it lands on. Which run it lands in
# depends on how fast scancel's signal arrives (toy steps take ~2 ms: the
# run seen past step 100 may have finished by then, and the next one is
# stopped instead), so the check is on whichever run it is.
interrupted=$(q "$shard" "SELECT COUNT(*) FROM runs WHERE status = 'interrupted' AND checkpoint_step = steps_done AND steps_done > 0")
expect "the cancelled run saved its checkpoint at the step it stopped and is interrupted" "$interrupted" 1
# Task 1 may have been cut short too (a run killed before it could stop is
# left running): every run that had not ended must resume.
interrupted_all=0
for s in "$work"/sub2/shards/task-*.sqlite; do
  interrupted_all=$((interrupted_all + $(q "$s" "SELECT COUNT(*) FROM runs WHERE status IN ('interrupted', 'running')")))
done
grep -q 'submit --resubmit' status1.txt || { echo "FAIL: status does not say to resubmit"; fail=1; }

"$ebmbench" submit --resubmit --results "$work/sub2" | tee resubmit.txt
grep -q '^Submitted job array' resubmit.txt || { echo "FAIL: nothing resubmitted"; exit 1; }
wait_for_empty_queue 600
"$ebmbench" status --results "$work/sub2" | tee status2.txt
expect "status after resubmit: runs finished" "$(grep -cE ' finished +300/300$' status2.txt)" 6
"$ebmbench" submit --resubmit --results "$work/sub2" >again.txt
grep -q '^Nothing to resubmit' again.txt || { echo "FAIL: resubmitted a finished submission"; cat again.txt; fail=1; }
grep -q 'resuming from the checkpoint' "$work/sub2/logs/task-0.out" || {
  echo "FAIL: task 0's second attempt did not resume"; fail=1; }

"$ebmbench" merge "$work/sub2" --into resumed.sqlite >merge3.txt
expect "runs finished once each" "$(q resumed.sqlite "$runs_once")" "6 6 6"
expect "the interrupted runs were resumed" "$(q resumed.sqlite "SELECT COUNT(*) FROM runs WHERE attempts = 2")" "$interrupted_all"
expect_as_local "metric rows per run (no step twice, none lost)" resumed.sqlite "$metric_rows_per_run"
expect_as_local "step and evaluation timing rows per run" resumed.sqlite "$timing_rows_per_run"
expect_as_local "final metrics equal an uninterrupted local run's" resumed.sqlite "$final_metrics"
exit $fail
