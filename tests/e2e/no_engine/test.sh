#!/usr/bin/env bash
# With no engine on the socket, `stackctl version` fails fast with one line naming the socket and the fix.
. "$(dirname "$0")/../lib.sh"

sock="$TMP/nothing-here.sock"
DOCKER_HOST="unix://$sock" run_sc version
assert_eq "$RC" 4 "exit status with no engine"
assert_eq "$(printf '%s\n' "$ERR" | wc -l)" 1 "number of error lines"
assert_contains "$ERR" "stackctl: error: cannot reach the Docker engine at unix://$sock"
assert_contains "$ERR" "scripts/setup"

DOCKER_HOST="ssh://somewhere" run_sc version
assert_eq "$RC" 2 "exit status with an unsupported DOCKER_HOST"
assert_contains "$ERR" 'DOCKER_HOST "ssh://somewhere"'

run_sc --version
assert_eq "$RC" 0 "--version needs no engine"
