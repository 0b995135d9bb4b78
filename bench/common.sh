# Shared by the benchmark scripts: finds the binaries and turns hyperfine's JSON into a report line.
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
STACKCTL=${STACKCTL:-$ROOT/build/release/src/stackctl}

ensure_tools() {
  command -v hyperfine >/dev/null || { apt-get install -y -qq hyperfine >/dev/null; }
  if ! docker compose version >/dev/null 2>&1; then
    local tool="$ROOT/../shared/tools/get-compose-reference"
    [ -x "$tool" ] || { echo "bench: the reference is missing and $tool is not there" >&2; exit 1; }
    "$tool" >/dev/null
  fi
  if [ ! -x "$STACKCTL" ]; then "$ROOT/scripts/build" release >/dev/null; fi
}

# report NAME JSON: prints the medians of the two commands of a hyperfine export and their ratio,
# and appends a row to results.md.
report() {
  local name=$1 json=$2
  python3 - "$name" "$json" "$BENCH_DIR/results.md" <<'PY'
import json, sys, datetime, platform, os
name, path, results = sys.argv[1], sys.argv[2], sys.argv[3]
r = json.load(open(path))["results"]
ours, ref = r[0], r[1]
ratio = ours["median"] / ref["median"]
line = (f"| {datetime.date.today()} | {name} | {ours['median']*1000:.2f} ms | {ref['median']*1000:.2f} ms "
        f"| {ratio:.3f}x | {os.cpu_count()} cores |")
print(f"{name}: stackctl median {ours['median']*1000:.2f} ms, reference median {ref['median']*1000:.2f} ms, "
      f"ratio {ratio:.3f}x")
new = not os.path.exists(results)
with open(results, "a") as f:
    if new:
        f.write("| date | benchmark | stackctl (median) | reference (median) | ratio | machine |\n")
        f.write("|---|---|---|---|---|---|\n")
    f.write(line + "\n")
PY
}
