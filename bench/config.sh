#!/usr/bin/env bash
# Loader speed: `config` on generated files of 1,000 and 5,000 services, stackctl against the reference,
# side by side. The reference needs minutes for 5,000 services, so it runs once there (--runs 1);
# pass --quick to skip the 5,000-service reference run and report stackctl alone for it.
. "$(dirname "$0")/common.sh"
ensure_tools
quick=0; [ "${1:-}" = "--quick" ] && quick=1
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
for n in 1000 5000; do
  python3 "$BENCH_DIR/gen_compose.py" "$n" "$work/$n"
  out="$work/$n.json"
  if [ "$n" = 5000 ] && [ $quick = 1 ]; then
    hyperfine -N --warmup 1 --runs 5 --export-json "$out" -n stackctl \
      "$STACKCTL -f $work/$n/compose.yaml config --format json" >/dev/null
    python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results'][0]; print(f'config {sys.argv[2]} services: stackctl median {r[\"median\"]*1000:.1f} ms (reference skipped)')" "$out" "$n"
    continue
  fi
  runs=5; [ "$n" = 5000 ] && runs=1
  hyperfine -N --warmup 1 --runs "$runs" --export-json "$out" \
    -n stackctl "$STACKCTL -f $work/$n/compose.yaml config --format json" \
    -n "docker compose" "docker compose -f $work/$n/compose.yaml config --format json" >/dev/null
  report "config ($n services)" "$out"
done
