#!/usr/bin/env bash
# ps and status on a project started by the reference (`docker compose up -d`): the same rows and JSON
# fields as `docker compose ps`, and status's exit code for CI (1 when a required service is down, not
# created, failed or unhealthy; 0 when everything runs and one-shots exited 0).
. "$(dirname "$0")/../lib.sh"

cat >"$TMP/compose.yaml" <<'YAML'
services:
  web:
    image: stackctl-test/busybox:latest
    command: ["httpd", "-f", "-p", "8080"]
    ports: ["127.0.0.1::8080"]
    healthcheck:
      test: ["CMD", "true"]
      interval: 1s
  migrate:
    image: stackctl-test/busybox:latest
    command: ["sh", "-c", "echo migrated"]
  db:
    image: stackctl-test/busybox:latest
    command: ["sleep", "1000"]
    stop_signal: SIGKILL
  cache:
    image: stackctl-test/busybox:latest
    command: ["sleep", "1000"]
    stop_signal: SIGKILL
  sick:
    profiles: [sick]
    image: stackctl-test/busybox:latest
    command: ["sleep", "1000"]
    stop_signal: SIGKILL
    healthcheck:
      test: ["CMD", "false"]
      interval: 1s
      retries: 1
YAML
dc() { docker compose -p "$PROJECT" -f "$TMP/compose.yaml" "$@"; }
sc() { run_sc -p "$PROJECT" -f "$TMP/compose.yaml" "$@"; }
on_exit dc --profile sick down -v --remove-orphans -t 0

dc up -d web migrate db >/dev/null 2>&1
# Wait for the health check and the one-shot.
for _ in $(seq 1 50); do
  h=$(engine_curl GET "/containers/$PROJECT-web-1/json" | json_get State.Health.Status)
  m=$(engine_curl GET "/containers/$PROJECT-migrate-1/json" | json_get State.Status)
  [ "$h" = healthy ] && [ "$m" = exited ] && break
  sleep 0.2
done

# ps: the stable columns equal the reference's.
cols() { awk '{ sub(/[ \t]+$/, ""); print }' | python3 -c '
import sys
lines = sys.stdin.read().splitlines()
head = lines[0]
starts = [head.index(c) for c in ["NAME", "IMAGE", "COMMAND", "SERVICE", "CREATED", "STATUS", "PORTS"]]
for l in lines:
    cells = [l[starts[i]:(starts[i+1] if i+1 < len(starts) else None)].strip() for i in range(len(starts))]
    print("|".join(cells[:4] + [cells[6]]))'; }
sc ps
assert_eq "$RC" 0 "ps exit"
assert_eq "$(cols <<<"$OUT")" "$(dc ps | cols)" "ps table (NAME IMAGE COMMAND SERVICE PORTS)"
assert_contains "$OUT" "(healthy)"
sc ps -a
assert_eq "$(cols <<<"$OUT")" "$(dc ps -a | cols)" "ps -a table"
assert_contains "$OUT" "Exited (0)"

# JSON: the same fields and values, but for the times and the label order.
norm_json() { python3 -c '
import json, sys
for line in sys.stdin.read().splitlines():
    d = json.loads(line)
    for k in ("RunningFor", "Status", "CreatedAt"): d.pop(k)
    d["Labels"] = sorted(d["Labels"].split(","))
    print(json.dumps(d, sort_keys=True))'; }
sc ps -a --format json
assert_eq "$RC" 0 "ps --format json exit"
assert_eq "$(norm_json <<<"$OUT")" "$(dc ps -a --format json | norm_json)" "ps -a --format json"
# Byte-equal where nothing depends on timing: the escaping of '>' and the field order.
assert_contains "$OUT" '"Ports":"127.0.0.1:'
assert_contains "$OUT" '-\u003e8080/tcp"'
assert_contains "$OUT" '"Publishers":[{"URL":"127.0.0.1","TargetPort":8080,"PublishedPort":'

sc ps -q
assert_eq "$(sort <<<"$OUT")" "$(dc ps -q | sort)" "ps -q"
sc ps -a --services
assert_eq "$OUT" "$(dc ps -a --services)" "ps -a --services"
sc ps -a --status exited
assert_eq "$(cols <<<"$OUT")" "$(dc ps -a --status exited | cols)" "ps --status exited"
sc ps --filter status=exited
assert_eq "$(cols <<<"$OUT")" "$(dc ps --filter status=exited | cols)" "ps --filter status=exited"
sc ps --filter name=x
assert_eq "$RC" 2 "ps --filter of another kind"
sc ps db
assert_eq "$(cols <<<"$OUT")" "$(dc ps db | cols)" "ps SERVICE"
# With -p alone (no compose file), from the labels.
mkdir -p "$TMP/empty"
(cd "$TMP/empty" && "$STACKCTL" -p "$PROJECT" ps -a) >"$TMP/ps-labels"
assert_eq "$(cols <"$TMP/ps-labels")" "$(dc ps -a | cols)" "ps -a with -p only"
sc ps nosuch
assert_eq "$RC" 5 "ps of an unknown service"
assert_contains "$ERR" "no such service: nosuch"
sc ps --status bogus
assert_eq "$RC" 2 "ps --status bogus"

# status: cache was never created -> exit 1, shown as "not created".
sc status
assert_eq "$RC" 1 "status with a service not created"
assert_contains "$OUT" "not created"
assert_contains "$OUT" "healthy"
sc status --format json
assert_eq "$RC" 1 "status --format json exit"
assert_eq "$(json_get ok <<<"$OUT")" "False" "status json ok"
python3 - "$OUT" <<'PY'
import json, sys
d = json.loads(sys.argv[1])
by = {s["service"]: s for s in d["services"]}
assert by["cache"]["state"] == "not created" and not by["cache"]["ok"], by["cache"]
assert by["migrate"]["state"] == "exited" and by["migrate"]["exit_code"] == 0 and by["migrate"]["ok"], by["migrate"]
assert by["web"]["health"] == "healthy" and by["web"]["uptime_seconds"] >= 0 and by["web"]["ports"].startswith("127.0.0.1:"), by["web"]
assert by["db"]["state"] == "running" and by["db"]["ok"], by["db"]
PY

# Everything up (the one-shot exited 0): exit 0.
dc up -d cache >/dev/null 2>&1
sc status
assert_eq "$RC" 0 "status with everything running: $OUT"
sc status db web
assert_eq "$RC" 0 "status of named services"

# A required service stopped -> 1; a one-shot that failed -> 1.
engine_curl POST "/containers/$PROJECT-db-1/stop?t=0" >/dev/null
sc status
assert_eq "$RC" 1 "status with db stopped"
assert_contains "$OUT" "exited"
sc status web
assert_eq "$RC" 0 "status of web alone"
engine_curl POST "/containers/$PROJECT-db-1/start" >/dev/null
sc status
assert_eq "$RC" 0 "status after db restarted"
sed -i 's/echo migrated/exit 3/' "$TMP/compose.yaml"
dc up -d migrate >/dev/null 2>&1
for _ in $(seq 1 50); do
  [ "$(engine_curl GET "/containers/$PROJECT-migrate-1/json" | json_get State.Status)" = exited ] && break; sleep 0.2
done
sc status
assert_eq "$RC" 1 "status with a one-shot that exited 3"
assert_contains "$OUT" "3"

# An unhealthy service (enabled by its profile) -> 1; without the profile it is not part of the model.
dc --profile sick up -d sick >/dev/null 2>&1
for _ in $(seq 1 50); do
  [ "$(engine_curl GET "/containers/$PROJECT-sick-1/json" | json_get State.Health.Status)" = unhealthy ] && break; sleep 0.2
done
sc --profile sick status sick
assert_eq "$RC" 1 "status of an unhealthy service"
assert_contains "$OUT" "unhealthy"
sc status db web cache
assert_eq "$RC" 0 "status of healthy services beside an unhealthy one not asked for"

# Without the compose file, -p NAME: the project is what the labels say; every service found is required.
# (From /: a directory below $TMP would find $TMP/compose.yaml, as discovery looks in the parents.)
( cd / && run_sc -p "$PROJECT" status --format json; echo "$RC" >"$TMP/rc"; echo "$OUT" >"$TMP/json" )
assert_eq "$(cat "$TMP/rc")" 1 "status by name with an unhealthy and a failed service"
python3 - "$TMP/json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
by = {r["service"]: r for r in doc["services"]}
assert set(by) >= {"db", "web", "cache", "migrate", "sick"}, sorted(by)
assert by["db"]["ok"] and by["db"]["required"], by["db"]
assert not by["sick"]["ok"] and not by["migrate"]["ok"], (by["sick"], by["migrate"])
PY
( cd / && run_sc -p "$PROJECT" status db web cache; echo "$RC" >"$TMP/rc" )
assert_eq "$(cat "$TMP/rc")" 0 "status by name of the healthy services"
( cd / && run_sc -p "$PROJECT" status nothere; echo "$RC" >"$TMP/rc" )
assert_eq "$(cat "$TMP/rc")" 1 "status by name of a service without containers"

# ps --no-trunc prints whole commands (and JSON ids) as the reference does; --orphans=false leaves out the
# containers of services the files do not declare
sc ps --no-trunc
assert_eq "$(cols <<<"$OUT")" "$(dc ps --no-trunc | cols)" "ps --no-trunc"
sc ps --no-trunc --format json
assert_eq "$(python3 -c 'import json,sys; print(sorted(json.loads(l)["ID"] for l in sys.stdin))' <<<"$OUT")" \
  "$(dc ps --no-trunc --format json | python3 -c 'import json,sys; print(sorted(json.loads(l)["ID"] for l in sys.stdin))')" "ps --no-trunc json ids"
printf 'services:\n  web:\n    image: %s\n' "$TEST_IMAGE" >"$TMP/only-web.yaml"
run_sc -p "$PROJECT" -f "$TMP/only-web.yaml" ps --orphans=false --services
assert_eq "$OUT" "web" "ps --orphans=false"
run_sc -p "$PROJECT" -f "$TMP/only-web.yaml" ps --services
[ "$(wc -l <<<"$OUT")" -gt 1 ] || fail "ps lists the orphans by default: $OUT"
