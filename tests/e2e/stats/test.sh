#!/usr/bin/env bash
# stats: one sample of each running container of the project, in the layout of `docker stats`; values are
# present and plausible (no timing assumptions). Piped output without --no-stream prints one sample too.
. "$(dirname "$0")/../lib.sh"

cat >"$TMP/compose.yaml" <<'YAML'
services:
  web:
    image: stackctl-test/busybox:latest
    command: ["sleep", "1000"]
    stop_signal: SIGKILL
    mem_limit: 64m
  worker:
    image: stackctl-test/busybox:latest
    command: ["sh", "-c", "sleep 1000 & sleep 1000"]
    stop_signal: SIGKILL
  stopped:
    image: stackctl-test/busybox:latest
    command: ["true"]
YAML
sc() { run_sc -p "$PROJECT" -f "$TMP/compose.yaml" "$@"; }
on_exit docker compose -p "$PROJECT" -f "$TMP/compose.yaml" down -v --remove-orphans -t 0

docker compose -p "$PROJECT" -f "$TMP/compose.yaml" up -d >/dev/null 2>&1
for _ in $(seq 1 50); do
  s=$(engine_curl GET "/containers/$PROJECT-stopped-1/json" | json_get State.Status)
  [ "$s" = exited ] && break
  sleep 0.2
done

sc stats --no-stream
assert_eq "$RC" 0 "stats: $ERR"
HEAD=$(echo "$OUT" | head -n1)
assert_eq "$(echo "$HEAD" | tr -s ' ')" "CONTAINER ID NAME CPU % MEM USAGE / LIMIT MEM % NET I/O BLOCK I/O PIDS" "header"
assert_eq "$(echo "$OUT" | tail -n +2 | awk '{print $2}' | sort | tr '\n' ' ')" "$PROJECT-web-1 $PROJECT-worker-1 " "rows"
WEB=$(echo "$OUT" | grep " $PROJECT-web-1 ")
assert_contains "$WEB" "/ 64MiB"

sc stats --no-stream --format json
assert_eq "$RC" 0 "stats json: $ERR"
echo "$OUT" | python3 -c '
import json, re, sys
rows = {}
for line in sys.stdin.read().splitlines():
    d = json.loads(line)
    assert sorted(d) == ["BlockIO", "CPUPerc", "Container", "ID", "MemPerc", "MemUsage", "Name", "NetIO", "PIDs"], d
    rows[d["Name"]] = d
p = sys.argv[1]
assert sorted(rows) == [p + "-web-1", p + "-worker-1"], rows
for name, d in rows.items():
    assert re.fullmatch(r"\d+\.\d\d%", d["CPUPerc"]), d
    assert re.fullmatch(r"\d+\.\d\d%", d["MemPerc"]), d
    assert re.fullmatch(r"[\d.]+[KMG]?i?B / [\d.]+[KMGT]?i?B", d["MemUsage"]), d
    assert re.fullmatch(r"[\d.e+]+[kMGT]?B / [\d.e+]+[kMGT]?B", d["NetIO"]), d
    assert re.fullmatch(r"[\d.e+]+[kMGT]?B / [\d.e+]+[kMGT]?B", d["BlockIO"]), d
    assert d["ID"] == d["Container"] and len(d["ID"]) == 12, d
    assert d["MemUsage"] != "0B / 0B", d
web, worker = rows[p + "-web-1"], rows[p + "-worker-1"]
assert web["MemUsage"].endswith(" / 64MiB"), web
assert float(web["MemPerc"][:-1]) > 0, web
assert web["PIDs"] == "1", web
assert int(worker["PIDs"]) >= 2, worker
' "$PROJECT" || fail "stats json: $OUT"

# SERVICE arguments; piped output without --no-stream: one sample, then exit.
sc stats web
assert_eq "$RC" 0 "stats web: $ERR"
assert_eq "$(echo "$OUT" | wc -l | tr -d ' ')" "2" "one header and one row"
assert_contains "$OUT" "$PROJECT-web-1"

sc stats --format yaml
assert_eq "$RC" 2 "bad format"
sc stats nosuch
assert_eq "$RC" 5 "unknown service"
