#!/usr/bin/env bash
# End to end: `ebmbench run` killed with SIGKILL midway and run again
# completes every run without a duplicated step, with the same records and
# final metrics as an uninterrupted run.
set -euo pipefail
test_name=kill_resume
source "$(dirname "$0")/e2e_common.sh"
killed="$work/killed.sqlite"
whole="$work/whole.sqlite"

"$ebmbench" run "$suite" --db "$killed" >"$work/first.log" 2>&1 &
pid=$!
# Wait until the second run has passed its first checkpoint, then kill.
for _ in $(seq 1 600); do
  if [[ -f "$killed" ]] &&
     [[ "$(q "$killed" "SELECT COUNT(*) FROM runs WHERE id = 2 AND checkpoint_step >= 100" 2>/dev/null || echo 0)" == 1 ]]; then
    break
  fi
  sleep 0.05
done
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
echo "killed at: $(q "$killed" "SELECT group_concat(id || ':' || status || '@' || steps_done, ' ') FROM runs")"
[[ "$(q "$killed" "SELECT status FROM runs WHERE id = 2")" == running ]] || {
  echo "FAIL: run 2 was not caught mid-training"; exit 1; }

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
# One sgemm reference per start of a run: run 2 started twice.
[[ "$(q "$killed" "$references")" == "1,2,1,1" && "$(q "$whole" "$references")" == "1,1,1,1" ]] || {
  echo "FAIL: sgemm references per start: $(q "$killed" "$references") / $(q "$whole" "$references")"; fail=1; }
[[ "$(q "$killed" "SELECT COUNT(*) FROM runs WHERE status = 'finished'")" == 4 ]] || { echo "FAIL: not all runs finished"; fail=1; }
[[ "$(q "$killed" "SELECT attempts FROM runs WHERE id = 2")" == 2 ]] || { echo "FAIL: run 2 was not resumed"; fail=1; }
[[ "$(q "$killed" "PRAGMA integrity_check")" == ok ]] || { echo "FAIL: integrity"; fail=1; }
exit $fail
