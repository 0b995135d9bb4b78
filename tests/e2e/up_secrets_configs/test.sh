#!/usr/bin/env bash
# Secrets and configs from a file (read-only bind), an environment variable and inline content (copied in after
# create, before start, with the long syntax's uid/gid/mode), compared with what the reference gives the same
# file; a recreated container gets them again; a missing variable is an error that creates nothing.
. "$(dirname "$0")/../lib.sh"

cd "$TMP"
printf 'file-secret\n' > secret.txt
printf 'file-config\n' > config.txt
cat > compose.yaml <<YAML
services:
  app:
    image: $TEST_IMAGE
    command: ["sleep", "3600"]
    stop_grace_period: 1s
    environment: {MODE: "\${MODE:-a}"}
    secrets:
      - fsec
      - source: esec
        target: custom_esec
        uid: "1000"
        gid: "1001"
        mode: 0400
    configs:
      - fcfg
      - source: ccfg
        target: /etc/ccfg.conf
        mode: 0640
      - source: ecfg
        uid: "123"
secrets:
  fsec: {file: ./secret.txt}
  esec: {environment: SEC_VAR}
configs:
  fcfg: {file: ./config.txt}
  ccfg:
    content: |
      hello \$\${X} from content
  ecfg: {environment: CFG_VAR}
YAML

REF="$PROJECT-ref"
on_exit "'$STACKCTL' -p $PROJECT down -t 0"
on_exit "docker compose -p $REF down -t 0"
export SEC_VAR=secret-from-env CFG_VAR=config-from-env

files="/run/secrets/fsec /run/secrets/custom_esec /fcfg /etc/ccfg.conf /ecfg"
show() { # show CONTAINER: path, mode, uid, gid and content of every file
  local f
  for f in $files; do
    "$STACKCTL" -p "$1" exec -T app stat -c '%n %a %u %g' "$f"
    "$STACKCTL" -p "$1" exec -T app cat "$f"; echo
  done
}

run_sc -p "$PROJECT" up -d
assert_eq "$RC" 0 "up ($ERR)"
ours=$(show "$PROJECT")
expected="/run/secrets/fsec 644 0 0
file-secret

/run/secrets/custom_esec 400 1000 1001
secret-from-env
/fcfg 644 0 0
file-config

/etc/ccfg.conf 640 0 0
hello \${X} from content

/ecfg 444 123 0
config-from-env"
assert_eq "$ours" "$expected" "files in the container"

if docker compose version >/dev/null 2>&1; then
  docker compose -p "$REF" up -d >/dev/null 2>&1 || fail "the reference's up failed"
  assert_eq "$(show "$REF")" "$ours" "files as the reference gives them"
fi

# a recreated container gets them again (with the new value)
MODE=b SEC_VAR=changed run_sc -p "$PROJECT" up -d
assert_eq "$RC" 0 "up after a change ($ERR)"
assert_eq "$("$STACKCTL" -p "$PROJECT" exec -T app cat /run/secrets/custom_esec)" "changed" "secret after recreate"
# a restarted container keeps them
run_sc -p "$PROJECT" down -t 0
unset SEC_VAR
# a variable that is not set: an error naming it, nothing created
run_sc -p "$PROJECT" up -d
[ "$RC" -ne 0 ] || fail "up without SEC_VAR succeeded"
assert_contains "$ERR" 'environment variable "SEC_VAR" required by secret' "error"
count=$(engine_curl GET "/containers/json?all=1" | python3 -c 'import json,sys; print(sum(1 for c in json.load(sys.stdin) if c["Labels"].get("com.docker.compose.project")==sys.argv[1]))' "$PROJECT")
assert_eq "$count" 0 "containers after the failed up"
