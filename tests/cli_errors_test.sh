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
expect_exit 2 "'nonsense' is not a command" "$ebmbench" nonsense
expect_exit 2 "not a run id" "$ebmbench" show 99999999999999999999 --db r.sqlite
expect_exit 2 "not a run id" "$ebmbench" show -4 --db r.sqlite

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
# Reading commands write nothing and refuse a file that is not ebmbench's:
# another program's database keeps its journal mode and gets no tables; a
# read-only database can be listed.
sqlite3 foreign.sqlite "CREATE TABLE notes (t TEXT); INSERT INTO notes VALUES ('mine');"
expect_exit 2 "not an ebmbench results database" "$ebmbench" list --db foreign.sqlite
[[ "$(sqlite3 foreign.sqlite 'PRAGMA journal_mode')" == delete ]] ||
  { echo "FAIL: list switched a foreign database to WAL"; fail=1; }
[[ "$(sqlite3 foreign.sqlite "SELECT COUNT(*) FROM sqlite_master WHERE name = 'runs'")" == 0 ]] ||
  { echo "FAIL: list added tables to a foreign database"; fail=1; }
sqlite3 r.sqlite "PRAGMA wal_checkpoint(TRUNCATE);" > /dev/null
cp r.sqlite ro.sqlite && chmod 0444 ro.sqlite
expect_exit 0 "finished" "$ebmbench" list --db ro.sqlite
sqlite3 bad.sqlite "CREATE TABLE runs (id INTEGER); PRAGMA user_version = -5;"
expect_exit 2 "not an ebmbench results database" "$ebmbench" show 1 --db bad.sqlite

# A label written into the database by anything but our parser (which
# refuses control characters) reaches neither the terminal nor report.md's
# table raw: no ESC byte, no row split by a newline.
cp r.sqlite esc.sqlite
sqlite3 esc.sqlite "UPDATE runs SET label = 'red' || char(27) || '[31m' || char(10) || '| x'"
expect_exit 0 "finished" "$ebmbench" list --db esc.sqlite
cp out.txt list.txt
expect_exit 0 "summary:" "$ebmbench" report --db esc.sqlite -o esc-report
if grep -q $'\x1b' list.txt esc-report/report.md; then
  echo "FAIL: an escape character reached the output"; fail=1
fi
grep -qF 'red\x1b[31m\x0a' list.txt || { echo "FAIL: list does not show the label escaped"; cat list.txt; fail=1; }
grep -qF 'red\x1b\[31m\x0a\| x' esc-report/report.md ||
  { echo "FAIL: report.md does not show the label escaped in one cell"; fail=1; }

# Sample pictures are named per group, bounded and unique (defect 14):
# labels that slug alike ("a b", "a-b") get two files, and a 300-character
# label still makes a writable name.
cp r.sqlite names.sqlite
# (The pcd run of seed 0 becomes a group of its own: another buffer size.)
sqlite3 names.sqlite "UPDATE runs SET label = 'a b' WHERE method = 'pcd' AND seed = 0;
                      UPDATE runs SET label = 'a-b' WHERE method = 'pcd' AND seed = 1;
                      UPDATE runs SET config_json = replace(config_json, '\"buffer_size\":200',
                        '\"buffer_size\":201') WHERE method = 'pcd' AND seed = 0"
expect_exit 0 "summary:" "$ebmbench" report --db names.sqlite -o names-report
# (tests/data/report.yaml has two data sets: a picture per group and data set.)
[[ $(ls names-report/samples-toy2d-a-b-*.png | wc -l) == 4 ]] ||
  { echo "FAIL: two groups whose labels slug alike did not get two pictures"; ls names-report; fail=1; }
sqlite3 names.sqlite "UPDATE runs SET label = printf('%.300c', 'L') WHERE method = 'pcd' AND seed = 0"
expect_exit 0 "summary:" "$ebmbench" report --db names.sqlite -o long-report
for png in long-report/samples-*.png; do
  (( ${#png} < 200 )) || { echo "FAIL: picture name of ${#png} characters"; fail=1; }
done

# Report writes are checked: a folder where index.html goes is an error,
# not a silent success.
mkdir -p out/index.html
expect_exit 2 "it is a folder" "$ebmbench" report --db r.sqlite -o out
exit $fail
