#!/usr/bin/env bash
# Backs up the app's database (pg_dump custom format) together with the Data Protection key-ring
# certificate, in one file encrypted with a passphrase (openssl AES-256-CBC, PBKDF2 with 600,000 rounds).
# Without the certificate the stored API key and webhook secret cannot be decrypted after a restore, so
# the two travel together; the passphrase (and the certificate's password) are kept elsewhere.
#   TICKETING_BACKUP_PASSPHRASE=… scripts/backup.sh --database ticketing [--certificate .run/keyring.pfx] [--out backups]
# The connection comes from the usual libpq variables (PGHOST, PGPORT, PGUSER, PGPASSWORD; default
# 127.0.0.1:5432). Prints the path of the backup (ticketing-<database>-<UTC time>.tar.enc) and writes a
# .sha256 beside it. Restore with scripts/restore.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/common.sh
. scripts/lib/common.sh

database=""
certificate="${Ticketing__DataProtection__CertificatePath:-}"
out="backups"
while [ $# -gt 0 ]; do
  case "$1" in
    --database) [ $# -ge 2 ] || die "--database needs a name"; database="$2"; shift 2 ;;
    --certificate) [ $# -ge 2 ] || die "--certificate needs a path"; certificate="$2"; shift 2 ;;
    --no-certificate) certificate=""; shift ;;
    --out) [ $# -ge 2 ] || die "--out needs a folder"; out="$2"; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option: $1 (try --help)" ;;
  esac
done
[ -n "$database" ] || die "--database is required"
[ -n "${TICKETING_BACKUP_PASSPHRASE:-}" ] || die "set TICKETING_BACKUP_PASSPHRASE (the backup is encrypted with it)"
[ ${#TICKETING_BACKUP_PASSPHRASE} -ge 12 ] || die "TICKETING_BACKUP_PASSPHRASE must be at least 12 characters"
[ -z "$certificate" ] || [ -f "$certificate" ] || die "no certificate at $certificate"
command -v pg_dump >/dev/null || die "pg_dump is missing (apt-get install postgresql-client)"
command -v openssl >/dev/null || die "openssl is missing"

export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
chmod 700 "$work"

log "Dumping $database"
pg_dump --format=custom --no-owner --no-privileges --dbname="$database" --file="$work/database.dump"
if [ -n "$certificate" ]; then
  cp "$certificate" "$work/keyring.pfx"
else
  log "No key-ring certificate given: the key ring is in the dump as it is stored"
fi
{
  echo "database=$database"
  echo "created_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "pg_dump=$(pg_dump --version)"
  echo "certificate=$([ -n "$certificate" ] && echo keyring.pfx || echo none)"
} > "$work/manifest.txt"

mkdir -p "$out"
target="$out/ticketing-$database-$(date -u +%Y%m%dT%H%M%SZ).tar.enc"
tar -C "$work" -cf - manifest.txt database.dump $([ -n "$certificate" ] && echo keyring.pfx) \
  | openssl enc -aes-256-cbc -pbkdf2 -iter 600000 -salt -pass env:TICKETING_BACKUP_PASSPHRASE -out "$target"
chmod 600 "$target"
(cd "$(dirname "$target")" && sha256sum "$(basename "$target")" > "$(basename "$target").sha256")
log "Backup written"
echo "$target"
