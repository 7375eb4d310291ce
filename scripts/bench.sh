#!/usr/bin/env bash
# The benchmark of docs/benchmarks.md: builds the app, the simulator and the runner in Release, then
# the runner starts the simulator and the app as their own processes on loopback ports, each sync size
# over a fresh database, measures, prints the table and writes docs/benchmarks.md.
#   scripts/bench.sh            the full run (100,000 and 1,000,000 tickets, 10 s per load shape)
#   scripts/bench.sh --quick    the smoke run (10,000 tickets, 2 s per shape; writes no report)
#   scripts/bench.sh --sizes 100000   only these sync sizes (the largest runs every scenario)
#   scripts/bench.sh --keep-databases keeps each size's databases for profiling (drop them yourself)
#   scripts/bench.sh --sizes 100000 --list-only   the full sync, the incremental sync and the list shapes only (no report)
# Exits non-zero when a correctness check fails, never for a missed timing target.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/common.sh
. scripts/lib/common.sh

ensure_dotnet
ensure_postgres
export TICKETING_TEST_PG="$TICKETING_PG_SERVER"

log "building the app, the simulator and the runner (Release)"
for project in src/Web tools/Simulator tools/Benchmarks; do
  dotnet build "$project" -c Release -nologo -clp:NoSummary -v quiet
done

log "running the benchmark (logs of the app and the simulator: artifacts/bench/)"
dotnet tools/Benchmarks/bin/Release/net10.0/Ticketing.Benchmarks.dll "$@"
