#!/usr/bin/env bash
# The mirror soak of issue 14 (docs/reliability.md): the app as a real process against the contract 1.1
# simulator, which churns (updates, creations, deletions, comments, attachments, new tie groups) while its
# webhooks are dropped, duplicated and reordered, its answers fail (5xx, 429, slow, reset) and the app is
# killed in the middle of full syncs. A watcher checks all along that no live ticket is marked deleted; at
# the end one incremental sync, then a full sync, must leave the mirror equal to the remote.
#   scripts/soak.sh                 2 minutes of churn (plus start-up and the final syncs)
#   scripts/soak.sh --minutes 10    as long as you like
#   scripts/soak.sh --seed 7        another sequence of remote changes
# The figures are printed and written to artifacts/soak/soak-<time>.md. Exits non-zero when the mirror
# hid a live ticket or did not come out equal to the remote.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/common.sh
. scripts/lib/common.sh

minutes=2
seed=""
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) [ $# -ge 2 ] || die "--minutes needs a number"; minutes="$2"; shift 2 ;;
    --seed) [ $# -ge 2 ] || die "--seed needs a number"; seed="$2"; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option: $1 (try --help)" ;;
  esac
done
[[ "$minutes" =~ ^[0-9]+([.][0-9]+)?$ ]] || die "--minutes takes a number of minutes, not '$minutes'"
[[ -z "$seed" || "$seed" =~ ^-?[0-9]+$ ]] || die "--seed takes a whole number, not '$seed'"

ensure_dotnet
ensure_postgres
export TICKETING_TEST_PG="$TICKETING_PG_SERVER"

log "building (Debug: the soak starts the built app as a process)"
dotnet build Ticketing.sln -c Debug -nologo -clp:NoSummary -v quiet

mkdir -p artifacts/soak
report="$PWD/artifacts/soak/soak-$(date -u +%Y%m%dT%H%M%SZ).md"
export TICKETING_SOAK_MINUTES="$minutes" TICKETING_SOAK_REPORT="$report"
[ -z "$seed" ] || export TICKETING_SOAK_SEED="$seed"

log "soaking for $minutes minute(s) of churn (load: $(cut -d ' ' -f 1-3 /proc/loadavg) on $(nproc) cores)"
status=0
dotnet test --project tests/Integration --no-build -- --filter-class "*MirrorSoakTests" --output Detailed || status=$?
if [ -f "$report" ]; then
  log "figures (also in $report)"
  cat "$report"
fi
exit "$status"
