#!/usr/bin/env bash
# Dumps the PagoDirecto database (pg_dump, plain SQL, gzip) into backups/ and drops dumps older than
# BACKUP_RETENTION_DAYS (30).
#   usage: scripts/backup-db.sh [name]      (default name: <db>_<YYYYmmdd_HHMMSS>)
set -euo pipefail
cd "$(dirname "$0")/.."
read -r -a compose <<<"${COMPOSE:-docker compose}"
# The database and user: the environment, else .env, else the defaults.
from_env_file() { if [ -f .env ]; then sed -n "s/^$1=//p" .env | tail -n1; fi; }
db=${POSTGRES_DB:-$(from_env_file POSTGRES_DB)} user=${POSTGRES_USER:-$(from_env_file POSTGRES_USER)}
db=${db:-pagodirecto_crm} user=${user:-pagodirecto}
name=${1:-${db}_$(date +%Y%m%d_%H%M%S)}
mkdir -p backups
out="backups/$name.sql.gz"
"${compose[@]}" exec -T postgres pg_dump --username "$user" --dbname "$db" --clean --if-exists --no-owner | gzip >"$out.tmp"
mv "$out.tmp" "$out"
echo "backup: $out ($(du -h "$out" | cut -f1))"
find backups -name '*.sql.gz' -mtime +"${BACKUP_RETENTION_DAYS:-30}" -print -delete | sed 's/^/backup: removed old /'
