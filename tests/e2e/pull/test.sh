#!/usr/bin/env bash
# pull: under the `missing` policy (--policy or pull_policy) an image that is present is not pulled (no
# pull event from the engine); a failed pull shows the engine's message and exits non-zero, unless
# --ignore-pull-failures; services without image:, or with pull_policy never/build, are skipped.
# No registry is reachable here, so every real pull fails.
. "$(dirname "$0")/../lib.sh"

missing_image="stackctl-e2e-no-such-registry.invalid/nothing:1"
cat >"$TMP/compose.yaml" <<YAML
services:
  present:
    image: stackctl-test/busybox:latest
    pull_policy: missing
  built:
    build: .
  never:
    image: stackctl-e2e/never-pulled:1
    pull_policy: never
  absent:
    profiles: [absent]
    image: $missing_image
  front:
    profiles: [absent]
    image: stackctl-test/busybox:latest
    pull_policy: missing
    depends_on: [absent]
  both:
    profiles: [both]
    image: stackctl-e2e/both-not-built:$$
    build: .
YAML
echo 'FROM stackctl-test/busybox:latest' >"$TMP/Dockerfile"
sc() { run_sc -p "$PROJECT" -f "$TMP/compose.yaml" "$@"; }

since=$(date +%s)
sc --progress plain pull
assert_eq "$RC" 0 "pull of present images: $ERR"
assert_contains "$ERR" "Image stackctl-test/busybox:latest Skipped"
[[ "$ERR" != *never-pulled* ]] || fail "pull_policy never was pulled"
sc --progress plain pull --policy missing present
assert_eq "$RC" 0 "pull --policy missing"
assert_contains "$ERR" "Skipped"
sleep 1
# The engine saw no pull at all.
events=$(engine_curl GET "/events?since=$since&until=$(date +%s)&filters=%7B%22type%22%3A%5B%22image%22%5D%2C%22event%22%3A%5B%22pull%22%5D%7D")
assert_eq "$events" "" "pull events from the engine"

# A pull that fails: the engine's message, exit 5.
sc --profile absent --progress plain pull absent
assert_eq "$RC" 5 "failed pull exit"
assert_contains "$ERR" "stackctl: error: pulling image $missing_image for service \"absent\": "
assert_contains "$ERR" "Image $missing_image Error"
# The engine's own words (resolution of the registry's name fails; nothing is reachable).
engine_msg=$(engine_curl POST "/images/create?fromImage=${missing_image%:*}&tag=1" | python3 -c 'import json,sys; print(json.loads(sys.stdin.read().splitlines()[-1])["message"])')
assert_contains "$ERR" "$engine_msg" "the engine's message"

sc --profile absent --progress plain pull --ignore-pull-failures
assert_eq "$RC" 0 "--ignore-pull-failures"
assert_contains "$ERR" "stackctl: warning: pulling image $missing_image"
sc --profile absent pull -q absent
assert_eq "$RC" 5 "pull -q failure"
assert_eq "$(grep -c . <<<"$ERR")" 1 "pull -q prints only the error"
# --policy always tries even a present image (and fails here, with no registry).
sc --progress json pull --policy always present
assert_contains "$ERR" '"id":"Image stackctl-test/busybox:latest","status":"working","text":"Pulling"'
sc pull --policy sometimes
assert_eq "$RC" 2 "bad --policy"

# --include-deps: the named services' dependencies are pulled too (here: one that cannot be)
sc --profile absent --progress plain pull front
assert_eq "$RC" 0 "pull front alone: $ERR"
sc --profile absent --progress plain pull --include-deps front
assert_eq "$RC" 5 "pull --include-deps front"
assert_contains "$ERR" "pulling image $missing_image for service \"absent\""
# --ignore-buildable: a service that can be built is not pulled
sc --profile both --progress plain pull both
assert_eq "$RC" 5 "pull of an absent image with a build section"
sc --profile both --progress plain pull --ignore-buildable both
assert_eq "$RC" 0 "pull --ignore-buildable: $ERR"
[[ "$ERR" != *both-not-built* ]] || fail "--ignore-buildable pulled: $ERR"
