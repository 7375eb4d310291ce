#!/usr/bin/env bash
# Starts the whole app for a newcomer: PostgreSQL (installed when missing), migrations, the
# admin and demo data, the Championship IT simulator with live churn, and the web app.
# Re-running is safe. Ctrl-C stops what this script started.
set -euo pipefail
cd "$(dirname "$0")/.."
chosen_database="${TICKETING_PG_DATABASE:-}"
# shellcheck source=lib/common.sh
. scripts/lib/common.sh

APP_URL="${TICKETING_URL:-http://127.0.0.1:5000}"
SIM_URL="${TICKETING_SIMULATOR_URL:-http://127.0.0.1:5080}"
SIM_TICKETS="${TICKETING_SIMULATOR_TICKETS:-2000}"
SIM_CHURN="${TICKETING_SIMULATOR_CHURN:-30}"
MAIL_WEB_URL="${TICKETING_MAIL_WEB_URL:-http://127.0.0.1:5081}"
MAIL_SMTP_PORT="${TICKETING_MAIL_SMTP_PORT:-2525}"
MAIL_IMAP_PORT="${TICKETING_MAIL_IMAP_PORT:-1143}"
state_dir="$(pwd)/.run"
mkdir -p "$state_dir"

ensure_dotnet

# Demo credentials and secrets are generated once and kept in .run/demo.env (not in git), with the
# name of the database that holds them: the admin and the integration settings are stored there on
# the first start, so new secrets (a lost .run/) get a new database, and the old one is left as it was.
if [ ! -f "$state_dir/demo.env" ]; then
  rand() { head -c 64 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c "$1"; }
  {
    echo "DEMO_DATABASE=ticketing_demo_$(head -c 64 /dev/urandom | base64 | tr -dc 'a-z0-9' | head -c 8)"
    echo "ADMIN_EMAIL=admin@ticketing.local"
    echo "ADMIN_PASSWORD=Admin-$(rand 12)-2026"
    echo "STAFF_PASSWORD=Staff-$(rand 12)-2026"
    echo "SIM_API_KEY=sim_$(rand 32)"
    echo "WEBHOOK_SECRET=whsec_$(head -c 32 /dev/urandom | base64 | tr -d '\n')"
  } >"$state_dir/demo.env"
  chmod 600 "$state_dir/demo.env"
fi
# shellcheck disable=SC1091
. "$state_dir/demo.env"
# TICKETING_PG_DATABASE wins; a demo.env from before DEMO_DATABASE existed belongs to "ticketing".
TICKETING_PG_DATABASE="${chosen_database:-${DEMO_DATABASE:-ticketing}}"
log "demo database: $TICKETING_PG_DATABASE"
ensure_postgres

log "building (Release)"
dotnet build Ticketing.sln -c Release -nologo -clp:NoSummary -v quiet

# --- key-ring certificate (authops) ---
# The Data Protection key ring (which decrypts the stored API key and auth cookies) is encrypted with
# this certificate; keep .run/keyring.pfx and its password beside every backup of the database.
if [ ! -f "$state_dir/keyring.pfx" ]; then
  log "creating the demo key-ring certificate in .run/keyring.pfx"
  keyring_password="$(head -c 64 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24)"
  openssl req -x509 -newkey rsa:3072 -sha256 -days 3650 -nodes -subj "/CN=Ticketing demo key ring" \
    -keyout "$state_dir/keyring.key" -out "$state_dir/keyring.crt" 2>/dev/null
  openssl pkcs12 -export -inkey "$state_dir/keyring.key" -in "$state_dir/keyring.crt" \
    -out "$state_dir/keyring.pfx" -passout "pass:$keyring_password"
  rm -f "$state_dir/keyring.key"
  echo "KEYRING_PASSWORD=$keyring_password" >"$state_dir/keyring.env"
  chmod 600 "$state_dir/keyring.pfx" "$state_dir/keyring.env"
fi
# shellcheck disable=SC1091
. "$state_dir/keyring.env"
export Ticketing__DataProtection__CertificatePath="$state_dir/keyring.pfx"
export Ticketing__DataProtection__CertificatePassword="$KEYRING_PASSWORD"
# --- end key-ring certificate ---

export ASPNETCORE_ENVIRONMENT=Development
export Ticketing__Seed__AdminEmail="$ADMIN_EMAIL"
export Ticketing__Seed__AdminPassword="$ADMIN_PASSWORD"
export Ticketing__Seed__Demo=true
export Ticketing__Seed__DemoStaffPassword="$STAFF_PASSWORD"
export Ticketing__Remote__BaseUrl="$SIM_URL"
export Ticketing__Remote__ApiKey="$SIM_API_KEY"
export Ticketing__Remote__WebhookSecret="$WEBHOOK_SECRET"

log "applying migrations"
dotnet run --project src/Web -c Release --no-build --no-launch-profile -- migrate

# True when something listens on the URL's host and port (bash's /dev/tcp: no curl needed).
port_open() {
  local hostport="${1#*://}"; hostport="${hostport%%/*}"
  (exec 3<>"/dev/tcp/${hostport%:*}/${hostport##*:}") 2>/dev/null
}

pids=()
cleanup() {
  trap - INT TERM EXIT
  log "stopping"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  stop_started_postgres
}
trap cleanup INT TERM EXIT

log "starting the Championship IT simulator on $SIM_URL ($SIM_TICKETS tickets, $SIM_CHURN changes/min); log: .run/simulator.log"
dotnet run --project tools/Simulator -c Release --no-build --no-launch-profile -- \
  --urls "$SIM_URL" --tickets "$SIM_TICKETS" --churn "$SIM_CHURN" --api-key "$SIM_API_KEY" \
  --webhook-url "$APP_URL/webhook/ticket-update" --webhook-secret "$WEBHOOK_SECRET" --fresh-runtime-ids true \
  >"$state_dir/simulator.log" 2>&1 &
pids+=($!)

# --- the local mail server (notification e-mails out, the IT mailbox in) ---
log "starting the mail server (smtp4dev): SMTP 127.0.0.1:$MAIL_SMTP_PORT, IMAP 127.0.0.1:$MAIL_IMAP_PORT, web $MAIL_WEB_URL; log: .run/mail.log"
start_mail_server "$state_dir" "$MAIL_WEB_URL" "$MAIL_SMTP_PORT" "$MAIL_IMAP_PORT" >"$state_dir/mail.log" 2>&1 &
pids+=($!)
export Ticketing__Channels__PublicBaseUrl="$APP_URL"
export Ticketing__Channels__Mail__SmtpHost=127.0.0.1
export Ticketing__Channels__Mail__SmtpPort="$MAIL_SMTP_PORT"
export Ticketing__Channels__Mail__FromAddress=it@ticketing.local
export Ticketing__Channels__Mail__ReplyAddress=it@ticketing.local
export Ticketing__Channels__Mail__ImapHost=127.0.0.1
export Ticketing__Channels__Mail__ImapPort="$MAIL_IMAP_PORT"
export Ticketing__Channels__Mail__ImapUserName=it
export Ticketing__Channels__Mail__ImapPassword=it
# --- end of the mail server ---

log "starting the app on $APP_URL; log: .run/app.log"
dotnet run --project src/Web -c Release --no-build --no-launch-profile -- --urls "$APP_URL" >"$state_dir/app.log" 2>&1 &
pids+=($!)

for _ in $(seq 1 60); do
  if port_open "$APP_URL"; then break; fi
  if ! kill -0 "${pids[1]}" 2>/dev/null; then tail -n 40 "$state_dir/app.log"; die "the app stopped during start-up"; fi
  sleep 1
done

# Fill the mirror now rather than at the first scheduled interval (the sync lock makes this safe
# beside the app's own jobs; on a re-run it reconciles what changed meanwhile).
log "first full sync of the simulator's tickets"
if ! Logging__LogLevel__Default=Warning dotnet run --project src/Web -c Release --no-build --no-launch-profile -- sync --full; then
  log "the first sync did not complete; press \"Sync now\" on the IT Support page to retry"
fi

cat <<MSG

  Ticketing is running: $APP_URL
  Admin (demo only):  $ADMIN_EMAIL  /  $ADMIN_PASSWORD
  Staff (demo only):  alex.morgan@demo.local, sam.ito@demo.local  /  $STAFF_PASSWORD
  Simulator:          $SIM_URL
  Mail (smtp4dev):    $MAIL_WEB_URL  (SMTP 127.0.0.1:$MAIL_SMTP_PORT, IMAP 127.0.0.1:$MAIL_IMAP_PORT; every e-mail the app sends lands here)

  Press Ctrl-C to stop.
MSG
wait "${pids[1]}"
