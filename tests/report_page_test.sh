#!/usr/bin/env bash
# The report page in a real browser: headless Chromium loads the generated
# page from file://, the tables and every chart render, the console shows no
# error, user strings stay text. A screenshot is kept as a test artifact
# (Bazel's undeclared outputs: bazel-testlogs/tests/report_page_test/).
set -euo pipefail
test_name=report_page
source "$(dirname "$0")/e2e_common.sh"
db="$work/report.sqlite"
"$ebmbench" run "$suite" --db "$db" >"$work/run.log" 2>&1
# Known final values, so the leaderboard's order and ties are known: per
# data set exact_ml {-2.00, -2.01}, pcd {-2.02, -2.03} (95% intervals
# overlap: a tie), nce {-3.00, -3.01} (apart).
q "$db" "UPDATE final_metrics SET value = (SELECT CASE r.method WHEN 'exact_ml' THEN -2.0
           WHEN 'pcd' THEN -2.02 ELSE -3.0 END - 0.01 * r.seed FROM runs r WHERE r.id = run_id)
         WHERE name = 'test_ll'"
cat >"$work/references.yaml" <<'YAML'
references:
  - {task: toy2d, method: exact_ml, metric: test_ll, value: -2.82, source: "closed-form entropy of 8gaussians"}
YAML
"$ebmbench" report --db "$db" --suite report-test -o "$work/page" \
  --references "$work/references.yaml" >"$work/report.log"
page="file://$work/page/index.html"

chrome() {
  chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --disable-quic \
    --user-data-dir="$(mktemp -d)" --virtual-time-budget=15000 "$@"
}
# One load does both: the rendered DOM on stdout, the screenshot to a file.
shots="${TEST_UNDECLARED_OUTPUTS_DIR:-$work}"
chrome --enable-logging=stderr --v=0 --window-size=1400,2400 --screenshot="$shots/report.png" \
  --dump-dom "$page" >"$work/dom.html" 2>"$work/console.log"

fail=0
expect_count() {  # what, pattern, minimum
  local n
  n=$(grep -o "$2" "$work/dom.html" | wc -l || true)
  if (( n < $3 )); then echo "FAIL: $1: $n found, expected at least $3"; fail=1; else echo "ok: $1 ($n)"; fi
}
expect_count "results table" '<table class="results"' 1
expect_count "result rows" '<td class="num' 8
expect_count "rendered Vega charts (svg)" '<svg [^>]*class="marks"' 3
expect_count "sample pictures" '<img alt="samples of' 1
expect_count "runs listed" '<td class="status-finished">' 4
# As an element the label would appear as <b class="injected"> in the DOM
# (inside the charts' JSON its quotes are backslash-escaped).
if grep -q '<b class="injected"' "$work/dom.html"; then
  echo "FAIL: a label's markup reached the page unescaped"; fail=1
else
  echo "ok: labels escaped"
fi
grep -q '&lt;b class=' "$work/dom.html" || { echo "FAIL: the escaped label is missing"; fail=1; }
if grep 'INFO:CONSOLE' "$work/console.log" | grep -qiE 'error|uncaught|warn'; then
  echo "FAIL: console errors:"; grep 'INFO:CONSOLE' "$work/console.log"; fail=1
else
  echo "ok: no console errors"
fi
grep -q 'closed-form entropy of 8gaussians' "$work/dom.html" || {
  echo "FAIL: the paper reference is not shown"; fail=1; }
[[ -s "$shots/report.png" ]] || { echo "FAIL: no screenshot"; fail=1; }
# Leaderboards, panels and colours, read from the rendered page.
/usr/bin/python3 - "$work/dom.html" <<'PY' || fail=1
import html, re, sys
dom = open(sys.argv[1], encoding="utf-8").read()
fail = False
def check(what, ok, detail=""):
    global fail
    print(("ok: " if ok else "FAIL: ") + what + ("" if ok else " " + detail))
    fail = fail or not ok
boards = re.findall(r'<div class="leaderboard" data-setting="([^"]*)">(.*?)</table>', dom, re.S)
check("a leaderboard per data set", sorted(b[0] for b in boards) == ["dataset=8gaussians", "dataset=moons"], str([b[0] for b in boards]))
for setting, body in boards:
    rows = re.findall(r'<tr data-rank="(\d+)" data-tied="(\d)"[^>]*>.*?<td class="method">(.*?)</td>', body, re.S)
    got = [(r[0], r[1], html.unescape(r[2]).split(" ")[0]) for r in rows]
    check("order and ties of " + setting, got == [("1", "0", "exact_ml"), ("2", "1", "pcd"), ("3", "0", "nce")], str(got))
settings = {b[0] for b in boards}
panels = re.findall(r'<div class="panel" data-setting="([^"]*)"', dom)
check("a panel of curves per data set", sorted(panels) == sorted(settings), str(panels))
colors = {}
for label, attributes in re.findall(r'<path aria-label="[^"]*?method: ([^;"]*)[^"]*"([^>]*)>', dom):
    for color in re.findall(r'(?:fill|stroke)="(#[0-9a-fA-F]{6})"', attributes):
        colors.setdefault(html.unescape(label).split(" dataset=")[0], set()).add(color.lower())
check("marks of every method drawn", len(colors) == 3, str(colors))
check("one colour per method across every chart", all(len(c) == 1 for c in colors.values()), str(colors))
check("different methods, different colours", len({min(c) for c in colors.values()}) == len(colors), str(colors))
sys.exit(1 if fail else 0)
PY
grep -q '^| exact_ml' "$work/page/report.md" || { echo "FAIL: Markdown summary lacks its table"; fail=1; }
exit $fail
