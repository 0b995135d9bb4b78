#!/usr/bin/env bash
# `up` and images: --pull never fails on an absent image before anything is created; --pull always tries
# the registry even for a present image (none is reachable here: a clear error, nothing created); a bad
# --pull value is a usage error; a service with a build section and its own image name tries the registry
# first and builds when the pull fails (as the reference); pull_policy: build rebuilds a present image;
# --quiet-pull shows the service's pull but no layers.
. "$(dirname "$0")/../lib.sh"

cd "$TMP"
on_exit "'$STACKCTL' -p $PROJECT down -t 0 --remove-orphans --rmi local"
on_exit "engine_curl DELETE \"/images/stackctl-e2e-up-pull/built:$$?force=1\""

project_resources() { echo "containers: $(labelled containers); networks: $(labelled networks)"; }

absent="stackctl-e2e-no-such-registry.invalid/absent:$$"
cat > compose.yaml <<YAML
services:
  app:
    image: $TEST_IMAGE
    command: ["sleep", "3600"]
    stop_grace_period: 1s
  other:
    profiles: [absent]
    image: $absent
YAML
sc() { run_sc -p "$PROJECT" "$@"; }

# 1. --pull never with an absent image: exit 5, the service and image named, nothing created
sc --profile absent up -d --pull never
assert_eq "$RC" 5 "--pull never on an absent image ($ERR)"
assert_contains "$ERR" "service other: image $absent is not present and pull policy \"never\" does not pull it"
assert_eq "$(project_resources)" "containers: ; networks: " "resources after the refused up"

# 2. --pull always on a present image: the pull is tried and fails here; nothing created
sc --progress plain up -d --pull always app
assert_eq "$RC" 5 "--pull always without a registry ($ERR)"
assert_contains "$ERR" "Image $TEST_IMAGE Pulling"
assert_contains "$ERR" "service app: image $TEST_IMAGE could not be pulled: "
assert_eq "$(project_resources)" "containers: ; networks: " "resources after the failed pull"

# 3. a bad value
sc up -d --pull sometimes
assert_eq "$RC" 2 "bad --pull"
assert_contains "$ERR" 'invalid --pull option "sometimes"'

# 4. --pull missing (and never) with the image present: no pull, up succeeds
sc --progress plain up -d --pull missing --quiet-pull
assert_eq "$RC" 0 "--pull missing ($ERR)"
[[ "$ERR" != *Pulling* ]] || fail "a present image was pulled: $ERR"
sc up -d --pull never
assert_eq "$RC" 0 "--pull never with the image present ($ERR)"

# 5. build section + own image name, image absent: pull tried (a warning), then built
built="stackctl-e2e-up-pull/built:$$"
mkdir -p ctx
printf 'FROM %s\nCMD ["sleep", "3600"]\n' "$TEST_IMAGE" > ctx/Dockerfile
cat > compose.yaml <<YAML
services:
  web:
    image: $built
    build: ./ctx
    stop_grace_period: 1s
YAML
sc --progress plain up -d --remove-orphans
assert_eq "$RC" 0 "build after a failed pull ($ERR)"
assert_contains "$ERR" "Image $built Pulling"
assert_contains "$ERR" "Image $built Warning"
assert_contains "$ERR" "Built"
first_id=$(engine_curl GET "/images/$built/json" | json_get Id)

# 6. pull_policy: build rebuilds even though the image is present (no pull)
cat > compose.yaml <<YAML
services:
  web:
    image: $built
    build: ./ctx
    pull_policy: build
    stop_grace_period: 1s
YAML
printf 'FROM %s\nLABEL rebuilt=yes\nCMD ["sleep", "3600"]\n' "$TEST_IMAGE" > ctx/Dockerfile
sc --progress plain up -d
assert_eq "$RC" 0 "pull_policy build ($ERR)"
[[ "$ERR" != *"Pulling"* ]] || fail "pull_policy build pulled: $ERR"
second_id=$(engine_curl GET "/images/$built/json" | json_get Id)
[ "$first_id" != "$second_id" ] || fail "pull_policy build did not rebuild the image"

# 7. (also refused before anything exists) healthcheck.start_interval on an engine older than API 1.44
api=$(engine_curl GET /version | json_get ApiVersion)
if python3 -c 'import sys; a=tuple(map(int, sys.argv[1].split("."))); sys.exit(0 if a < (1, 44) else 1)' "$api"; then
  cat > compose.yaml <<YAML
services:
  hc:
    image: $TEST_IMAGE
    command: ["sleep", "3600"]
    healthcheck: {test: ["CMD", "true"], start_interval: 1s}
YAML
  sc up -d --remove-orphans
  assert_eq "$RC" 5 "start_interval on API $api"
  assert_contains "$ERR" "service hc: healthcheck.start_interval needs Docker Engine v25 or later (API 1.44); this engine speaks API $api"
  assert_eq "$(labelled containers)" "$PROJECT-web-1" "nothing new created"
fi
