#!/usr/bin/env bash
# Global options as the reference has them: --dry-run before the command (up and down change nothing;
# commands that would change something else refuse it), --ansi / COMPOSE_ANSI (always: colours even when
# the output is not a terminal; never: none), --parallel / COMPOSE_PARALLEL_LIMIT.
. "$(dirname "$0")/../lib.sh"

cd "$TMP"
on_exit "'$STACKCTL' -p $PROJECT down -t 0 --remove-orphans"
cat > compose.yaml <<YAML
services:
  a:
    image: $TEST_IMAGE
    command: ["sh", "-c", "echo hello-a; sleep 3600"]
    stop_grace_period: 1s
  b:
    image: $TEST_IMAGE
    command: ["sh", "-c", "echo hello-b; sleep 3600"]
    stop_grace_period: 1s
YAML
sc() { run_sc -p "$PROJECT" "$@"; }

# --dry-run: the plan, nothing created
sc --dry-run up -d
assert_eq "$RC" 0 "--dry-run up ($ERR)"
assert_contains "$OUT" "container $PROJECT-a-1: create"
assert_eq "$(labelled containers)$(labelled networks)" "" "resources after --dry-run up"
sc --dry-run build
assert_eq "$RC" 2 "--dry-run build"
assert_contains "$ERR" "--dry-run is supported by up and down, not by build"

# --parallel 1 converges one container at a time; a bad limit is a usage error
sc --parallel 1 up -d
assert_eq "$RC" 0 "--parallel 1 up ($ERR)"
assert_eq "$(labelled containers)" "$PROJECT-a-1 $PROJECT-b-1" "containers after --parallel 1 up"
COMPOSE_PARALLEL_LIMIT=many run_sc -p "$PROJECT" ps
assert_eq "$RC" 2 "COMPOSE_PARALLEL_LIMIT=many"

# --dry-run down lists, removes nothing
sc --dry-run down
assert_eq "$RC" 0 "--dry-run down ($ERR)"
assert_eq "$(labelled containers)" "$PROJECT-a-1 $PROJECT-b-1" "containers after --dry-run down"

# --ansi: colours in logs only when asked for (the output here is not a terminal)
sleep 1
sc logs a
[[ "$OUT" != *$'\e['* ]] || fail "colours without a terminal: $(cat -v <<<"$OUT")"
sc --ansi always logs a
assert_contains "$OUT" $'\e[' "--ansi always colours"
assert_contains "$OUT" "hello-a"
COMPOSE_ANSI=always run_sc -p "$PROJECT" --ansi never logs a
[[ "$OUT" != *$'\e['* ]] || fail "--ansi never (over COMPOSE_ANSI=always): $(cat -v <<<"$OUT")"
COMPOSE_ANSI=always run_sc -p "$PROJECT" logs a
assert_contains "$OUT" $'\e[' "COMPOSE_ANSI=always"
sc --ansi sometimes ps
assert_eq "$RC" 2 "--ansi sometimes"
