#!/usr/bin/env bash
# Dumps the PagoDirecto database through `exec` into the postgres_backups volume (mounted at /backups
# in the postgres container): pg_dump, plain SQL, gzip; then drops dumps there older than
# BACKUP_RETENTION_DAYS (30) and lists what the volume holds. The dump never leaves the engine:
# `stackctl volume backup postgres_backups` copies the whole volume out as a tar.gz.
#   usage: scripts/backup-db.sh [name]      (default name: <db>_<YYYYmmdd_HHMMSS>)
#   COMPOSE="stackctl --profile development" scripts/backup-db.sh   (default: docker compose)
set -euo pipefail
cd "$(dirname "$0")/.."
read -r -a compose <<<"${COMPOSE:-docker compose}"
name=${1:-}
# The dump runs inside the container, with the container's own POSTGRES_USER / POSTGRES_DB.
"${compose[@]}" exec -T -e "BACKUP_NAME=$name" -e "RETENTION=${BACKUP_RETENTION_DAYS:-30}" postgres sh -ec '
  name=${BACKUP_NAME:-${POSTGRES_DB}_$(date +%Y%m%d_%H%M%S)}
  out=/backups/$name.sql.gz
  pg_dump --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" --clean --if-exists --no-owner | gzip >"$out.tmp"
  mv "$out.tmp" "$out"
  echo "backup: $out ($(du -h "$out" | cut -f1)) in the postgres_backups volume"
  find /backups -name "*.sql.gz" -mtime +"$RETENTION" -print -delete | sed "s/^/backup: removed old /"'
