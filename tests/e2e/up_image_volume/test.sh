#!/usr/bin/env bash
# An image's VOLUME that the service does not mount otherwise: the anonymous volume the engine makes for it
# is mounted again by a recreated container (its data survives, as with the reference), the reference then
# sees nothing to do, and `down -v` removes that volume.
. "$(dirname "$0")/../lib.sh"

IMG="$PROJECT-withvolume:1"
seed="$PROJECT-seed"
engine_curl POST "/containers/create?name=$seed" -H 'Content-Type: application/json' \
  -d "{\"Image\":\"$TEST_IMAGE\",\"Cmd\":[\"true\"]}" >/dev/null
on_exit docker image rm -f "$IMG"
on_exit engine_curl DELETE "/containers/$seed?force=1"
docker commit --change 'VOLUME ["/keep"]' "$seed" "$IMG" >/dev/null

cd "$TMP"
cat > compose.yaml <<YAML
services:
  db:
    image: $IMG
    command: ["sleep", "3600"]
    environment: {MODE: "\${MODE:-a}"}
    stop_grace_period: 1s
YAML
on_exit "'$STACKCTL' -p $PROJECT down -v -t 0"
keep_volume() { docker inspect -f '{{range .Mounts}}{{if eq .Destination "/keep"}}{{.Name}}{{end}}{{end}}' "$PROJECT-db-1"; }

run_sc -p "$PROJECT" up -d
assert_eq "$RC" 0 "up ($ERR)"
first=$(keep_volume)
[ -n "$first" ] || fail "no volume at /keep"
on_exit "engine_curl DELETE /volumes/$first"
docker exec "$PROJECT-db-1" sh -c 'echo kept > /keep/file'

MODE=b run_sc -p "$PROJECT" up -d
assert_eq "$RC" 0 "up after a change ($ERR)"
assert_contains "$ERR" "Recreated" "recreation"
assert_eq "$(keep_volume)" "$first" "the image VOLUME's anonymous volume after the recreation"
assert_eq "$(docker exec "$PROJECT-db-1" cat /keep/file)" "kept" "data in it"

# the reference (when installed) sees the same container: nothing to recreate
if docker compose version >/dev/null 2>&1; then
  out=$(MODE=b docker compose -p "$PROJECT" up -d 2>&1) || fail "reference up: $out"
  [[ "$out" != *"Recreate"* ]] || fail "the reference recreated: $out"
  assert_eq "$(keep_volume)" "$first" "volume after the reference's up"
fi

run_sc -p "$PROJECT" down -v -t 0
assert_eq "$RC" 0 "down -v ($ERR)"
left=$(engine_curl GET /volumes | python3 -c 'import json,sys; print(" ".join(v["Name"] for v in json.load(sys.stdin)["Volumes"] or []))')
[[ " $left " != *" $first "* ]] || fail "volume $first left after down -v"
