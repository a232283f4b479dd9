#!/usr/bin/env bash
# End to end: two `ebmbench run` processes on one suite and one database
# share the work: every run is trained exactly once, by one of them, and the
# database holds each run's full records.
set -euo pipefail
test_name=concurrent
source "$(dirname "$0")/e2e_common.sh"
db="$work/shared.sqlite"

"$ebmbench" run "$suite" --db "$db" >"$work/a.log" 2>&1 &
a=$!
"$ebmbench" run "$suite" --db "$db" >"$work/b.log" 2>&1 &
b=$!
status_a=0 status_b=0
wait "$a" || status_a=$?
wait "$b" || status_b=$?

fail=0
if (( status_a || status_b )); then
  echo "FAIL: ebmbench exited with $status_a and $status_b"
  tail -3 "$work/a.log" "$work/b.log"
  fail=1
fi
expect() {  # name, query, expected
  local got
  got=$(q "$db" "$2")
  if [[ "$got" != "$3" ]]; then echo "FAIL: $1: '$got', expected '$3'"; fail=1; else echo "ok: $1 ($got)"; fi
}
expect "runs" "SELECT COUNT(*) FROM runs" 4
expect "finished" "SELECT COUNT(*) FROM runs WHERE status = 'finished'" 4
expect "each trained once" "SELECT COUNT(*) FROM runs WHERE attempts = 1" 4
expect "full step records" "SELECT COUNT(*) FROM (SELECT run_id FROM step_timings WHERE phase = 'step' GROUP BY run_id HAVING COUNT(*) = 300)" 4
expect "evaluations" "SELECT COUNT(*) FROM metrics WHERE name = 'test_ll'" 28
# Both processes did work: each trained at least one run the other skipped.
trained_a=$(grep -c '| finished$' "$work/a.log" || true)
trained_b=$(grep -c '| finished$' "$work/b.log" || true)
echo "process a trained $trained_a runs, process b $trained_b"
[[ $((trained_a + trained_b)) == 4 ]] || { echo "FAIL: runs trained twice or not at all"; fail=1; }
expect "integrity" "PRAGMA integrity_check" ok
exit $fail
