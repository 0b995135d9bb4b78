#!/usr/bin/env bash
# `stackctl config` as a user meets it: output, listings, exit codes, and errors that name file, line,
# column and YAML path with the offending line and a caret. Compared with the reference when installed.
. "$(dirname "$0")/../lib.sh"

cd "$TMP"
cat > compose.yaml <<'YAML'
name: demo
services:
  web:
    image: "nginx:${TAG:-1.25}"
    ports: ["127.0.0.1:8080:80"]
    depends_on:
      db: {condition: service_healthy}
    environment: [MODE=dev, EMPTY]
  db:
    image: postgres:16
    healthcheck: {test: pg_isready, interval: 5s}
    volumes: [data:/var/lib/postgresql/data]
  debug:
    image: busybox
    profiles: [tools]
volumes:
  data: {}
YAML

run_sc config --format json
assert_eq "$RC" 0 "config exit status"
assert_eq "$(json_get services.web.image <<<"$OUT")" "nginx:1.25" "interpolated image"
assert_eq "$(json_get volumes.data.name <<<"$OUT")" "demo_data" "volume name"

run_sc config --services
assert_eq "$OUT" $'db\nweb' "services in dependency order (profiled service left out)"
run_sc --profile tools config --services
assert_eq "$OUT" $'db\ndebug\nweb' "services with a profile enabled"
run_sc config --profiles
assert_eq "$OUT" "tools" "profiles"
run_sc config --volumes
assert_eq "$OUT" "data" "volumes"
run_sc config -q
assert_eq "$RC" 0 "config -q exit status"
assert_eq "$OUT" "" "config -q prints nothing"

if docker compose version >/dev/null 2>&1; then
  for fmt in json yaml; do
    "$STACKCTL" config --format $fmt > ours.$fmt
    docker compose config --format $fmt > ref.$fmt
    cmp -s ours.$fmt ref.$fmt || { diff ours.$fmt ref.$fmt >&2; fail "config --format $fmt differs from the reference"; }
  done
  "$STACKCTL" config --hash '*' | sort > ours.hash
  docker compose config --hash '*' | sort > ref.hash
  cmp -s ours.hash ref.hash || fail "config --hash differs from the reference"
else
  echo "reference not installed: byte comparison skipped"
fi

# Errors: every one reported, with position, path, the line and a caret; exit 15 (invalid compose file).
cat > bad.yaml <<'YAML'
services:
  web:
    image: nginx
    ports:
      - "80a"
    imagee: x
YAML
run_sc -f bad.yaml config
assert_eq "$RC" 15 "exit status for an invalid file"
expected="stackctl: error: $TMP/bad.yaml:5:9: services.web.ports[0]: invalid port \"80a\": invalid container port \"80a\": expected a port (0-65535) or a range
    5 |       - \"80a\"
      |         ^
stackctl: error: $TMP/bad.yaml:6:5: services.web: unknown key \"imagee\" (did you mean \"image\"?)
    6 |     imagee: x
      |     ^"
assert_eq "$ERR" "$expected" "error report"

run_sc -f missing.yaml config
assert_eq "$RC" 14 "exit status for a missing file"
assert_eq "$ERR" "stackctl: error: compose file $TMP/missing.yaml does not exist" "missing file message"

# Hostile input: an alias bomb is refused at once, not expanded.
{
  echo 'a0: &a0 [x, x, x, x, x, x, x, x, x]'
  for i in 1 2 3 4 5 6 7 8 9; do
    p=$((i - 1)); echo "a$i: &a$i [*a$p, *a$p, *a$p, *a$p, *a$p, *a$p, *a$p, *a$p, *a$p]"
  done
  echo 'services: {}'
} > bomb.yaml
run_sc -f bomb.yaml config
assert_eq "$RC" 15 "exit status for an alias bomb"
assert_contains "$ERR" "alias bomb"
head -c 4096 /dev/urandom > garbage.yaml
run_sc -f garbage.yaml config
assert_eq "$RC" 15 "exit status for binary garbage"
