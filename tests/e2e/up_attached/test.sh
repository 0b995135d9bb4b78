#!/usr/bin/env bash
# Attached `up`: every container's output with `service-N  | ` prefixes (no escapes with --no-color), the exit
# once all containers exit, --abort-on-container-exit, --exit-code-from; Ctrl-C stops the containers and exits
# 130, a second Ctrl-C kills a container that ignores SIGTERM without waiting for its grace period. Also
# `up --wait` with one-shot services: exit 0 succeeds, non-zero fails naming the container.
. "$(dirname "$0")/../lib.sh"

cd "$TMP"
on_exit "'$STACKCTL' -p $PROJECT down -t 0 --remove-orphans"

state_of() { engine_curl GET "/containers/$1/json" | python3 -c 'import json,sys; s=json.load(sys.stdin)["State"]; print(s["Status"], s["ExitCode"])'; }
running_count() {
  engine_curl GET "/containers/json?filters=$(project_filter running)" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'
}

# 1. all exit: the output of both, prefixed, then the exit lines; status 0 (no --exit-code-from)
cat > compose.yaml <<YAML
services:
  a:
    image: $TEST_IMAGE
    command: ["sh", "-c", "echo hello from a; sleep 1; echo bye a"]
  b:
    image: $TEST_IMAGE
    command: ["sh", "-c", "echo hello from b; sleep 2; exit 3"]
YAML
run_sc -p "$PROJECT" up --no-color
assert_eq "$RC" 0 "attached up ($ERR)"
# as the reference prints them: service-number, padded to the widest, then " | "
assert_eq "$(head -n 1 <<<"$OUT")" "Attaching to a-1, b-1" "first line"
grep -qx "a-1  | hello from a" <<<"$OUT" || fail "no 'a-1  | hello from a' line: $OUT"
grep -qx "a-1  | bye a" <<<"$OUT" || fail "no 'a-1  | bye a' line: $OUT"
grep -qx "b-1  | hello from b" <<<"$OUT" || fail "no 'b-1  | hello from b' line: $OUT"
grep -qx "a-1 exited with code 0" <<<"$OUT" || fail "no exit line for a: $OUT"
grep -qx "b-1 exited with code 3" <<<"$OUT" || fail "no exit line for b: $OUT"
[[ "$OUT" != *$'\e'* ]] || fail "escape sequences with --no-color: $(cat -v <<<"$OUT")"
assert_eq "$(state_of "$PROJECT-a-1")" "exited 0" "a"
assert_eq "$(state_of "$PROJECT-b-1")" "exited 3" "b"

# 2. --exit-code-from b: b's status
run_sc -p "$PROJECT" up --no-color --exit-code-from b
assert_eq "$RC" 3 "--exit-code-from b ($ERR)"
run_sc -p "$PROJECT" up --no-color --exit-code-from nope
[ "$RC" -ne 0 ] && [ "$RC" -ne 3 ] || fail "--exit-code-from an unknown service: $RC"
assert_contains "$ERR" "no such service: nope" "unknown service"

# 3. --abort-on-container-exit: the first to exit stops the other; its status is returned (as the reference)
cat > compose.yaml <<YAML
services:
  short:
    image: $TEST_IMAGE
    command: ["sh", "-c", "echo done; exit 4"]
  long:
    image: $TEST_IMAGE
    command: ["sleep", "3600"]
    stop_grace_period: 1s
YAML
run_sc -p "$PROJECT" up --no-color --abort-on-container-exit --remove-orphans
assert_eq "$RC" 4 "--abort-on-container-exit ($ERR)"
grep -qx "short-1 exited with code 4" <<<"$OUT" || fail "no exit line for short: $OUT"
assert_contains "$ERR" "Aborting on container exit" "abort message"
[[ "$(state_of "$PROJECT-long-1")" == exited* ]] || fail "long still running: $(state_of "$PROJECT-long-1")"
run_sc -p "$PROJECT" up -d --abort-on-container-exit
[ "$RC" -ne 0 ] || fail "-d with --abort-on-container-exit accepted"

# 3b. --abort-on-container-failure: a container exiting 0 does not abort; the first non-zero exit stops the
# others and its status is returned
cat > compose.yaml <<YAML
services:
  fine:
    image: $TEST_IMAGE
    command: ["sh", "-c", "echo fine; exit 0"]
  bad:
    image: $TEST_IMAGE
    command: ["sh", "-c", "sleep 2; echo failing; exit 6"]
  long:
    image: $TEST_IMAGE
    command: ["sleep", "3600"]
    stop_grace_period: 1s
YAML
run_sc -p "$PROJECT" up --no-color --abort-on-container-failure --remove-orphans
assert_eq "$RC" 6 "--abort-on-container-failure ($ERR)"
grep -qx "fine-1 exited with code 0" <<<"$OUT" || fail "no exit line for fine: $OUT"
grep -qx "bad-1 exited with code 6" <<<"$OUT" || fail "no exit line for bad: $OUT"
assert_contains "$ERR" "Aborting on container exit" "abort message"
[[ "$(state_of "$PROJECT-long-1")" == exited* ]] || fail "long still running: $(state_of "$PROJECT-long-1")"
run_sc -p "$PROJECT" up -d --abort-on-container-failure
assert_eq "$RC" 2 "-d with --abort-on-container-failure"
run_sc -p "$PROJECT" up --abort-on-container-failure --abort-on-container-exit
assert_eq "$RC" 2 "both abort flags"
assert_contains "$ERR" "incompatible"

# 3c. What is attached: the named services only (a dependency runs on, unattached, after up returns),
# --attach-dependencies adds them, --no-attach removes one, --attach of a service not started is a usage
# error; --no-log-prefix and --timestamps
cat > compose.yaml <<YAML
services:
  dep:
    image: $TEST_IMAGE
    command: ["sh", "-c", "echo from-dep; sleep 3600"]
    stop_grace_period: 1s
  app:
    image: $TEST_IMAGE
    command: ["sh", "-c", "echo from-app; sleep 1"]
    depends_on: [dep]
  other:
    image: $TEST_IMAGE
    command: ["sh", "-c", "echo from-other"]
YAML
run_sc -p "$PROJECT" up --no-color --remove-orphans app
assert_eq "$RC" 0 "up app ($ERR)"
assert_eq "$(head -n 1 <<<"$OUT")" "Attaching to app-1" "only the named service is attached"
grep -qx "app-1  | from-app" <<<"$OUT" || fail "no app output: $OUT"
[[ "$OUT" != *from-dep* ]] || fail "the dependency's output was shown: $OUT"
assert_eq "$(state_of "$PROJECT-dep-1")" "running 0" "the unattached dependency keeps running"
run_sc -p "$PROJECT" up --no-color --attach-dependencies --no-log-prefix --timestamps --abort-on-container-exit app
assert_eq "$RC" 0 "--attach-dependencies ($ERR)"
assert_eq "$(head -n 1 <<<"$OUT")" "Attaching to app-1, dep-1" "dependencies attached"
grep -Eq "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z from-app$" <<<"$OUT" || fail "no timestamped, unprefixed app line: $OUT"
run_sc -p "$PROJECT" up --no-color --no-attach dep --no-attach other
assert_eq "$RC" 0 "--no-attach ($ERR)"
assert_eq "$(head -n 1 <<<"$OUT")" "Attaching to app-1" "--no-attach"
grep -qx "other-1 exited with code 0" <<<"$OUT" || fail "no exit line for the unattached other: $OUT"
run_sc -p "$PROJECT" up --attach nosuch
assert_eq "$RC" 2 "--attach of an unknown service"
assert_contains "$ERR" "cannot attach to services not included in up: nosuch"

# 3d. `attach: false`: neither shown nor watched, unless --attach names it
cat > compose.yaml <<YAML
services:
  hushed:
    image: $TEST_IMAGE
    command: ["sh", "-c", "echo from-hushed"]
    attach: false
  loud:
    image: $TEST_IMAGE
    command: ["sh", "-c", "sleep 1; echo from-loud"]
YAML
run_sc -p "$PROJECT" up --no-color --remove-orphans
assert_eq "$RC" 0 "up with attach: false ($ERR)"
assert_eq "$(head -n 1 <<<"$OUT")" "Attaching to loud-1" "attach: false"
[[ "$OUT" != *hushed* ]] || fail "an attach: false service was shown: $OUT"
run_sc -p "$PROJECT" up --no-color --attach hushed --attach loud
assert_eq "$(head -n 1 <<<"$OUT")" "Attaching to hushed-1, loud-1" "--attach over attach: false"

# 3e. a container that its restart policy brings back is followed through its restarts (one exit line per
#     run), and up returns when it stops for good
cat > compose.yaml <<YAML
services:
  crashy:
    image: $TEST_IMAGE
    command: ["sh", "-c", "echo run; sleep 1; exit 2"]
    restart: on-failure:2
YAML
run_sc -p "$PROJECT" up --no-color --remove-orphans
assert_eq "$RC" 0 "up with a restarting container ($ERR)"
assert_eq "$(grep -cx "crashy-1  | run" <<<"$OUT")" 3 "runs followed: $OUT"
assert_eq "$(grep -cx "crashy-1 exited with code 2" <<<"$OUT")" 3 "exit lines: $OUT"

# 4. Ctrl-C: graceful stop, status 130; a second Ctrl-C kills what ignores SIGTERM (grace period 30 s)
cat > compose.yaml <<YAML
services:
  polite:
    image: $TEST_IMAGE
    command: ["sh", "-c", "trap 'exit 5' TERM; echo ready; while true; do sleep 0.2; done"]
    stop_grace_period: 30s
  stubborn:
    image: $TEST_IMAGE
    command: ["sh", "-c", "trap '' TERM; echo ready; while true; do sleep 0.2; done"]
    stop_grace_period: 30s
YAML
attached_up() { # starts an attached up in its own session; sets $pid
  setsid "$STACKCTL" -p "$PROJECT" up --no-color --remove-orphans >"$TMP/att.out" 2>"$TMP/att.err" &
  pid=$!
  on_exit "kill -9 $pid"
  local i
  for i in $(seq 300); do [ "$(running_count)" = 2 ] && grep -qx "stubborn-1  | ready" "$TMP/att.out" && return 0; sleep 0.1; done
  fail "containers not running: $(cat "$TMP/att.err")"
}
# 4a. one Ctrl-C with only polite containers' behaviour checked: polite exits 5 on SIGTERM, stubborn is killed
#     after its grace period, which -t shortens
sed -i 's/stop_grace_period: 30s/stop_grace_period: 2s/' compose.yaml
attached_up
kill -INT "$pid"
set +e; wait "$pid"; rc=$?; set -e
assert_eq "$rc" 130 "status after Ctrl-C ($(cat "$TMP/att.err"))"
assert_contains "$(cat "$TMP/att.err")" "Gracefully stopping" "Ctrl-C message"
assert_eq "$(state_of "$PROJECT-polite-1")" "exited 5" "polite after Ctrl-C"
assert_eq "$(state_of "$PROJECT-stubborn-1")" "exited 137" "stubborn after Ctrl-C"

# 4b. a second Ctrl-C during a stop with a 10-minute grace period kills at once (were it to wait for the
#     grace period, the 120 s bound below turns that hang into a failure; no time is asserted otherwise)
sed -i 's/stop_grace_period: 2s/stop_grace_period: 600s/' compose.yaml
attached_up
kill -INT "$pid"
for i in $(seq 100); do grep -q "Gracefully stopping" "$TMP/att.err" && break; sleep 0.1; done
sleep 0.5
kill -INT "$pid"
for i in $(seq 1200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$pid" 2>/dev/null && fail "the second Ctrl-C did not end up (it waits for the grace period)"
set +e; wait "$pid"; rc=$?; set -e
assert_eq "$rc" 130 "status after two Ctrl-C"
[[ "$(state_of "$PROJECT-stubborn-1")" == "exited 137" ]] || fail "stubborn after two Ctrl-C: $(state_of "$PROJECT-stubborn-1")"

# 4c. Ctrl-C while up is still starting (app waits for a dependency that never gets healthy): what it started
#     is stopped, status 130, and app was never started
cat > compose.yaml <<YAML
services:
  slowdb:
    image: $TEST_IMAGE
    command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 0.2; done"]
    healthcheck: {test: ["CMD", "false"], interval: 1s, retries: 1000, start_period: 600s}
    stop_grace_period: 5s
  app:
    image: $TEST_IMAGE
    command: ["sleep", "3600"]
    depends_on: {slowdb: {condition: service_healthy}}
YAML
setsid "$STACKCTL" -p "$PROJECT" up --no-color --remove-orphans >"$TMP/att.out" 2>"$TMP/att.err" &
pid=$!
on_exit "kill -9 $pid"
for i in $(seq 300); do [ "$(running_count)" = 1 ] && break; sleep 0.1; done
assert_eq "$(running_count)" 1 "slowdb running while app waits ($(cat "$TMP/att.err"))"
sleep 0.5
kill -INT "$pid"
for i in $(seq 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$pid" 2>/dev/null && fail "up did not end after Ctrl-C while starting"
set +e; wait "$pid"; rc=$?; set -e
assert_eq "$rc" 130 "status after Ctrl-C while starting ($(cat "$TMP/att.err"))"
assert_contains "$(cat "$TMP/att.err")" "Gracefully stopping" "Ctrl-C message while starting"
assert_eq "$(state_of "$PROJECT-slowdb-1")" "exited 0" "the started dependency is stopped"
assert_eq "$(engine_curl GET "/containers/$PROJECT-app-1/json" | json_get State.Status)" "created" "app never started"

# 5. up --wait with one-shot services: exit 0 is success (docker/compose#10596), non-zero fails naming it
cat > compose.yaml <<YAML
services:
  server:
    image: $TEST_IMAGE
    command: ["sleep", "3600"]
    stop_grace_period: 1s
  oneshot:
    image: $TEST_IMAGE
    command: ["sh", "-c", "sleep 1; exit \${ONESHOT_STATUS:-0}"]
    # never healthy while it runs, so --wait sees it exit (a running container without a health check is ready)
    healthcheck: {test: ["CMD", "false"], interval: 60s, start_period: 60s}
YAML
run_sc -p "$PROJECT" up -d --wait --remove-orphans
assert_eq "$RC" 0 "up --wait with a one-shot exiting 0 ($ERR)"
assert_eq "$(state_of "$PROJECT-oneshot-1")" "exited 0" "one-shot"
ONESHOT_STATUS=7 run_sc -p "$PROJECT" up -d --wait
[ "$RC" -ne 0 ] || fail "up --wait with a one-shot exiting 7 succeeded"
assert_contains "$ERR" "$PROJECT-oneshot-1 exited (7)" "up --wait failure"
