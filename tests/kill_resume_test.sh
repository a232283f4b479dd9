#!/usr/bin/env bash
# End to end: `ebmbench run` killed with SIGKILL midway and run again
# completes every run without a duplicated step, with the same records and
# final metrics as an uninterrupted run.
set -euo pipefail
test_name=kill_resume
source "$(dirname "$0")/e2e_common.sh"
killed="$work/killed.sqlite"
whole="$work/whole.sqlite"

# Kill it three times, each while a different run is training past one of
# its checkpoints (the kill lands wherever the process happens to be: in a
# step, an evaluation, a checkpoint write or a database commit). Each kill
# leaves the run at least 150 steps to go: toy PCD steps take ~2 ms, and a
# run killed at its step-200 checkpoint could finish between two polls.
for target in "2 100" "3 50" "4 100"; do
  read -r run_id min_checkpoint <<<"$target"
  "$ebmbench" run "$suite" --db "$killed" >>"$work/killed.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do
    if [[ -f "$killed" ]] &&
       [[ "$(q "$killed" "SELECT COUNT(*) FROM runs WHERE id = $run_id AND checkpoint_step >= $min_checkpoint" 2>/dev/null || echo 0)" == 1 ]]; then
      break
    fi
    sleep 0.05
  done
  kill -9 "$pid"
  wait "$pid" 2>/dev/null || true
  echo "killed at: $(q "$killed" "SELECT group_concat(id || ':' || status || '@' || steps_done, ' ') FROM runs")"
  [[ "$(q "$killed" "SELECT status FROM runs WHERE id = $run_id")" == running ]] || {
    echo "FAIL: run $run_id was not caught mid-training"; exit 1; }
done

"$ebmbench" run "$suite" --db "$killed" >"$work/second.log" 2>&1
grep -q "resuming from the checkpoint" "$work/second.log" || {
  echo "FAIL: the second invocation did not resume"; cat "$work/second.log"; exit 1; }
"$ebmbench" run "$suite" --db "$whole" >"$work/whole.log" 2>&1

fail=0
check() {  # name, query
  local a b
  a=$(q "$killed" "$2"); b=$(q "$whole" "$2")
  if [[ "$a" != "$b" ]]; then echo "FAIL: $1 differs: '$a' vs '$b'"; fail=1; else echo "ok: $1 ($a)"; fi
}
check "finished runs" "SELECT COUNT(*) FROM runs WHERE status = 'finished'"
check "steps done" "SELECT group_concat(steps_done) FROM runs ORDER BY id"
# Metrics that are measurements of the machine (reference/...) are excluded:
# they differ between any two runs, and a resumed run measures again.
check "metric rows" "SELECT COUNT(*) FROM metrics WHERE name NOT LIKE 'reference/%'"
check "step timing rows" "SELECT COUNT(*) FROM step_timings"
check "eval rows per run" "SELECT group_concat(n) FROM (SELECT COUNT(*) n FROM metrics WHERE name = 'test_ll' GROUP BY run_id ORDER BY run_id)"
check "final metrics" "SELECT group_concat(run_id || ':' || name || '=' || printf('%.12g', value), ' ') FROM final_metrics ORDER BY run_id, name"
check "every metric value" "SELECT printf('%.12g', SUM(value * (step + 1))) FROM metrics WHERE name NOT LIKE 'reference/%'"
references="SELECT group_concat(n) FROM (SELECT COUNT(*) n FROM metrics WHERE name = 'reference/sgemm_gflops' GROUP BY run_id ORDER BY run_id)"
# One sgemm reference per start of a run: runs 2-4 started twice.
[[ "$(q "$killed" "$references")" == "1,2,2,2" && "$(q "$whole" "$references")" == "1,1,1,1" ]] || {
  echo "FAIL: sgemm references per start: $(q "$killed" "$references") / $(q "$whole" "$references")"; fail=1; }
[[ "$(q "$killed" "SELECT COUNT(*) FROM runs WHERE status = 'finished'")" == 4 ]] || { echo "FAIL: not all runs finished"; fail=1; }
[[ "$(q "$killed" "SELECT group_concat(attempts) FROM runs ORDER BY id")" == "1,2,2,2" ]] || {
  echo "FAIL: runs 2-4 were not each resumed once"; fail=1; }
[[ "$(q "$killed" "PRAGMA integrity_check")" == ok ]] || { echo "FAIL: integrity"; fail=1; }
exit $fail
