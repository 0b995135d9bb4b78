#!/usr/bin/env bash
# `up` and `down` on a 3-tier stack: order and waits (db healthy -> one-shot migration completed -> app),
# idempotence, recreation of a changed service and its dependents only, a failing health check, and `down -v`
# that leaves foreign resources (even one named like the project's containers) untouched.
. "$(dirname "$0")/../lib.sh"

cd "$TMP"
cat > compose.yaml <<YAML
services:
  db:
    image: $TEST_IMAGE
    command: ["sh", "-c", "sleep 1; touch /tmp/ready; exec sleep 3600"]
    environment: {DB_MODE: "\${DB_MODE:-a}"}
    healthcheck: {test: ["CMD", "test", "-f", "/tmp/ready"], interval: 1s, retries: 30}
    stop_grace_period: 1s
    volumes: [data:/data, /anon]
  migrate:
    image: $TEST_IMAGE
    command: ["sh", "-c", "echo migrated > /data/migrated"]
    volumes: [data:/data]
    depends_on: {db: {condition: service_healthy}}
  app:
    image: $TEST_IMAGE
    command: ["sh", "-c", "test -f /data/migrated && exec sleep 3600"]
    environment: {APP_MODE: "\${APP_MODE:-a}"}
    stop_grace_period: 1s
    volumes: [data:/data]
    depends_on:
      db: {condition: service_healthy}
      migrate: {condition: service_completed_successfully}
  side:
    image: $TEST_IMAGE
    command: ["sleep", "3600"]
    stop_grace_period: 1s
volumes:
  data: {}
YAML

on_exit "'$STACKCTL' -p $PROJECT down -v -t 0"
# foreign resources: no project label; one container named as the project's would name its replica 2
foreign_name="$PROJECT-side-2"
engine_curl POST "/containers/create?name=$foreign_name" -H 'Content-Type: application/json' \
  -d "{\"Image\":\"$TEST_IMAGE\",\"Cmd\":[\"sleep\",\"3600\"]}" >/dev/null
on_exit "engine_curl DELETE '/containers/$foreign_name?force=1'"
engine_curl POST /volumes/create -H 'Content-Type: application/json' -d "{\"Name\":\"${PROJECT}_foreign\"}" >/dev/null
on_exit "engine_curl DELETE '/volumes/${PROJECT}_foreign'"

ids() { engine_curl GET "/containers/json?all=1&filters=$(project_filter)" \
  | python3 -c 'import json,sys; print(" ".join(sorted(c["Names"][0][1:]+"="+c["Id"][:12] for c in json.load(sys.stdin))))'; }
state_of() { engine_curl GET "/containers/$1/json" | python3 -c 'import json,sys; s=json.load(sys.stdin)["State"]; print(s["Status"], s["ExitCode"])'; }

# 1. up -d --wait: in order, one-shot migration exits 0 and --wait still succeeds (docker/compose#10596)
run_sc -p "$PROJECT" up -d --wait
assert_eq "$RC" 0 "up --wait exit status ($ERR)"
assert_eq "$(state_of "$PROJECT-migrate-1")" "exited 0" "migration state"
assert_eq "$(state_of "$PROJECT-app-1")" "running 0" "app state"
order=$(grep -E 'Container .* (Healthy|Exited|Started)$' <<<"$ERR" | awk '{print $2":"$3}' | tr '\n' ' ')
[[ "$order" == *"$PROJECT-db-1:Healthy"*"$PROJECT-migrate-1:Exited"*"$PROJECT-app-1:Started"* ]] || fail "order: $order"
first=$(ids)

# 2. a second up changes nothing, fast
start=$(date +%s%N)
run_sc -p "$PROJECT" up -d
end=$(date +%s%N)
assert_eq "$RC" 0 "second up"
assert_eq "$(ids)" "$first" "container ids after a no-op up"
echo "no-op up took $(( (end - start) / 1000000 )) ms"
run_sc -p "$PROJECT" up --dry-run
assert_contains "$OUT" "container $PROJECT-app-1: keep (running)" "dry-run plan"

# 3. changing app's environment recreates app only; changing db's recreates db and its dependents
APP_MODE=b run_sc -p "$PROJECT" up -d --wait
assert_eq "$RC" 0 "up after an app change ($ERR)"
after=$(ids)
for svc in db migrate side; do
  assert_eq "$(grep -o "$PROJECT-$svc-1=[0-9a-f]*" <<<"$after")" "$(grep -o "$PROJECT-$svc-1=[0-9a-f]*" <<<"$first")" "$svc kept"
done
[ "$(grep -o "$PROJECT-app-1=[0-9a-f]*" <<<"$after")" != "$(grep -o "$PROJECT-app-1=[0-9a-f]*" <<<"$first")" ] || fail "app not recreated"
APP_MODE=b DB_MODE=b run_sc -p "$PROJECT" up -d --dry-run
assert_contains "$OUT" "container $PROJECT-db-1: recreate (config hash changed)" "db plan"
assert_contains "$OUT" "container $PROJECT-app-1: recreate (dependency" "app plan"
assert_contains "$OUT" "container $PROJECT-side-1: keep" "side plan"
anon() { engine_curl GET "/containers/$PROJECT-db-1/json" | python3 -c 'import json,sys; print([m["Name"] for m in json.load(sys.stdin)["Mounts"] if m["Destination"]=="/anon"][0])'; }
anon_before=$(anon)
APP_MODE=b DB_MODE=b run_sc -p "$PROJECT" up -d --wait
assert_eq "$RC" 0 "up after a db change ($ERR)"
assert_eq "$(anon)" "$anon_before" "anonymous volume of the recreated db"
assert_eq "$(state_of "$PROJECT-app-1")" "running 0" "app after the db change"
# -V (--renew-anon-volumes): a recreated container gets a new anonymous volume
APP_MODE=b DB_MODE=b run_sc -p "$PROJECT" up -d --wait --force-recreate -V db
assert_eq "$RC" 0 "up -V ($ERR)"
anon_renewed=$(anon)
on_exit "engine_curl DELETE /volumes/$anon_renewed"
[ "$anon_renewed" != "$anon_before" ] || fail "-V kept the anonymous volume $anon_before"
on_exit "engine_curl DELETE /volumes/$anon_before"

# 4. an unhealthy dependency: up --wait fails, names the service, exits non-zero
cat > unhealthy.yaml <<YAML
services:
  db:
    healthcheck: {test: ["CMD", "false"], interval: 1s, retries: 2}
YAML
APP_MODE=b run_sc -p "$PROJECT" -f compose.yaml -f unhealthy.yaml up -d --wait
[ "$RC" -ne 0 ] || fail "up with an unhealthy dependency succeeded"
assert_contains "$ERR" "$PROJECT-db-1 is unhealthy" "error message"

# 5. down -v: nothing of the project remains; the foreign container and volume are untouched
run_sc -p "$PROJECT" down -v -t 0
assert_eq "$RC" 0 "down ($ERR)"
assert_eq "$(ids)" "" "project containers after down"
left=$(engine_curl GET "/volumes" | python3 -c 'import json,sys; print(" ".join(sorted(v["Name"] for v in json.load(sys.stdin)["Volumes"] or [])))')
[[ " $left " != *" ${PROJECT}_data "* ]] || fail "volume ${PROJECT}_data left"
[[ " $left " == *" ${PROJECT}_foreign "* ]] || fail "foreign volume removed"
# db's anonymous volume, carried over by name through the recreations of steps 3 and 4, goes too (the engine's
# v=1 alone spares it, and so does the reference v2.26.1)
[[ " $left " != *" $anon_renewed "* ]] || fail "anonymous volume $anon_renewed left after down -v"
nets=$(engine_curl GET "/networks" | python3 -c 'import json,sys; print(" ".join(n["Name"] for n in json.load(sys.stdin)))')
[[ " $nets " != *" ${PROJECT}_default "* ]] || fail "network left"
assert_eq "$(state_of "$foreign_name")" "created 0" "foreign container"

# 6. scaling into the foreign container's name is an error, not a victim
run_sc -p "$PROJECT" up -d --scale side=2 side
[ "$RC" -ne 0 ] || fail "scale over a foreign container succeeded"
assert_contains "$ERR" "not part of project" "foreign name error"
assert_eq "$(state_of "$foreign_name")" "created 0" "foreign container after the conflict"
