#!/usr/bin/env bash
# Restores a backup of scripts/backup.sh into a NEW database (never over an existing one) and puts the
# key-ring certificate it holds where you say.
#   TICKETING_BACKUP_PASSPHRASE=… scripts/restore.sh --file backups/ticketing-….tar.enc --database ticketing_restored [--certificate-out /etc/ticketing/keyring.pfx]
# The connection comes from the libpq variables (PGHOST, PGPORT, PGUSER, PGPASSWORD; default 127.0.0.1:5432);
# the user needs CREATEDB. Afterwards point ConnectionStrings__Ticketing at the new database,
# Ticketing__DataProtection__CertificatePath at the certificate (with its password, kept apart from the
# backup), start the app, and check the audit chain: dotnet run --project src/Web -- audit verify.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/common.sh
. scripts/lib/common.sh

file=""
database=""
certificate_out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --file) [ $# -ge 2 ] || die "--file needs a path"; file="$2"; shift 2 ;;
    --database) [ $# -ge 2 ] || die "--database needs a name"; database="$2"; shift 2 ;;
    --certificate-out) [ $# -ge 2 ] || die "--certificate-out needs a path"; certificate_out="$2"; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option: $1 (try --help)" ;;
  esac
done
[ -f "$file" ] || die "--file must name a backup (got '$file')"
[[ "$database" =~ ^[a-zA-Z_][a-zA-Z0-9_]{0,62}$ ]] || die "--database must be a plain PostgreSQL name (got '$database')"
[ -n "${TICKETING_BACKUP_PASSPHRASE:-}" ] || die "set TICKETING_BACKUP_PASSPHRASE"
if [ -f "$file.sha256" ]; then
  (cd "$(dirname "$file")" && sha256sum --check --quiet "$(basename "$file").sha256") || die "the backup does not match its .sha256"
fi

export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
chmod 700 "$work"

openssl enc -d -aes-256-cbc -pbkdf2 -iter 600000 -pass env:TICKETING_BACKUP_PASSPHRASE -in "$file" \
  | tar -C "$work" -xf - || die "cannot decrypt $file (wrong passphrase?)"
[ -f "$work/database.dump" ] || die "$file holds no database dump"

exists="$(psql --dbname=postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '$database'")"
[ -z "$exists" ] || die "database $database already exists: restore into a new one"
log "Restoring into $database"
createdb "$database"
pg_restore --no-owner --no-privileges --exit-on-error --dbname="$database" "$work/database.dump"

if [ -f "$work/keyring.pfx" ]; then
  if [ -n "$certificate_out" ]; then
    install -m 600 "$work/keyring.pfx" "$certificate_out"
    log "Key-ring certificate written to $certificate_out"
  else
    log "The backup holds a key-ring certificate; pass --certificate-out to keep it"
  fi
fi
log "Restored $(sed -n 's/^database=//p' "$work/manifest.txt") ($(sed -n 's/^created_at=//p' "$work/manifest.txt")) into $database"
