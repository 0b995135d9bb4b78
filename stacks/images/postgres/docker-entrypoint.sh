#!/usr/bin/env bash
# Entrypoint with the official postgres image's contract, for Debian's PostgreSQL packages:
#  - first start (no PG_VERSION in PGDATA): initdb with POSTGRES_USER/POSTGRES_PASSWORD, create
#    POSTGRES_DB, run /docker-entrypoint-initdb.d/* in name order (*.sh executed or sourced, *.sql and
#    *.sql.gz fed to psql with ON_ERROR_STOP), then stop the temporary server;
#  - every start: exec postgres as the postgres user (pid 1, so signals reach it).
# During initialisation the temporary server listens on a private socket directory only, so health
# checks (pg_isready on the default socket) do not report ready before the init scripts have run.
set -Eeo pipefail

# file_env VAR [DEFAULT]: VAR may also be given as VAR_FILE (Docker secrets).
file_env() {
  local var=$1 file_var="${1}_FILE" def=${2:-}
  if [ -n "${!var:-}" ] && [ -n "${!file_var:-}" ]; then
    echo >&2 "error: both $var and $file_var are set (but are exclusive)"; exit 1
  fi
  local val=$def
  if [ -n "${!var:-}" ]; then val=${!var}; elif [ -n "${!file_var:-}" ]; then val=$(<"${!file_var}"); fi
  export "$var"="$val"
  unset "$file_var"
}

# Called as root: prepare directories, then run this script again as postgres.
if [ "${1:0:1}" = '-' ]; then set -- postgres "$@"; fi

if [ "$1" = 'postgres' ] && [ "$(id -u)" = '0' ]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  chown postgres:postgres "$PGDATA" /var/run/postgresql
  chmod 700 "$PGDATA" || :
  chmod 3777 /var/run/postgresql
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$BASH_SOURCE" "$@"
fi

if [ "$1" = 'postgres' ] && [ ! -s "$PGDATA/PG_VERSION" ]; then
  file_env POSTGRES_PASSWORD
  file_env POSTGRES_USER postgres
  file_env POSTGRES_DB "$POSTGRES_USER"
  file_env POSTGRES_INITDB_ARGS
  auth=${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}
  if [ -z "$POSTGRES_PASSWORD" ] && [ "$auth" != 'trust' ]; then
    cat >&2 <<'EOM'
Error: Database is uninitialized and superuser password is not specified.
       You must specify POSTGRES_PASSWORD to a non-empty value for the
       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".
       (or set POSTGRES_HOST_AUTH_METHOD=trust to allow all connections without a password)
EOM
    exit 1
  fi

  mkdir -p "$PGDATA" && chmod 700 "$PGDATA" || :
  echo "initdb: creating the cluster in $PGDATA"
  # shellcheck disable=SC2086 # POSTGRES_INITDB_ARGS is a list of arguments
  initdb --username="$POSTGRES_USER" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") \
    --encoding=UTF8 --locale=C.UTF-8 $POSTGRES_INITDB_ARGS >/dev/null
  # Listen on every address, as the official image does, and ask clients outside for a password.
  printf "\nlisten_addresses = '*'\n" >>"$PGDATA/postgresql.conf"
  printf '\nhost all all all %s\n' "$auth" >>"$PGDATA/pg_hba.conf"

  initsock=$(mktemp -d /tmp/pg-init.XXXXXX)
  export PGHOST=$initsock PGPORT=${PGPORT:-5432} PGUSER=$POSTGRES_USER PGPASSWORD=$POSTGRES_PASSWORD
  pg_ctl -D "$PGDATA" -w -o "-c listen_addresses='' -c unix_socket_directories='$initsock'" start >/dev/null

  psql=(psql -v ON_ERROR_STOP=1 --no-password --no-psqlrc --username "$POSTGRES_USER")
  if [ "$POSTGRES_DB" != 'postgres' ]; then
    "${psql[@]}" --dbname postgres --set db="$POSTGRES_DB" <<<'CREATE DATABASE :"db";' >/dev/null
    echo "initdb: created database $POSTGRES_DB"
  fi
  psql+=(--dbname "$POSTGRES_DB")
  for f in /docker-entrypoint-initdb.d/*; do
    [ -e "$f" ] || continue
    case "$f" in
      *.sh)
        if [ -x "$f" ]; then echo "initdb: running $f"; "$f"
        else echo "initdb: sourcing $f"; . "$f"; fi ;;
      *.sql) echo "initdb: running $f"; "${psql[@]}" -f "$f" >/dev/null ;;
      *.sql.gz) echo "initdb: running $f"; gzip -dc "$f" | "${psql[@]}" >/dev/null ;;
      *) echo "initdb: ignoring $f" ;;
    esac
  done

  pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
  rmdir "$initsock" 2>/dev/null || :
  unset PGHOST PGPORT PGUSER PGPASSWORD
  echo 'PostgreSQL init process complete; ready for start up.'
fi

exec "$@"
