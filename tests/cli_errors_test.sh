#!/usr/bin/env bash
# Bad command lines fail with a clear message and exit 2, losing nothing
# (issue 21): an empty --db (SQLite's temporary database would swallow a
# whole suite), an unknown --status, and a check that would compare nothing
# (a suite name with no runs, a baseline without groups, a candidate whose
# configurations the baseline never ran) or with a meaningless minimum
# effect; a report that cannot write its page. A check that does compare
# passes.
test_name=cli_errors
source "$(dirname "$0")/e2e_common.sh"
ebmbench="$(realpath "$ebmbench")"
suite="$(realpath "$suite")"
cd "$work"
fail=0
expect_exit() {  # code, what the message must contain, command...
  local code="$1" text="$2"
  shift 2
  local got=0
  "$@" > out.txt 2>&1 || got=$?
  if [[ $got -ne $code ]] || ! grep -q -- "$text" out.txt; then
    echo "FAIL: '$*' exited $got (want $code) saying:"; cat out.txt; fail=1
  fi
}

expect_exit 2 "needs a file path" "$ebmbench" run "$suite" --db ''
expect_exit 2 "not a run status" "$ebmbench" list --status bogus --db r.sqlite
expect_exit 2 "not one of cpu" "$ebmbench" run "$suite" --db d.sqlite --device banana
[[ ! -e d.sqlite ]] || { echo "FAIL: --device banana created the database"; fail=1; }
expect_exit 105 "not in range 1 to 1024" "$ebmbench" run "$suite" --db d.sqlite --threads 0

"$ebmbench" run "$suite" --db r.sqlite > run.log 2>&1 || { cat run.log; exit 1; }
suite_name=$(sed -n 's/^suite:[[:space:]]*\([^[:space:]#]*\).*/\1/p' "$suite" | head -n 1)
"$ebmbench" baseline --db r.sqlite --suite "$suite_name" -o base.json > /dev/null
expect_exit 0 "no regression" "$ebmbench" check --db r.sqlite --suite "$suite_name" --baseline base.json
expect_exit 2 "no runs to check" "$ebmbench" check --db r.sqlite --suite typo --baseline base.json
echo '{"format": "ebmbench-baseline-1", "description": "empty", "groups": []}' > empty.json
expect_exit 2 "no run groups" "$ebmbench" check --db r.sqlite --suite "$suite_name" --baseline empty.json
sed 's/"key": "[0-9a-f]*"/"key": "0000"/' base.json > other.json
expect_exit 2 "nothing was compared" "$ebmbench" check --db r.sqlite --suite "$suite_name" --baseline other.json
expect_exit 2 "finite number" "$ebmbench" check --db r.sqlite --suite "$suite_name" --baseline base.json --min-effect nan
expect_exit 2 "finite number" "$ebmbench" check --db r.sqlite --suite "$suite_name" --baseline base.json --min-effect -1
# Report writes are checked: a folder where index.html goes is an error,
# not a silent success.
mkdir -p out/index.html
expect_exit 2 "it is a folder" "$ebmbench" report --db r.sqlite -o out
exit $fail
