#!/usr/bin/env bash
# Starts PagoDirecto in one environment and waits until every service is healthy.
#   usage: scripts/start.sh [development|production|testing]      (default: development)
#   COMPOSE="stackctl" scripts/start.sh    uses another Compose implementation
# Uses .env when present, else .env.<environment> (testing: the compose file's defaults).
set -euo pipefail
cd "$(dirname "$0")/.."
environment=${1:-development}
case $environment in development|production|testing) ;; *) echo "usage: $0 [development|production|testing]" >&2; exit 2 ;; esac
read -r -a compose <<<"${COMPOSE:-docker compose}"
args=()
if [ ! -f .env ] && [ -f ".env.$environment" ]; then args+=(--env-file ".env.$environment"); fi
"${compose[@]}" "${args[@]}" --profile "$environment" up -d --wait
"${compose[@]}" "${args[@]}" --profile "$environment" ps
