#!/usr/bin/env bash
# Restores a dump made by backup-db.sh into the running database (objects are dropped and re-created).
#   usage: scripts/restore-db.sh <name>      (backups/<name>.sql.gz)
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 1 ] || { echo "usage: $0 <backup name>   (one of: $(ls backups 2>/dev/null | sed 's/\.sql\.gz$//' | tr '\n' ' '))" >&2; exit 2; }
read -r -a compose <<<"${COMPOSE:-docker compose}"
# The database and user: the environment, else .env, else the defaults.
from_env_file() { if [ -f .env ]; then sed -n "s/^$1=//p" .env | tail -n1; fi; }
db=${POSTGRES_DB:-$(from_env_file POSTGRES_DB)} user=${POSTGRES_USER:-$(from_env_file POSTGRES_USER)}
db=${db:-pagodirecto_crm} user=${user:-pagodirecto}
file="backups/${1%.sql.gz}.sql.gz"
[ -f "$file" ] || { echo "restore: no such backup: $file" >&2; exit 1; }
gzip -dc "$file" | "${compose[@]}" exec -T postgres psql --username "$user" --dbname "$db" -v ON_ERROR_STOP=1 --quiet >/dev/null
echo "restore: $file restored into $db"
