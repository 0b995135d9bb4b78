#!/usr/bin/env bash
# Start-up cost: `stackctl --version` against the reference's `docker compose version`.
. "$(dirname "$0")/common.sh"
ensure_tools
out=$(mktemp)
hyperfine -N --warmup 5 --runs 60 --export-json "$out" \
  -n stackctl "$STACKCTL --version" \
  -n "docker compose" "docker compose version" >/dev/null
report "startup (--version)" "$out"
rm -f "$out"
