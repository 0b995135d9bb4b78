#!/usr/bin/env bash
# `-p NAME` from a directory without a compose file: ps and logs work, and `down` acts on what carries the
# project's label (containers in reverse dependency order, every labelled network; with -v every labelled
# volume; --rmi), as the reference's `docker compose -p NAME down` does. Foreign resources are left alone.
. "$(dirname "$0")/../lib.sh"

mkdir -p "$TMP/proj" "$TMP/empty"
cd "$TMP/proj"
cat > compose.yaml <<YAML
services:
  db:
    image: $TEST_IMAGE
    command: ["sh", "-c", "echo db says hi; exec sleep 3600"]
    stop_grace_period: 1s
    volumes: [data:/data, /anon]
    networks: [back]
  app:
    image: $TEST_IMAGE
    command: ["sleep", "3600"]
    stop_grace_period: 1s
    depends_on: [db]
    networks: [back, default]
volumes:
  data: {}
networks:
  back: {}
YAML
on_exit "cd '$TMP/proj' && '$STACKCTL' -p $PROJECT down -v -t 0"
engine_curl POST /volumes/create -H 'Content-Type: application/json' -d "{\"Name\":\"${PROJECT}_foreign\"}" >/dev/null
on_exit "engine_curl DELETE '/volumes/${PROJECT}_foreign'"


run_sc -p "$PROJECT" up -d
assert_eq "$RC" 0 "up ($ERR)"
assert_eq "$(labelled volumes)" "${PROJECT}_data" "volumes after up"
anon_of_db() { engine_curl GET "/containers/$PROJECT-db-1/json" | python3 -c 'import json,sys; print(" ".join(m["Name"] for m in json.load(sys.stdin)["Mounts"] if m["Destination"]=="/anon"))'; }
# the first db's anonymous volume outlives the `down` without -v
on_exit "engine_curl DELETE '/volumes/$(anon_of_db)'"

cd "$TMP/empty"
# without -p and without a file: the loader's error
run_sc ps
[ "$RC" -ne 0 ] || fail "ps without a file or -p succeeded"
# ps and logs by name
run_sc -p "$PROJECT" ps --format json
assert_eq "$RC" 0 "ps -p ($ERR)"
assert_eq "$(python3 -c 'import json,sys; print(" ".join(sorted(json.loads(l)["Name"] for l in sys.stdin if l.strip())))' <<<"$OUT")" \
  "$PROJECT-app-1 $PROJECT-db-1" "ps -p"
run_sc -p "$PROJECT" logs --no-color db
assert_eq "$RC" 0 "logs -p ($ERR)"
assert_contains "$OUT" "db says hi" "logs -p"

# down without -v: containers and networks, the named volume stays; app (the dependent) goes first
run_sc -p "$PROJECT" down -t 0
assert_eq "$RC" 0 "down -p ($ERR)"
assert_eq "$(labelled containers)" "" "containers after down"
assert_eq "$(labelled networks)" "" "networks after down"
assert_eq "$(labelled volumes)" "${PROJECT}_data" "volumes after down"
order=$(grep -E 'Container .* Removed$' <<<"$ERR" | awk '{print $2}' | tr '\n' ' ')
assert_eq "$order" "$PROJECT-app-1 $PROJECT-db-1 " "removal order"

# nothing left to remove: the reference's warning, status 0
run_sc -p "$PROJECT" down
assert_eq "$RC" 0 "second down"
assert_contains "$ERR" "No resource found to remove for project \"$PROJECT\"" "second down"

# down -v without a model removes every volume with the project's label (not the foreign one)
cd "$TMP/proj" && run_sc -p "$PROJECT" up -d && cd "$TMP/empty"
assert_eq "$RC" 0 "second up ($ERR)"
anon=$(anon_of_db)
run_sc -p "$PROJECT" down -v -t 0
assert_eq "$RC" 0 "down -v -p ($ERR)"
assert_eq "$(labelled containers)" "" "containers after down -v"
assert_eq "$(labelled volumes)" "" "volumes after down -v"
engine_curl GET "/volumes/$anon" | grep -qi "no such volume" || fail "anonymous volume $anon left"
engine_curl GET "/volumes/${PROJECT}_foreign" | grep -q '"Name"' || fail "foreign volume removed"

# the reference does the same from an empty directory
if docker compose version >/dev/null 2>&1; then
  cd "$TMP/proj" && run_sc -p "$PROJECT" up -d && cd "$TMP/empty"
  docker compose -p "$PROJECT" down -v -t 0 >/dev/null 2>&1 || fail "the reference's down failed"
  assert_eq "$(labelled containers)$(labelled networks)$(labelled volumes)" "" "after the reference's down -v"
fi
