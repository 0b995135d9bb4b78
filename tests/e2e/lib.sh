# Shared helpers for end-to-end tests. Source it from a case's test.sh:
#   . "$(dirname "$0")/../lib.sh"
# Every case gets its own project name and a cleanup trap that runs even when an assertion fails.
set -euo pipefail

: "${STACKCTL:?STACKCTL must point at the stackctl binary (ctest sets it)}"
TEST_IMAGE=stackctl-test/busybox:latest
CASE=$(basename "$(cd "$(dirname "${BASH_SOURCE[1]}")" && pwd)")
PROJECT="stackctl-e2e-${CASE//_/-}-$$"
TMP=$(mktemp -d)
_cleanups=()

# engine_curl METHOD PATH [curl args...]: a raw Engine API call, independent of stackctl's own client.
engine_curl() {
  local method=$1 path=$2; shift 2
  local host=${DOCKER_HOST:-unix:///var/run/docker.sock}
  case $host in
    unix://*) curl -sS --unix-socket "${host#unix://}" -X "$method" "http://localhost$path" "$@" ;;
    tcp://*) curl -sS -X "$method" "http://${host#tcp://}$path" "$@" ;;
    *) echo "lib.sh: unsupported DOCKER_HOST $host" >&2; return 1 ;;
  esac
}

# project_filter [STATUS]: the engine's URL-encoded `filters` for this case's project label (and a status).
project_filter() {
  python3 -c 'import json,sys,urllib.parse
f={"label":["com.docker.compose.project="+sys.argv[1]]}
if len(sys.argv) > 2 and sys.argv[2]: f["status"]=[sys.argv[2]]
print(urllib.parse.quote(json.dumps(f)))' "$PROJECT" "${1:-}"
}

# labelled containers|networks|volumes: the names of the engine's resources carrying the project's label.
labelled() {
  local filter
  filter=$(project_filter)
  case $1 in
    containers) engine_curl GET "/containers/json?all=1&filters=$filter" | python3 -c 'import json,sys; print(" ".join(sorted(c["Names"][0][1:] for c in json.load(sys.stdin))))' ;;
    networks) engine_curl GET "/networks?filters=$filter" | python3 -c 'import json,sys; print(" ".join(sorted(n["Name"] for n in json.load(sys.stdin))))' ;;
    volumes) engine_curl GET "/volumes?filters=$filter" | python3 -c 'import json,sys; print(" ".join(sorted(v["Name"] for v in json.load(sys.stdin)["Volumes"] or [])))' ;;
  esac
}

# on_exit CMD...: registers a cleanup step; steps run in reverse order at exit, success or not.
on_exit() { _cleanups+=("$*"); }
_run_cleanups() {
  local rc=$? i
  for ((i=${#_cleanups[@]}-1; i>=0; i--)); do eval "${_cleanups[i]}" >/dev/null 2>&1 || true; done
  rm -rf "$TMP"
  if [ $rc -eq 0 ]; then echo "PASS $CASE"; else echo "FAIL $CASE (exit $rc)"; fi
  exit $rc
}
trap _run_cleanups EXIT

fail() { echo "assertion failed: $*" >&2; exit 1; }

# assert_eq ACTUAL EXPECTED [WHAT]
assert_eq() { [ "$1" == "$2" ] || fail "${3:-value}: expected '$2', got '$1'"; }

# assert_contains HAYSTACK NEEDLE [WHAT]
assert_contains() { [[ "$1" == *"$2"* ]] || fail "${3:-output} does not contain '$2': $1"; }

# run_sc ARGS...: runs stackctl, capturing stdout in $OUT, stderr in $ERR and the exit status in $RC.
run_sc() {
  set +e
  "$STACKCTL" "$@" >"$TMP/out" 2>"$TMP/err"
  RC=$?
  set -e
  OUT=$(cat "$TMP/out"); ERR=$(cat "$TMP/err")
}

json_get() { python3 -c 'import json,sys; d=json.load(sys.stdin)
for k in sys.argv[1].split("."): d=d[k]
print(d)' "$1"; }
