#!/usr/bin/env bash
# `up` against the real engine, stackctl and the reference side by side in one run:
#   up-30       `up -d` of 30 independent services from nothing
#   noop-30     `up -d` again on those 30 (nothing to do)
#   chain-10    `up -d` of a 10-deep chain s1 <- s2 <- ... <- s10, each waiting for its dependency to be
#               healthy (healthcheck ["CMD","true"], interval 1s), until the command returns
#   noop-chain  `up -d` again on the healthy chain
#   floor       the engine's own time for what up-30 asks, without any compose tool: the network created, then
#               30 create+start pipelines issued at once with curl (each repetition; not a target, the yardstick)
# Each repetition runs both tools, alternating which goes first; `down` between repetitions is not timed.
# Usage: bench/up.sh [--quick] [REPS]   (REPS defaults to 3, --quick to 1)
# Needs the engine and stackctl-test/busybox:latest (tests/e2e/make-test-image.sh creates it, no registry).
if [ -z "${STACKCTL:-}" ]; then
  root=$(cd "$(dirname "$0")/.." && pwd)
  if [ ! -x "$root/build/release/src/stackctl" ] && [ -x "$root/build/dev/src/stackctl" ]; then
    STACKCTL=$root/build/dev/src/stackctl
  fi
fi
. "$(dirname "$0")/common.sh"
ensure_tools
reps=3
for a in "$@"; do
  case $a in
    --quick) reps=1 ;;
    [0-9]*) reps=$a ;;
    *) echo "usage: bench/up.sh [--quick] [REPS]" >&2; exit 2 ;;
  esac
done
bash "$ROOT/tests/e2e/make-test-image.sh" >/dev/null
NOOP_RUNS=5   # no-op runs per repetition (they are short)

work=$(mktemp -d)
tag="scbench$$"
projects=()
engine() { curl -sS --unix-socket /var/run/docker.sock "$@"; }
floor_net="$tag-floor_default"
floor_clean() {
  for i in $(seq 1 30); do echo "$tag-floor-svc$i-1"; done |
    xargs -P 8 -I{} curl -s --unix-socket /var/run/docker.sock -X DELETE "http://localhost/v1.41/containers/{}?force=1" >/dev/null
  engine -X DELETE "http://localhost/v1.41/networks/$floor_net" >/dev/null 2>&1 || true
}
# floor_up30: what `up -d` of the 30 asks of the engine, straight from curl: a network, then for each service
# a create (attached to the network with its alias) and a start, all 30 at once
floor_up30() {
  engine -X POST -H 'Content-Type: application/json' -d "{\"Name\":\"$floor_net\"}" \
    http://localhost/v1.41/networks/create >/dev/null
  seq 1 30 | xargs -P 30 -I{} sh -c "curl -sSf --unix-socket /var/run/docker.sock -X POST -H 'Content-Type: application/json' \
    -d '{\"Image\":\"stackctl-test/busybox:latest\",\"Cmd\":[\"sleep\",\"3600\"],\"StopTimeout\":1,\"HostConfig\":{\"NetworkMode\":\"$floor_net\"},\"NetworkingConfig\":{\"EndpointsConfig\":{\"$floor_net\":{\"Aliases\":[\"svc{}\"]}}}}' \
    'http://localhost/v1.41/containers/create?name=$tag-floor-svc{}-1' >/dev/null &&
    curl -sSf --unix-socket /var/run/docker.sock -X POST 'http://localhost/v1.41/containers/$tag-floor-svc{}-1/start' >/dev/null"
}
cleanup() {
  floor_clean
  for p in "${projects[@]}"; do
    for _ in 1 2 3; do
      docker compose -p "$p" -f "$work/$(proj_dir "$p")/compose.yaml" down -t 0 --remove-orphans >/dev/null 2>&1 && break
      sleep 1
    done
  done
  rm -rf "$work"
}
proj_dir() { case $1 in *up30*) echo up30 ;; *) echo chain ;; esac; }
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$work/up30" "$work/chain"
{
  echo "services:"
  for i in $(seq 1 30); do
    cat <<EOF
  svc$i:
    image: stackctl-test/busybox:latest
    command: ["sleep", "3600"]
    stop_grace_period: 1s
EOF
  done
} >"$work/up30/compose.yaml"
{
  echo "services:"
  for i in $(seq 1 10); do
    cat <<EOF
  s$i:
    image: stackctl-test/busybox:latest
    command: ["sleep", "3600"]
    stop_grace_period: 1s
    healthcheck: {test: ["CMD", "true"], interval: 1s, timeout: 5s, retries: 3}
EOF
    if [ "$i" -gt 1 ]; then
      echo "    depends_on: {s$((i - 1)): {condition: service_healthy}}"
    fi
  done
} >"$work/chain/compose.yaml"

# tool_cmd TOOL PROJECT DIR: the command prefix of a tool for one project
tool_cmd() {
  case $1 in
    stackctl) echo "$STACKCTL --progress quiet -p $2 -f $work/$3/compose.yaml" ;;
    reference) echo "docker compose --progress quiet -p $2 -f $work/$3/compose.yaml" ;;
  esac
}
for t in stackctl reference; do
  projects+=("$tag-up30-$t" "$tag-chain-$t")
done

# timed CMD...: runs a command and sets $elapsed to the seconds it took; the benchmark stops when it fails
timed() {
  local t0 t1
  t0=$(date +%s.%N)
  "$@" >/dev/null 2>"$work/err" || { echo "bench: failed: $*" >&2; cat "$work/err" >&2; exit 1; }
  t1=$(date +%s.%N)
  elapsed=$(echo "$t1 - $t0" | bc -l)
}
# down_timed CMD...: `down -t 0`, tried again (up to 3 times) when the engine still holds a removed
# container's network endpoint ("has active endpoints", seen with both tools under load); $elapsed is the total
down_timed() {
  local t0 t1 try
  t0=$(date +%s.%N)
  for try in 1 2 3; do
    "$@" down -t 0 >/dev/null 2>"$work/err" && break
    [ $try = 3 ] && { echo "bench: failed: $* down" >&2; cat "$work/err" >&2; exit 1; }
    sleep 1
  done
  t1=$(date +%s.%N)
  elapsed=$(echo "$t1 - $t0" | bc -l)
}

results="$work/times"
: >"$results"
record() { echo "$1 $2 $3" >>"$results"; }   # scenario tool seconds

for rep in $(seq 1 "$reps"); do
  if [ $((rep % 2)) = 1 ]; then order="stackctl reference"; else order="reference stackctl"; fi
  for t in $order; do
    p30="$tag-up30-$t"; pch="$tag-chain-$t"
    read -r -a c30 <<<"$(tool_cmd "$t" "$p30" up30)"
    read -r -a cch <<<"$(tool_cmd "$t" "$pch" chain)"
    timed "${c30[@]}" up -d; record up-30 "$t" "$elapsed"
    for _ in $(seq 1 $NOOP_RUNS); do timed "${c30[@]}" up -d; record noop-30 "$t" "$elapsed"; done
    timed "${cch[@]}" up -d; record chain-10 "$t" "$elapsed"
    for _ in $(seq 1 $NOOP_RUNS); do timed "${cch[@]}" up -d; record noop-chain "$t" "$elapsed"; done
    down_timed "${c30[@]}"; record down-30 "$t" "$elapsed"
    down_timed "${cch[@]}"; record down-chain "$t" "$elapsed"
  done
  timed floor_up30; record up-30 floor "$elapsed"
  floor_clean
  echo "repetition $rep/$reps done" >&2
done

python3 - "$results" "$BENCH_DIR/results.md" "$reps" "$STACKCTL" <<'PY'
import sys, statistics, datetime, os
path, out, reps, binary = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
times = {}
for line in open(path):
    scen, tool, sec = line.split()
    times.setdefault(scen, {}).setdefault(tool, []).append(float(sec))
targets = {"up-30": "≤ 0.85x", "noop-30": "≤ 50 ms", "chain-10": "≤ 0.8x", "noop-chain": "≤ 50 ms",
           "down-30": "", "down-chain": ""}
what = {"up-30": "`up -d` 30 independent services from nothing",
        "noop-30": "`up -d` on the 30, nothing to do",
        "chain-10": "`up -d` 10-deep `service_healthy` chain (interval 1s)",
        "noop-chain": "`up -d` on the healthy chain, nothing to do",
        "down-30": "`down -t 0` of the 30 (not a target)",
        "down-chain": "`down -t 0` of the chain (not a target)"}
def fmt(s): return f"{s*1000:.0f} ms" if s < 1 else f"{s:.2f} s"
rows = []
for scen in ["up-30", "noop-30", "chain-10", "noop-chain", "down-30", "down-chain"]:
    if scen not in times: continue
    ours = statistics.median(times[scen]["stackctl"]); ref = statistics.median(times[scen]["reference"])
    rows.append(f"| {what[scen]} | {fmt(ours)} | {fmt(ref)} | {ours/ref:.2f}x | {targets[scen]} |")
    print(f"{scen:11s} stackctl {fmt(ours):>9s}  reference {fmt(ref):>9s}  ratio {ours/ref:.2f}x  {targets[scen]}")
build = "release" if "/release/" in binary else ("dev (debug)" if "/dev/" in binary else binary)
with open(out, "a") as f:
    f.write(f"\n### up ({datetime.date.today()}, bench/up.sh, {reps} repetitions, medians; no-op medians over "
            f"{int(reps)*5} runs; stackctl {build} build; {os.cpu_count()} shared cores, noisy)\n\n")
    f.write("| scenario | stackctl | reference | ratio | target |\n|---|---|---|---|---|\n")
    for r in rows: f.write(r + "\n")
    if "floor" in times.get("up-30", {}):
        fl = statistics.median(times["up-30"]["floor"])
        ours = statistics.median(times["up-30"]["stackctl"]); ref = statistics.median(times["up-30"]["reference"])
        line = (f"Engine floor of up-30 (network + 30 create+start at once with curl, no compose tool): {fmt(fl)}; "
                f"stackctl {ours/fl:.2f}x of it, the reference {ref/fl:.2f}x; 0.85x the reference is {fmt(0.85*ref)}.")
        print(line)
        f.write("\n" + line + "\n")
    # every repetition's up-30, so a median can be read against its spread
    runs = "; ".join(f"{tool} " + ", ".join(f"{v:.2f}" for v in times["up-30"][tool])
                     for tool in ("stackctl", "reference", "floor") if tool in times.get("up-30", {}))
    if runs:
        print(f"up-30 runs (s, in order): {runs}")
        f.write(f"\nup-30 runs (s, in order): {runs}.\n")
PY
