#!/usr/bin/env bash
# volume backup / restore / ls: data written by a container is backed up to a .tar.gz (a normal archive:
# `tar tzf` lists paths relative to the volume), the volume is removed (down -v) and recreated, the backup
# restored, and files, modes and symlinks come back equal. Restore refuses a volume in use by a running
# container, a volume that is not empty (unless --force, which empties it first) and a damaged archive; no
# command touches a volume without the project's label (external volumes: backup yes, restore only with
# --force). The helper containers never outlive a command.
. "$(dirname "$0")/../lib.sh"

EXT="$PROJECT-ext"
FOREIGN="$PROJECT-foreign"
cat >"$TMP/compose.yaml" <<YAML
services:
  app:
    image: stackctl-test/busybox:latest
    command: ["sleep", "1000"]
    stop_signal: SIGKILL
    volumes:
      - data:/data
      - ext:/ext
volumes:
  data: {}
  ext:
    external: true
    name: $EXT
YAML
sc() { run_sc -p "$PROJECT" -f "$TMP/compose.yaml" "$@"; }
on_exit engine_curl DELETE "/volumes/$FOREIGN"
on_exit engine_curl DELETE "/volumes/$EXT"
on_exit docker compose -p "$PROJECT" -f "$TMP/compose.yaml" down -v --remove-orphans -t 0
on_exit '"$STACKCTL" -p "$PROJECT" -f "$TMP/compose.yaml" down -v -t 0'

# The external volume and a foreign one (neither carries the project label).
engine_curl POST /volumes/create -H 'Content-Type: application/json' -d "{\"Name\":\"$EXT\"}" >/dev/null
engine_curl POST /volumes/create -H 'Content-Type: application/json' -d "{\"Name\":\"$FOREIGN\"}" >/dev/null

sc up -d
assert_eq "$RC" 0 "up: $ERR"
APP="$PROJECT-app-1"
docker exec "$APP" sh -c '
  mkdir -p /data/sub/deeper /data/private && echo hello >/data/sub/file && chmod 640 /data/sub/file &&
  printf "%s" "no newline" >/data/sub/deeper/raw && chmod 700 /data/private && echo secret >/data/private/key &&
  ln -s sub/file /data/link && echo dot >/data/.hidden && chmod 4755 /data/.hidden &&
  echo external >/ext/e'
listing() {
  docker exec "$APP" sh -c 'cd /data && find . | sort | while read -r f; do
    if [ -L "$f" ]; then echo "$f link $(readlink "$f")"; else echo "$f $(stat -c "%a %F %s %u" "$f") $( [ -f "$f" ] && md5sum <"$f" | cut -c1-32)"; fi
  done'
}
BEFORE=$(listing)
assert_contains "$BEFORE" "./link link sub/file"
assert_contains "$BEFORE" "./private 700 directory"

# ls: the project's volume and the external one.
sc volume ls
assert_eq "$RC" 0 "volume ls: $ERR"
assert_contains "$OUT" "${PROJECT}_data"
assert_contains "$OUT" "$EXT"
[[ "$OUT" != *"$FOREIGN"* ]] || fail "volume ls lists a foreign volume: $OUT"
sc volume ls --format json
assert_eq "$(echo "$OUT" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(sorted((v["Volume"], v["External"]) for v in d))')" \
  "[('data', False), ('ext', True)]" "volume ls json"

# Backup while the app runs (a warning), to a file; the archive is a normal .tar.gz.
sc volume backup data -o "$TMP/data.tar.gz"
assert_eq "$RC" 0 "backup: $ERR"
assert_contains "$ERR" "in use by running containers ($APP)"
assert_contains "$ERR" "backed up to $TMP/data.tar.gz"
gzip -t "$TMP/data.tar.gz"
NAMES=$(tar tzf "$TMP/data.tar.gz" | sort)
assert_contains "$NAMES" "./sub/file"
assert_contains "$NAMES" "./private/key"
assert_contains "$NAMES" "./link"
assert_eq "$(tar xzOf "$TMP/data.tar.gz" ./sub/file)" "hello" "file content in the archive"
ls "$TMP"/data.tar.gz.partial-* >/dev/null 2>&1 && fail "a partial file was left"

# The engine name works too; -o - writes to standard output; the default name is <volume>-<UTC time>.tar.gz.
set +e; "$STACKCTL" -p "$PROJECT" -f "$TMP/compose.yaml" volume backup "${PROJECT}_data" -o - >"$TMP/stdout.tar.gz" 2>"$TMP/err"; rc=$?; set -e
assert_eq "$rc" 0 "backup to stdout: $(cat "$TMP/err")"
assert_eq "$(tar tzf "$TMP/stdout.tar.gz" | sort)" "$NAMES" "stdout archive"
mkdir "$TMP/cwd"
(cd "$TMP/cwd" && "$STACKCTL" -p "$PROJECT" -f "$TMP/compose.yaml" volume backup data 2>/dev/null)
DEFAULT=$(cd "$TMP/cwd" && ls)
[[ "$DEFAULT" =~ ^${PROJECT}_data-[0-9]{8}T[0-9]{6}Z\.tar\.gz$ ]] || fail "default backup name: $DEFAULT"

# Refusals: a foreign volume, an unknown one, restore while the app runs, an external volume without --force.
sc volume backup "$FOREIGN" -o "$TMP/foreign.tar.gz"
assert_eq "$RC" 5 "backup of a foreign volume"
assert_contains "$ERR" "does not belong to project \"$PROJECT\""
[ ! -e "$TMP/foreign.tar.gz" ] || fail "a file was written for a refused backup"
sc volume restore "$FOREIGN" -i "$TMP/data.tar.gz" --force
assert_eq "$RC" 5 "restore into a foreign volume"
sc volume backup nosuch
assert_eq "$RC" 5 "backup of an unknown volume"
assert_contains "$ERR" "has no volume \"nosuch\""
sc volume restore data -i "$TMP/data.tar.gz"
assert_eq "$RC" 5 "restore while running"
assert_contains "$ERR" "in use by running containers"
sc volume backup ext -o "$TMP/ext.tar.gz"
assert_eq "$RC" 0 "backup of the external volume: $ERR"
assert_contains "$(tar tzf "$TMP/ext.tar.gz")" "./e"

# Remove the volume, recreate it empty, restore with the app stopped.
sc down -v -t 0
assert_eq "$RC" 0 "down -v: $ERR"
sc up -d
assert_eq "$RC" 0 "up again: $ERR"
assert_eq "$(docker exec "$APP" sh -c 'ls -A /data | wc -l' | tr -d ' ')" "0" "the new volume is empty"
docker stop -t 0 "$APP" >/dev/null

# A damaged archive is refused before anything is written.
echo "not a backup" >"$TMP/bad.tar.gz"
sc volume restore data -i "$TMP/bad.tar.gz"
assert_eq "$RC" 14 "restore of a damaged archive"
assert_contains "$ERR" "not a usable .tar.gz backup"
head -c 300 "$TMP/data.tar.gz" >"$TMP/cut.tar.gz"
sc volume restore data -i "$TMP/cut.tar.gz"
assert_eq "$RC" 14 "restore of a truncated archive"

sc volume restore data -i "$TMP/data.tar.gz"
assert_eq "$RC" 0 "restore: $ERR"
assert_contains "$ERR" "restored from $TMP/data.tar.gz"
docker start "$APP" >/dev/null
assert_eq "$(listing)" "$BEFORE" "restored content"

# Not empty: refused without --force; with --force the volume is emptied first (extra files go).
docker exec "$APP" sh -c 'echo junk >/data/junk && rm /data/sub/file'
docker stop -t 0 "$APP" >/dev/null
sc volume restore data -i "$TMP/data.tar.gz"
assert_eq "$RC" 5 "restore into a volume that is not empty"
assert_contains "$ERR" "is not empty: pass --force"
set +e; "$STACKCTL" -p "$PROJECT" -f "$TMP/compose.yaml" volume restore data --force -i - <"$TMP/stdout.tar.gz" 2>"$TMP/err"; rc=$?; set -e
assert_eq "$rc" 0 "restore --force from stdin: $(cat "$TMP/err")"
docker start "$APP" >/dev/null
assert_eq "$(listing)" "$BEFORE" "content after restore --force"

# External volume: restore only with --force.
docker stop -t 0 "$APP" >/dev/null
sc volume restore ext -i "$TMP/ext.tar.gz"
assert_eq "$RC" 5 "restore into an external volume without --force"
assert_contains "$ERR" "is external"
sc volume restore ext -i "$TMP/ext.tar.gz" --force
assert_eq "$RC" 0 "restore into an external volume with --force: $ERR"

# A helper image that declares a VOLUME: the anonymous volume the engine makes for the helper goes with it.
VOLIMG="$PROJECT-withvolume:1"
on_exit docker image rm -f "$VOLIMG"
docker commit --change 'VOLUME ["/keep"]' "$APP" "$VOLIMG" >/dev/null
volumes_now() { engine_curl GET /volumes | python3 -c 'import json,sys; print("\n".join(sorted(v["Name"] for v in json.load(sys.stdin)["Volumes"] or [])))'; }
volumes_now >"$TMP/volumes.before"
sc volume backup data --image "$VOLIMG" -o "$TMP/withvolume.tar.gz"
assert_eq "$RC" 0 "backup with a VOLUME-declaring helper image: $ERR"
assert_eq "$(volumes_now | comm -13 "$TMP/volumes.before" - | tr '\n' ' ')" "" "volumes a backup with a VOLUME-declaring helper image left"
assert_eq "$(engine_curl GET "/volumes/${PROJECT}_data" | json_get Name)" "${PROJECT}_data" "the backed-up volume itself is kept"

# No helper container is left behind.
HELPERS=$(engine_curl GET "/containers/json?all=1&filters=$(python3 -c 'import json,sys,urllib.parse; print(urllib.parse.quote(json.dumps({"label": ["com.docker.compose.project=" + sys.argv[1], "org.stackctl.helper"]})))' "$PROJECT")" |
  python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
assert_eq "$HELPERS" "0" "helper containers left"
