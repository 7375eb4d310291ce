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
# The mail tests start smtp4dev, the repository's local .NET tool (.config/dotnet-tools.json).
dotnet tool restore >/dev/null

# The browser tests run Debian's Chromium headless shell when it is installed (E2EFixture; CHROMIUM_PATH overrides):
# Blink and V8 without the desktop browser around them; the full browser took a third more CPU per test (decision 165).
if [ ! -x /usr/bin/chromium-headless-shell ]; then
  apt_install chromium-headless-shell
fi

results="$(pwd)/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

log "building (warnings are errors)"
dotnet build Ticketing.sln -c Debug -nologo -clp:NoSummary

log "running the tests"
status=0
# tests/Directory.Build.targets: with TICKETING_TEST_TRX=1 every test project writes <project>.trx.
TICKETING_TEST_TRX=1 dotnet test --solution Ticketing.sln --no-build --results-directory "$results" 2>&1 \
  | tee "$results/dotnet-test.log" || status=$?

# Each results file's counters; a test project without its file is an error, never a smaller count.
passed=0
failed=0
counted=0
for project in tests/*/*.csproj; do
  grep -q '<IsTestProject>true</IsTestProject>' "$project" || continue
  name=$(basename "$project" .csproj)
  trx="$results/$name.trx"
  if [ ! -f "$trx" ]; then
    echo "no results file for $name ($trx)" >&2
    status=1
    continue
  fi
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=0
  for outcome in failed error timeout aborted; do
    n=$(sed -n "s/.* $outcome=\"\([0-9]*\)\".*/\1/p" <<<"$counters")
    f=$((f + ${n:-0}))
  done
  counted=$((counted + ${t:-0}))
  passed=$((passed + ${p:-0}))
  failed=$((failed + f))
done

# The runner's own count ("total: N" in its summary) must be the number printed below.
runner_total=$(sed 's/\x1b\[[0-9;]*[A-Za-z]//g' "$results/dotnet-test.log" | sed -n 's/^ *total: \([0-9][0-9]*\)$/\1/p' | tail -n 1)
if [ -z "$runner_total" ]; then
  echo "dotnet test printed no total" >&2
  status=1
elif [ "$counted" -ne "$runner_total" ] || [ $((passed + failed)) -ne "$runner_total" ]; then
  echo "the results files count $counted tests ($passed passed, $failed failed), the runner ran $runner_total" >&2
  status=1
fi

# Which tests failed, with the first lines of each message, last before the count: a CI log that keeps only its
# tail still names them.
if [ "$failed" -ne 0 ]; then
  echo "failed tests:"
  for trx in "$results"/*.trx; do
    # A results file holds many elements per line (line breaks only inside messages): one record per result.
    awk -v RS='<UnitTestResult ' '
      function unescape(s) { gsub(/&lt;/, "<", s); gsub(/&gt;/, ">", s); gsub(/&quot;/, "\"", s); gsub(/&apos;/, "\047", s); gsub(/&#xD;/, "", s); gsub(/&#xA;/, "\n", s); gsub(/&amp;/, "\\&", s); return s }
      NR > 1 {
        match($0, /outcome="[^"]*"/); outcome = substr($0, RSTART + 9, RLENGTH - 10)
        if (outcome !~ /^(Failed|Error|Timeout|Aborted)$/) next
        match($0, /testName="[^"]*"/); print "  - " unescape(substr($0, RSTART + 10, RLENGTH - 11))
        message = ""
        if (match($0, /<Message>/)) { message = substr($0, RSTART + 9); sub(/<\/Message>.*/, "", message) }
        n = split(unescape(message), lines, "\n"); printed = 0
        for (i = 1; i <= n && printed < 8; i++) if (lines[i] != "") { print "      " lines[i]; printed++ }
      }
    ' "$trx"
  done
fi

echo "tests: $passed passed, $failed failed"
if [ "$failed" -ne 0 ] || [ "$status" -ne 0 ]; then
  exit 1
fi
