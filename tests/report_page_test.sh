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
chrome --enable-logging=stderr --v=0 --dump-dom "$page" >"$work/dom.html" 2>"$work/console.log"
shots="${TEST_UNDECLARED_OUTPUTS_DIR:-$work}"
chrome --window-size=1400,2400 --screenshot="$shots/report.png" "$page" >/dev/null 2>&1

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
grep -q '^| exact_ml' "$work/page/report.md" || { echo "FAIL: Markdown summary lacks its table"; fail=1; }
exit $fail
