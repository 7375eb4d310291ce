# Shared by scripts/run.sh and scripts/test.sh: PostgreSQL and system packages on Debian.
# Sourced, not run.

TICKETING_PG_HOST="${TICKETING_PG_HOST:-127.0.0.1}"
TICKETING_PG_PORT="${TICKETING_PG_PORT:-5432}"
TICKETING_PG_USER="${TICKETING_PG_USER:-ticketing}"
TICKETING_PG_PASSWORD="${TICKETING_PG_PASSWORD:-ticketing}"
TICKETING_PG_DATABASE="${TICKETING_PG_DATABASE:-ticketing}"
TICKETING_STARTED_PG_CLUSTER=""

log() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
die() { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else
    die "this step needs root (or sudo): $*"; fi
}

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}

apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then
    log "apt-get update"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq || die "apt-get update failed"
    apt_updated=1
  fi
  log "apt-get install $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null || die "could not install $*"
}

wait_for_postgres() {
  local i
  for i in $(seq 1 30); do
    pg_isready -q -h "$TICKETING_PG_HOST" -p "$TICKETING_PG_PORT" && break
    sleep 1
  done
  pg_isready -q -h "$TICKETING_PG_HOST" -p "$TICKETING_PG_PORT" || die "PostgreSQL is not accepting connections on $TICKETING_PG_HOST:$TICKETING_PG_PORT"
}

# Installs PostgreSQL when missing, starts the local cluster (with room for the test hosts' connections),
# and creates the app's role and database.
ensure_postgres() {
  if ! command -v pg_lsclusters >/dev/null 2>&1; then
    apt_install postgresql postgresql-contrib
  fi

  local cluster version name status
  cluster=$(pg_lsclusters --no-header 2>/dev/null | head -n 1)
  if [ -z "$cluster" ]; then
    version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
    log "creating PostgreSQL $version cluster 'main'"
    as_root pg_createcluster "$version" main >/dev/null
    cluster=$(pg_lsclusters --no-header | head -n 1)
  fi
  read -r version name _ status _ <<<"$cluster"
  if [ "$status" != "online" ]; then
    log "starting PostgreSQL $version/$name"
    as_root pg_ctlcluster "$version" "$name" start || die "PostgreSQL $version/$name did not start (see /var/log/postgresql/)"
    TICKETING_STARTED_PG_CLUSTER="$version $name"
  fi

  wait_for_postgres

  # The test command runs the integration and browser test hosts side by side, each app with its own
  # pool and background workers; PostgreSQL's default of 100 connections ran out (53300) in a full run.
  # shared_buffers: Debian's 128 MB holds a 100k mirror but not a 1M one (1.5 GB with its indexes), and
  # on this kind of VM the OS keeps little file cache, so every change's index leaves came from the disk
  # (decision 146). A quarter of the memory, PostgreSQL's own advice, at most 2 GB on a shared machine.
  local max buffers_mb want_mb changed=0
  max=$(as_postgres psql -tAq -p "$TICKETING_PG_PORT" -c "SHOW max_connections")
  if [ "${max:-0}" -lt 300 ]; then
    log "raising PostgreSQL max_connections from $max to 300"
    as_postgres psql -q -p "$TICKETING_PG_PORT" -c "ALTER SYSTEM SET max_connections = 300" >/dev/null \
      || die "could not set max_connections"
    changed=1
  fi
  want_mb=$(awk '/^MemTotal:/ { mb = int($2 / 1024 / 4); print (mb > 2048 ? 2048 : mb) }' /proc/meminfo)
  buffers_mb=$(as_postgres psql -tAq -p "$TICKETING_PG_PORT" -c "SELECT setting::bigint * 8 / 1024 FROM pg_settings WHERE name = 'shared_buffers'")
  if [ "${want_mb:-0}" -gt "${buffers_mb:-0}" ]; then
    log "raising PostgreSQL shared_buffers from ${buffers_mb} MB to ${want_mb} MB"
    as_postgres psql -q -p "$TICKETING_PG_PORT" -c "ALTER SYSTEM SET shared_buffers = '${want_mb}MB'" >/dev/null \
      || die "could not set shared_buffers"
    changed=1
  fi
  if [ "$changed" = 1 ]; then
    log "restarting PostgreSQL $version/$name for its new settings"
    as_root pg_ctlcluster "$version" "$name" restart || die "PostgreSQL $version/$name did not restart (see /var/log/postgresql/)"
    wait_for_postgres
  fi

  as_postgres psql -q -v ON_ERROR_STOP=1 -p "$TICKETING_PG_PORT" <<SQL >/dev/null || die "could not create the PostgreSQL role $TICKETING_PG_USER"
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$TICKETING_PG_USER') THEN
    CREATE ROLE "$TICKETING_PG_USER" LOGIN CREATEDB PASSWORD '$TICKETING_PG_PASSWORD';
  ELSE
    ALTER ROLE "$TICKETING_PG_USER" LOGIN CREATEDB PASSWORD '$TICKETING_PG_PASSWORD';
  END IF;
END
\$\$;
-- Tests drop their own databases WITH (FORCE), which may have to stop a server worker.
GRANT pg_signal_backend TO "$TICKETING_PG_USER";
-- The benchmark lets the database settle with a CHECKPOINT before it times a run (decision 152).
GRANT pg_checkpoint TO "$TICKETING_PG_USER";
SQL
  if ! as_postgres psql -tAq -p "$TICKETING_PG_PORT" -c "SELECT 1 FROM pg_database WHERE datname = '$TICKETING_PG_DATABASE'" | grep -q 1; then
    as_postgres createdb -p "$TICKETING_PG_PORT" -O "$TICKETING_PG_USER" "$TICKETING_PG_DATABASE" || die "could not create database $TICKETING_PG_DATABASE"
  fi

  export TICKETING_PG_SERVER="Host=$TICKETING_PG_HOST;Port=$TICKETING_PG_PORT;Username=$TICKETING_PG_USER;Password=$TICKETING_PG_PASSWORD"
  export ConnectionStrings__Ticketing="$TICKETING_PG_SERVER;Database=$TICKETING_PG_DATABASE"
}

stop_started_postgres() {
  if [ -n "$TICKETING_STARTED_PG_CLUSTER" ]; then
    log "stopping PostgreSQL $TICKETING_STARTED_PG_CLUSTER (this script started it)"
    # shellcheck disable=SC2086
    as_root pg_ctlcluster $TICKETING_STARTED_PG_CLUSTER stop || true
  fi
}

ensure_dotnet() {
  command -v dotnet >/dev/null 2>&1 || die "the .NET SDK is required (https://dot.net): dotnet was not found on PATH"
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
}

# Runs smtp4dev (the repository's local .NET tool) in the foreground, on loopback only, keeping its
# messages in <state dir>/mail: start_mail_server <state dir> <web url> <smtp port> <imap port>.
start_mail_server() {
  local state="$1" web="$2" smtp="$3" imap="$4"
  mkdir -p "$state/mail"
  dotnet tool restore >/dev/null
  exec dotnet smtp4dev --urls="$web" --smtpport="$smtp" --imapport="$imap" --pop3port=0 \
    --bindaddress=127.0.0.1 --disableipv6 --hostname=localhost --nousersettings \
    --baseappdatapath="$state/mail" --db="$state/mail/smtp4dev.db"
}
