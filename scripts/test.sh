#!/usr/bin/env bash
# Runs every test: unit, integration (real PostgreSQL), simulator and end-to-end (Chromium).
# Ends with one line "tests: N passed, N failed" and exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/common.sh
. scripts/lib/common.sh

ensure_dotnet
ensure_postgres
export TICKETING_TEST_PG="$TICKETING_PG_SERVER"

if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
  apt_install chromium
fi
export CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"

results="$(pwd)/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

log "building (warnings are errors)"
dotnet build Ticketing.sln -c Debug -nologo -clp:NoSummary

log "running the tests"
status=0
dotnet test --solution Ticketing.sln --no-build --results-directory "$results" --report-xunit-trx || status=$?

passed=0
failed=0
shopt -s nullglob
for trx in "$results"/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done

if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then
  echo "no test results were found in $results" >&2
  status=1
fi
echo "tests: $passed passed, $failed failed"
if [ "$failed" -ne 0 ] || [ "$status" -ne 0 ]; then
  exit 1
fi
