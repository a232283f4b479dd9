#!/usr/bin/env bash
# End to end on a real one-node Slurm cluster started here: a submitted
# array is cancelled (scancel) while its runs train, `submit --resubmit`
# submits again only the array tasks whose runs had not ended, and they
# resume from their checkpoints: every run finishes exactly once, no step
# is recorded twice, nothing is lost, and the merged metrics equal those of
# a local uninterrupted `ebmbench run`.
set -euo pipefail
test_name=slurm_resubmit
source "$(dirname "$0")/e2e_common.sh"
source "$(dirname "$0")/slurm_cluster.sh"
start_slurm_test

# Two array tasks of three runs each.
"$ebmbench" submit "$suite" --results "$work/sub" --runs-per-task 3 | tee submit.txt
shard="$work/sub/shards/task-0.sqlite"
deadline=$((SECONDS + 300))
until [[ "$(q "$shard" "SELECT COUNT(*) FROM runs WHERE status = 'running' AND checkpoint_step >= 100" 2>/dev/null || echo 0)" -ge 1 ]]; do
  (( SECONDS < deadline )) || { echo "FAIL: no run of task 0 reached a checkpoint"; exit 1; }
  sleep 0.05
done
scancel "$(sed -n 's/^Submitted job array \([0-9]*\).*/\1/p' submit.txt)"
wait_for_empty_queue 120
"$ebmbench" status --results "$work/sub" | tee status1.txt
# The stop checkpoints at the step it lands on. Which run it lands in
# depends on how fast scancel's signal arrives (toy steps take ~2 ms: the
# run seen past step 100 may have finished by then, and the next one is
# stopped instead), so the check is on whichever run it is.
interrupted=$(q "$shard" "SELECT COUNT(*) FROM runs WHERE status = 'interrupted' AND checkpoint_step = steps_done AND steps_done > 0")
expect "the cancelled run saved its checkpoint at the step it stopped and is interrupted" "$interrupted" 1
# Task 1 may have been cut short too (a run killed before it could stop is
# left running): every run that had not ended must resume.
interrupted_all=0
for s in "$work"/sub/shards/task-*.sqlite; do
  interrupted_all=$((interrupted_all + $(q "$s" "SELECT COUNT(*) FROM runs WHERE status IN ('interrupted', 'running')")))
done
grep -q 'submit --resubmit' status1.txt || { echo "FAIL: status does not say to resubmit"; fail=1; }

"$ebmbench" submit --resubmit --results "$work/sub" | tee resubmit.txt
grep -q '^Submitted job array' resubmit.txt || { echo "FAIL: nothing resubmitted"; exit 1; }
wait_for_empty_queue 600
"$ebmbench" status --results "$work/sub" | tee status2.txt
expect "status after resubmit: runs finished" "$(grep -cE ' finished +300/300$' status2.txt)" 6
"$ebmbench" submit --resubmit --results "$work/sub" >again.txt
grep -q '^Nothing to resubmit' again.txt || { echo "FAIL: resubmitted a finished submission"; cat again.txt; fail=1; }
grep -q 'resuming from the checkpoint' "$work/sub/logs/task-0.out" || {
  echo "FAIL: task 0's second attempt did not resume"; fail=1; }

"$ebmbench" merge "$work/sub" --into merged.sqlite >merge.txt
"$ebmbench" run "$suite" --db local.sqlite >local.log 2>&1
expect "runs finished once each" "$(q merged.sqlite "SELECT COUNT(*) || ' ' || COUNT(DISTINCT config_hash) || ' ' || SUM(status = 'finished') FROM runs")" "6 6 6"
expect "the interrupted runs were resumed" "$(q merged.sqlite "SELECT COUNT(*) FROM runs WHERE attempts = 2")" "$interrupted_all"
per_run="SELECT group_concat(n, ',') FROM (SELECT r.config_hash, COUNT(*) n FROM runs r JOIN metrics m ON m.run_id = r.id
         WHERE m.name NOT LIKE 'reference/%' GROUP BY r.config_hash ORDER BY r.config_hash)"
expect "metric rows per run (no step twice, none lost)" "$(q merged.sqlite "$per_run")" "$(q local.sqlite "$per_run")"
# Training steps and evaluations; an interrupted run also timed the
# checkpoint it wrote when it was stopped (phase other), a real cost.
timings="SELECT group_concat(n, ',') FROM (SELECT r.config_hash, COUNT(*) n FROM runs r JOIN step_timings t ON t.run_id = r.id
         WHERE t.phase IN ('step', 'eval') GROUP BY r.config_hash ORDER BY r.config_hash)"
expect "step and evaluation timing rows per run" "$(q merged.sqlite "$timings")" "$(q local.sqlite "$timings")"
metrics="SELECT group_concat(x, ' ') FROM (SELECT r.config_hash || ':' || f.name || '=' || printf('%.12g', f.value) x
         FROM runs r JOIN final_metrics f ON f.run_id = r.id ORDER BY r.config_hash, f.name)"
expect "final metrics equal an uninterrupted local run's" "$(q merged.sqlite "$metrics" | md5sum)" "$(q local.sqlite "$metrics" | md5sum)"
exit $fail
