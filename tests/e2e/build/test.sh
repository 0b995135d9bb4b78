#!/usr/bin/env bash
# build: every service with a build section, named "<project>-<service>" unless `image:` says otherwise;
# .dockerignore'd files absent from the image; args, target, labels, dockerfile_inline, extra tags; the
# engine's cache reused by a second build (and skipped with --no-cache); -q; a failed build shows the
# engine's message and exits non-zero; --progress plain/json/quiet; up --build through the same path.
. "$(dirname "$0")/../lib.sh"

ctx="$TMP/ctx"
mkdir -p "$ctx/sub"
echo kept >"$ctx/kept.txt"
echo secret >"$ctx/secret.txt"
echo nested >"$ctx/sub/nested.txt"
printf 'secret.txt\nsub\n' >"$ctx/.dockerignore"
cat >"$ctx/Dockerfile" <<'DF'
FROM stackctl-test/busybox:latest AS base
ARG GREETING=default
RUN echo "$GREETING" > /greeting
COPY . /ctx
FROM base AS final
RUN echo final > /stage
FROM base AS other
RUN echo other > /stage
DF
mkdir -p "$TMP/bad"
printf 'FROM stackctl-test/busybox:latest\nRUN echo about to fail && exit 42\n' >"$TMP/bad/Dockerfile"

img_app="$PROJECT-app"
cat >"$TMP/compose.yaml" <<YAML
services:
  app:
    build:
      context: ./ctx
      target: final
      args:
        GREETING: hello
      labels:
        org.example.built-by: stackctl
        org.example.e2e-run: $PROJECT
      tags: ["$PROJECT-extra:1"]
    command: ["true"]
  inline:
    image: $PROJECT-inline:v2
    build:
      context: ./ctx
      dockerfile_inline: |
        FROM stackctl-test/busybox:latest
        RUN echo inline > /inline
  pulled:
    image: stackctl-test/busybox:latest
  uses:
    image: stackctl-test/busybox:latest
    depends_on: [inline]
  broken:
    profiles: [broken]
    build: ./bad
YAML
sc() { run_sc -p "$PROJECT" -f "$TMP/compose.yaml" "$@"; }
# last: the app images this run left untagged (each rebuild replaces the tagged one)
on_exit "docker images -q --filter label=org.example.e2e-run=$PROJECT | sort -u | xargs -r docker image rm -f"
on_exit docker image rm -f "$img_app" "$PROJECT-extra:1" "$PROJECT-inline:v2" "$PROJECT-broken"
on_exit docker compose -p "$PROJECT" -f "$TMP/compose.yaml" down -t 0
# Runs a command in an image in a labelled, removed-at-once container.
in_image() { docker run --rm --label "com.docker.compose.project=$PROJECT" "$@"; }

t0=$(date +%s%N)
sc --progress plain build
t1=$(date +%s%N)
assert_eq "$RC" 0 "build exit: $ERR"
assert_contains "$ERR" "Service app Building"
assert_contains "$ERR" "Service app Step 1/"
assert_contains "$ERR" "Service app Built"
assert_contains "$ERR" "Service inline Built"
[[ "$ERR" != *"Service pulled"* ]] || fail "a service without build was built"
assert_eq "$(in_image "$img_app" cat /greeting)" "hello" "build arg"
assert_eq "$(in_image "$img_app" cat /stage)" "final" "target"
assert_eq "$(in_image "$img_app" ls /ctx | tr '\n' ' ')" "Dockerfile kept.txt " "context without .dockerignore'd files"
assert_eq "$(in_image "$PROJECT-extra:1" cat /stage)" "final" "extra tag"
assert_eq "$(in_image "$PROJECT-inline:v2" cat /inline)" "inline" "dockerfile_inline, image name from image:"
assert_eq "$(docker image inspect -f '{{index .Config.Labels "org.example.built-by"}}' "$img_app")" "stackctl" "labels"

# The second build reuses the engine's layer cache: fast, and the steps say so.
t2=$(date +%s%N)
sc --progress plain build app
t3=$(date +%s%N)
assert_eq "$RC" 0 "second build"
assert_contains "$ERR" "Using cache"
first_ms=$(( (t1 - t0) / 1000000 )); second_ms=$(( (t3 - t2) / 1000000 ))
echo "first build (2 services) ${first_ms} ms, cached rebuild of app ${second_ms} ms"
id1=$(docker image inspect -f '{{.Id}}' "$img_app")

sc --progress plain build --no-cache app
assert_eq "$RC" 0 "--no-cache"
[[ "$ERR" != *"Using cache"* ]] || fail "--no-cache used the cache"

# The image is the same as the reference names it.
assert_eq "$(docker compose -p "$PROJECT" -f "$TMP/compose.yaml" config --images | sort | tr '\n' ' ')" \
  "$img_app $PROJECT-inline:v2 stackctl-test/busybox:latest stackctl-test/busybox:latest " "image names agree with the reference"

# -q prints nothing; quiet progress prints nothing; json progress is one object per line.
sc build -q app
assert_eq "$RC" 0 "build -q"
assert_eq "$OUT$ERR" "" "build -q output"
sc --progress quiet build app
assert_eq "$OUT$ERR" "" "--progress quiet output"
COMPOSE_PROGRESS=json sc build app
assert_eq "$RC" 0 "json progress build"
python3 - "$ERR" <<'PY'
import json, sys
lines = [json.loads(l) for l in sys.argv[1].splitlines()]
assert lines[0] == {"id": "Service app", "status": "working", "text": "Building"}, lines[0]
assert any("output" in l for l in lines), lines
assert lines[-1]["status"] == "done" and lines[-1]["text"] == "Built", lines[-1]
PY
# tty progress when stderr is a terminal (auto): a redrawn task list with a mark and a timing.
if command -v script >/dev/null; then
  out=$(script -qec "$STACKCTL -p $PROJECT -f $TMP/compose.yaml build app" /dev/null)
  assert_contains "$out" "✔" "tty progress mark"
  assert_contains "$out" "Service app Built" "tty progress"
  [[ "$out" =~ [0-9]+\.[0-9]s ]] || fail "tty progress timing: $out"
  assert_contains "$out" $'\x1b[1A' "tty progress redraws"
  out=$(NO_COLOR=1 script -qec "$STACKCTL -p $PROJECT -f $TMP/compose.yaml build app" /dev/null)
  [[ "$out" != *$'\x1b[32m'* ]] || fail "colour with NO_COLOR"
  out=$(script -qec "$STACKCTL -p $PROJECT -f $TMP/compose.yaml --progress plain build app" /dev/null)
  [[ "$out" != *$'\x1b['* ]] || fail "escape codes in plain progress on a terminal"
fi
sc --progress fancy build app
assert_eq "$RC" 2 "bad --progress"
# --build-arg overrides the model's args.
sc build -q --build-arg GREETING=override app
assert_eq "$(in_image "$img_app" cat /greeting)" "override" "--build-arg"

# A failing build: the engine's message, a non-zero exit.
# Intermediate containers of this failing step, counted before and after (an engine shared with other runs
# may hold leftovers of older ones).
count_failed_steps() {
  engine_curl GET "/containers/json?all=1" | python3 -c '
import json, sys
print(sum(1 for c in json.load(sys.stdin) if "about to fail" in c["Command"]))'
}
before=$(count_failed_steps)
sc --profile broken --progress plain build broken
[ "$RC" -ne 0 ] || fail "a failed build exited 0"
assert_eq "$RC" 5 "failed build exit"
assert_contains "$ERR" "failed to build service \"broken\""
assert_contains "$ERR" "returned a non-zero code: 42"
assert_contains "$ERR" "about to fail"
# ... and leaves no intermediate container behind.
assert_eq "$(count_failed_steps)" "$before" "intermediate containers of the failed build"

# up --build goes through the same build path: the model's args again (after --build-arg override above),
# the same progress task, then the container.
sc --progress plain up --build --no-start app
assert_eq "$RC" 0 "up --build: $ERR"
assert_contains "$ERR" "Service app Building"
assert_contains "$ERR" "Service app Built"
assert_contains "$ERR" "Container $PROJECT-app-1 Created"
assert_eq "$(in_image "$img_app" cat /greeting)" "hello" "up --build uses the model's args"
sc down
assert_eq "$RC" 0 "down after up --build: $ERR"

# build SERVICE builds that service only; --with-dependencies also what it depends on
sc --progress plain build uses
assert_eq "$RC" 0 "build of a service without a build section: $ERR"
[[ "$ERR" != *"Service inline"* ]] || fail "a dependency was built without --with-dependencies: $ERR"
sc --progress plain build --with-dependencies uses
assert_eq "$RC" 0 "build --with-dependencies: $ERR"
assert_contains "$ERR" "Service inline Built"
