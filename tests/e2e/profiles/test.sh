#!/usr/bin/env bash
# Workspaces and environment profiles (docs/profiles.md), through `config` only (no engine needed):
#   1. a small workspace in a temp directory: stack selection, expansion, pass-through, options after the
#      command, errors;
#   2. the repository's own stackctl.yaml and profiles/ on the real stacks, from the repository root: each
#      profile's model byte-equal to `docker compose config` with the files the profile stands for.
. "$(dirname "$0")/../lib.sh"
repo=${STACKCTL_SOURCE_DIR:-$(cd "$(dirname "$0")/../../.." && pwd)}

have_ref=0
docker compose version >/dev/null 2>&1 && have_ref=1

# Compose runs in a clean environment, so variables of the caller's shell change no model.
clean=(env -i "PATH=$PATH" "HOME=$HOME")
secrets=(POSTGRES_PASSWORD=e2e-pw REDIS_PASSWORD=e2e-redis JWT_SECRET=e2e-jwt-secret-0123456789abcdef)
sc() { "${clean[@]}" "${secrets[@]}" "$STACKCTL" "$@"; }
ref() { "${clean[@]}" "${secrets[@]}" docker compose "$@"; }

# --- 1. a small workspace --------------------------------------------------------------------------
ws="$TMP/ws"
mkdir -p "$ws/stacks/one" "$ws/stacks/two" "$ws/profiles" "$ws/docs" "$ws/own"
cat > "$ws/stackctl.yaml" <<'YAML'
default_stack: one
stacks:
  one: {directory: stacks/one}
  two: {directory: stacks/two}
YAML
cat > "$ws/stacks/one/compose.yaml" <<'YAML'
services:
  app: {image: "app:${TAG:-latest}", profiles: [dev]}
  tester: {image: tester, profiles: [testing]}
  tool: {image: tool, profiles: [debug]}
YAML
printf 'TAG=dev\n' > "$ws/stacks/one/.env.dev"
cat > "$ws/stacks/two/compose.yaml" <<'YAML'
name: two
services:
  db: {image: db}
YAML
cat > "$ws/stacks/two/compose.web.yaml" <<'YAML'
services:
  web: {image: web, depends_on: [db]}
YAML
cat > "$ws/own/compose.yaml" <<'YAML'
services:
  mine: {image: mine}
YAML
cat > "$ws/profiles/dev.yaml" <<'YAML'
description: Development
stacks:
  one:
    env_files: [.env.dev]
    compose_profiles: [dev]
  two:
    files: [compose.yaml, compose.web.yaml]
YAML
cat > "$ws/profiles/test.yaml" <<'YAML'
stacks:
  one:
    compose_profiles: [testing]
    project_name: one-test
YAML

cd "$ws"
run_sc config --profile dev --services
assert_eq "$RC" 0 "config --profile dev from the workspace root"
assert_eq "$OUT" "app" "the default stack with the dev profile"
run_sc config --profile dev --format json
assert_eq "$(json_get services.app.image <<<"$OUT")" "app:dev" "the profile's env file"
assert_eq "$(json_get name <<<"$OUT")" "one" "project name from the stack directory"
run_sc --profile dev config --format json
assert_eq "$(json_get services.app.image <<<"$OUT")" "app:dev" "--profile before the command"
run_sc config --profile test --format json
assert_eq "$(json_get name <<<"$OUT")" "one-test" "the test profile's project name"
run_sc config --profile test -p mine --format json
assert_eq "$(json_get name <<<"$OUT")" "mine" "-p wins over the profile's project name"
run_sc config --profile dev --profile debug --services
assert_eq "$OUT" $'app\ntool' "a name without a profile file is a plain compose profile"
run_sc config --profile dev --stack two --services
assert_eq "$OUT" $'db\nweb' "--stack after the command, with the stack's files"
STACKCTL_STACK=two run_sc config --services
assert_eq "$OUT" "db" "STACKCTL_STACK, no profile: the stack's own discovery"
COMPOSE_PROFILES=dev run_sc --stack two config --services
assert_eq "$OUT" $'db\nweb' "COMPOSE_PROFILES names stackctl profiles too"
(cd docs && run_sc config --services && assert_eq "$OUT" "" "docs/: the default stack, no profile enabled")
(cd stacks/two && run_sc config --profile dev --services && assert_eq "$OUT" $'db\nweb' "inside a stack: that stack")
(cd own && run_sc config --profile dev --services && assert_eq "$OUT" "mine" "a directory with its own compose file")
run_sc -f own/compose.yaml config --services
assert_eq "$OUT" "mine" "-f: plain compose"

# Byte-equal to the reference with the files the profile stands for.
if [ $have_ref -eq 1 ]; then
  sc config --profile dev --stack two > "$TMP/ours.yaml"
  (cd stacks/two && ref -f compose.yaml -f compose.web.yaml config) > "$TMP/ref.yaml"
  cmp -s "$TMP/ours.yaml" "$TMP/ref.yaml" || { diff "$TMP/ours.yaml" "$TMP/ref.yaml" >&2; fail "stack two, dev"; }
fi

# Positional SERVICE arguments and options after the command together.
run_sc config --profile dev --stack two web --services
assert_eq "$RC" 0 "SERVICE argument after --profile"
run_sc config web --stack two --profile dev --format json
assert_eq "$(json_get services.web.image <<<"$OUT")" "web" "SERVICE argument before the options"

# The profile listing.
run_sc profiles
assert_eq "$RC" 0 "profiles"
assert_eq "$OUT" "NAME   STACKS     DESCRIPTION
dev    one, two   Development
test   one" "profiles table"
run_sc profiles --stack two --format json
assert_eq "$(python3 -c 'import json,sys; d=json.load(sys.stdin); print(d[0]["name"], d[0]["stacks"]["two"]["files"][1])' <<<"$OUT")" \
  "dev $ws/stacks/two/compose.web.yaml" "profiles --format json, filtered by --stack"

# Errors: usage (2), bad files (15), missing files (14).
run_sc config --stack three
assert_eq "$RC" 2 "unknown stack"
assert_eq "$ERR" "stackctl: error: --stack three: no such stack in $ws/stackctl.yaml (stacks: one, two)" "unknown stack message"
run_sc -f own/compose.yaml --stack one config
assert_eq "$RC" 2 "--stack with -f"
assert_eq "$ERR" "stackctl: error: --stack cannot be combined with -f/--file" "--stack with -f message"
cat > profiles/bad.yaml <<'YAML'
stacks:
  one:
    files: [compose.yaml, compose.dev.yaml]
YAML
run_sc config --profile bad
assert_eq "$RC" 14 "a profile naming a missing file"
assert_eq "$ERR" "stackctl: error: $ws/profiles/bad.yaml:3:27: stacks.one.files[1]: compose file $ws/stacks/one/compose.dev.yaml does not exist
    3 |     files: [compose.yaml, compose.dev.yaml]
      |                           ^" "missing file message"
printf 'stacks:\n  one: {directory: stacks/one, env: x}\n' > stackctl.yaml
run_sc config
assert_eq "$RC" 15 "unknown key in the workspace file"
assert_contains "$ERR" "stackctl: error: $ws/stackctl.yaml:2:32: stacks.one: unknown key \"env\" (allowed: directory)"

# --- 2. the repository's workspace on the real stacks ----------------------------------------------
cd "$repo"
# stack profile reference-arguments (run in the stack directory); `testing` has no profile file, so it is
# PagoDirecto's compose profile as such, and nothing for BarberPro (the base file alone).
cases=(
  "pagodirecto development --env-file .env.development --profile development"
  "pagodirecto production --env-file .env.production --profile production"
  "pagodirecto test -p pagodirecto-test --profile testing"
  "pagodirecto testing --profile testing"
  "pagodirecto full --env-file .env.development --profile development"
  "barberpro development -f docker-compose.yml -f docker-compose.dev.yml"
  "barberpro production -f docker-compose.yml -f docker-compose.prod.yml"
  "barberpro test -f docker-compose.test.yml"
  "barberpro testing --profile testing"
  "barberpro mocks -f docker-compose.mocks.yml"
  "barberpro monitoring -f docker-compose.monitoring.yml"
  "barberpro full -f docker-compose.yml -f docker-compose.dev.yml -f docker-compose.mocks.yml -f docker-compose.monitoring.yml"
)
for c in "${cases[@]}"; do
  read -r -a words <<<"$c"
  stack=${words[0]} profile=${words[1]} args=("${words[@]:2}")
  if [ "$stack" = pagodirecto ]; then sel=(); else sel=(--stack "$stack"); fi
  sc config "${sel[@]}" --profile "$profile" > "$TMP/ours.yaml" 2> "$TMP/ours.err" ||
    { cat "$TMP/ours.err" >&2; fail "$stack/$profile: stackctl config failed"; }
  if [ $have_ref -eq 1 ]; then
    (cd "stacks/$stack" && ref "${args[@]}" config) > "$TMP/ref.yaml"
    cmp -s "$TMP/ours.yaml" "$TMP/ref.yaml" ||
      { diff "$TMP/ours.yaml" "$TMP/ref.yaml" | head -20 >&2; fail "$stack/$profile differs from docker compose ${args[*]} config"; }
  fi
done

# Service lists, independent of the reference.
assert_eq "$(sc profiles | awk 'NR > 1 {print $1}' | tr '\n' ' ')" "development full mocks monitoring production test " "the repository's profiles"
assert_eq "$(sc config --profile development --services | sort | tr '\n' ' ')" "adminer backend frontend postgres " "pagodirecto development"
assert_eq "$(sc config --profile production --services | sort | tr '\n' ' ')" "backend frontend nginx postgres " "pagodirecto production"
assert_eq "$(sc config --profile test --services | sort | tr '\n' ' ')" "backend-test postgres-test " "pagodirecto test"
assert_eq "$(sc config --profile test --format json | json_get name)" "pagodirecto-test" "pagodirecto test project"
assert_eq "$(sc config --profile testing --format json | json_get name)" "pagodirecto" "pagodirecto testing: the compose profile"
assert_eq "$(sc --stack barberpro config --profile test --services | sort | tr '\n' ' ')" "postgres-test redis-test " "barberpro test"
assert_eq "$(sc --stack barberpro config --profile full --services | wc -l)" 17 "barberpro full: 15 services + 2 exporters"
assert_eq "$(sc --stack barberpro config --profile development --profile mocks --services | wc -l)" 11 "barberpro development + mocks (make up)"
# Production refuses to load without its secrets, with the env file's message.
set +e
err=$("${clean[@]}" "$STACKCTL" config --profile production 2>&1 >/dev/null); rc=$?
set -e
assert_eq "$rc" 15 "pagodirecto production without secrets"
assert_contains "$err" "POSTGRES_PASSWORD must be set for production"
