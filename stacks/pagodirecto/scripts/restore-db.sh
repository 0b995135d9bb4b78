#!/usr/bin/env bash
# Restores a dump made by backup-db.sh from the postgres_backups volume into the running database
# (objects are dropped and re-created). Without a name it lists the dumps the volume holds.
#   usage: scripts/restore-db.sh [name]      (/backups/<name>.sql.gz in the postgres container)
#   COMPOSE="stackctl --profile development" scripts/restore-db.sh NAME   (default: docker compose)
set -euo pipefail
cd "$(dirname "$0")/.."
read -r -a compose <<<"${COMPOSE:-docker compose}"
if [ $# -ne 1 ]; then
  echo "usage: $0 <backup name>; the postgres_backups volume holds:" >&2
  "${compose[@]}" exec -T postgres sh -c 'ls /backups | sed -n "s/\.sql\.gz$//p"' >&2
  exit 2
fi
"${compose[@]}" exec -T -e "BACKUP_NAME=${1%.sql.gz}" postgres sh -ec '
  file=/backups/$BACKUP_NAME.sql.gz
  [ -f "$file" ] || { echo "restore: no such backup in the postgres_backups volume: $file" >&2; exit 1; }
  gzip -dc "$file" | psql --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" -v ON_ERROR_STOP=1 --quiet >/dev/null
  echo "restore: $file restored into $POSTGRES_DB"'
