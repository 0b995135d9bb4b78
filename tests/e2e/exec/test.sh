#!/usr/bin/env bash
# exec: the command's exit code becomes stackctl's (CI runs `stackctl exec -T db psql ...`), -e, -u, -w,
# --index, -d, --privileged, stdin passed through, and clear errors for a service that is not running.
. "$(dirname "$0")/../lib.sh"

cat >"$TMP/compose.yaml" <<'YAML'
services:
  db:
    image: stackctl-test/busybox:latest
    command: ["sleep", "1000"]
    stop_signal: SIGKILL
    environment:
      FROM_MODEL: model
  worker:
    image: stackctl-test/busybox:latest
    command: ["sleep", "1000"]
    stop_signal: SIGKILL
    scale: 2
  idle:
    image: stackctl-test/busybox:latest
    command: ["true"]
YAML
dc() { docker compose -p "$PROJECT" -f "$TMP/compose.yaml" "$@"; }
sc() { run_sc -p "$PROJECT" -f "$TMP/compose.yaml" "$@"; }
on_exit dc down -v -t 0
dc up -d >/dev/null 2>&1

sc exec -T db sh -c 'echo out; echo err >&2; exit 7'
assert_eq "$RC" 7 "exit code passed through"
assert_eq "$OUT" "out" "stdout"
assert_eq "$ERR" "err" "stderr"
sc exec -T db true
assert_eq "$RC" 0 "exit 0"
sc exec -T db sh -c 'kill -9 $$'
assert_eq "$RC" 137 "killed by a signal"

sc exec -T -e FOO=bar -e FROM_MODEL=override db sh -c 'echo $FOO $FROM_MODEL'
assert_eq "$OUT" "bar override" "-e"
FROM_HOST=host-value sc exec -T -e FROM_HOST db sh -c 'echo $FROM_HOST'
assert_eq "$OUT" "host-value" "-e KEY from the environment"
sc exec -T db sh -c 'echo $FROM_MODEL'
assert_eq "$OUT" "model" "the container's environment"
sc exec -T -u 1234:55 db id -u
assert_eq "$OUT" "1234" "-u"
sc exec -T --user nobody db id -un
assert_eq "$OUT" "nobody" "--user by name"
sc exec -T -w /tmp db pwd
assert_eq "$OUT" "/tmp" "-w"
sc exec -T --workdir /proc db pwd
assert_eq "$OUT" "/proc" "--workdir"

# Options of the command itself are not stackctl's.
sc exec -T db sh -c 'printf "[%s]" "$@"' sh -e -u -w --index
assert_eq "$OUT" "[-e][-u][-w][--index]" "arguments after SERVICE belong to the command"

# stdin reaches the command.
set +e
OUT=$(printf 'line1\nline2\n' | "$STACKCTL" -p "$PROJECT" -f "$TMP/compose.yaml" exec -T db wc -l); RC=$?
set -e
assert_eq "$RC" 0 "exec with piped stdin"
assert_eq "$(echo $OUT)" "2" "stdin lines counted"

# stdin left open by the caller (as CI runners do) does not keep exec waiting once the command ends: the
# writer holding stdin open is still there when exec has returned (timeout only turns a hang into a failure).
mkfifo "$TMP/stdin"
sleep 600 >"$TMP/stdin" &
holder=$!
on_exit kill "$holder"
set +e
timeout 120 "$STACKCTL" -p "$PROJECT" -f "$TMP/compose.yaml" exec -T db sh -c 'exit 4' <"$TMP/stdin"; rc=$?
set -e
assert_eq "$rc" 4 "exit code with stdin left open"
kill -0 "$holder" 2>/dev/null || fail "exec returned only once its stdin was closed"
kill "$holder" 2>/dev/null || true

# --index picks the container.
n1=$(docker inspect -f '{{.Config.Hostname}}' "$PROJECT-worker-1")
n2=$(docker inspect -f '{{.Config.Hostname}}' "$PROJECT-worker-2")
sc exec -T worker hostname
assert_eq "$OUT" "$n1" "default index 1"
sc exec -T --index 2 worker hostname
assert_eq "$OUT" "$n2" "--index 2"
sc exec -T --index 3 worker hostname
assert_eq "$RC" 5 "--index of a missing container"

# --privileged reaches the engine: where the engine may grant it, the command sees more capabilities; an
# engine that runs without them (as in this sandbox) refuses with the runtime's message, as it does for the
# reference.
sc exec -T db sh -c 'grep CapEff /proc/self/status'
plain=$OUT
sc exec -T --privileged db sh -c 'grep CapEff /proc/self/status'
if [ "$RC" -eq 0 ]; then
  [ "$OUT" != "$plain" ] || fail "--privileged: same capabilities $OUT"
else
  assert_contains "$OUT$ERR" "unable to apply caps" "--privileged refused by the runtime"
  set +e; ref=$(docker compose -p "$PROJECT" -f "$TMP/compose.yaml" exec -T --privileged db true 2>&1); ref_rc=$?; set -e
  assert_eq "$RC" "$ref_rc" "exit status of a refused --privileged exec, as the reference"
fi

# -d: runs in the background and returns at once.
sc exec -d db sh -c 'sleep 1; echo done > /tmp/detached'
assert_eq "$RC" 0 "exec -d"
assert_eq "$OUT" "" "exec -d prints nothing"
sleep 2
sc exec -T db cat /tmp/detached
assert_eq "$OUT" "done" "the detached command ran"

# A TTY when stdin is a terminal: `tty` succeeds (script gives us a pty); with -T it does not.
if command -v script >/dev/null; then
  out=$(script -qec "$STACKCTL -p $PROJECT -f $TMP/compose.yaml exec db sh -c 'tty; exit 3'" /dev/null </dev/null; echo "rc=$?")
  assert_contains "$out" "/dev/pts/" "tty allocated"
  assert_contains "$out" "rc=3" "exit code with a tty"
  # The TTY takes the terminal's size.
  out=$(script -qec "stty rows 45 cols 123; $STACKCTL -p $PROJECT -f $TMP/compose.yaml exec db sh -c 'sleep 0.5; stty size'" /dev/null </dev/null)
  assert_contains "$out" "45 123" "tty size"
fi
sc exec -T db tty
assert_eq "$RC" 1 "no tty with -T"

# Errors.
sc exec -T idle true
assert_eq "$RC" 5 "exec in a stopped service"
assert_contains "$ERR" 'service "idle" is not running'
sc exec -T nosuch true
assert_eq "$RC" 5 "exec in an unknown service"
sc exec -T db
assert_eq "$RC" 2 "exec without a command"
sc exec -T db /no/such/binary
[ "$RC" -ne 0 ] || fail "exec of a missing binary succeeded"
