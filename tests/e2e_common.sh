# Shared start of the end-to-end tests: `source` it with the test's name.
# Arguments of the test: the ebmbench binary and a suite file. Sets
# $ebmbench, $suite and a fresh $work directory; q DB SQL queries a database.
set -euo pipefail
ebmbench="$1"
suite="$2"
work="${TEST_TMPDIR:-$(mktemp -d)}/$test_name"
rm -rf "$work" && mkdir -p "$work"
q() { sqlite3 -batch -noheader "$1" "$2"; }
