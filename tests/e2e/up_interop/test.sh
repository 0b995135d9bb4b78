#!/usr/bin/env bash
# Interoperability with the reference: after `stackctl up`, `docker compose up -d` recreates nothing and
# `docker compose ps` lists stackctl's containers; and the reverse.
. "$(dirname "$0")/../lib.sh"
docker compose version >/dev/null 2>&1 || { echo "SKIP: the reference is not installed"; exit 0; }

cd "$TMP"
cat > compose.yaml <<YAML
services:
  web:
    image: $TEST_IMAGE
    command: ["httpd", "-f", "-p", "8080"]
    ports: ["127.0.0.1::8080"]
    environment: {A: "1"}
    healthcheck: {test: ["CMD", "true"], interval: 1s}
    stop_grace_period: 1s
    networks: {default: {aliases: [www]}, back: {}}
    volumes: [data:/data, ./conf:/conf:ro]
  worker:
    image: $TEST_IMAGE
    command: ["sleep", "3600"]
    init: true
    stop_grace_period: 1s
    depends_on: {web: {condition: service_healthy}}
    deploy: {resources: {limits: {memory: 64M, cpus: "0.5"}}}
networks:
  back: {}
volumes:
  data: {}
YAML
mkdir -p conf
on_exit "docker compose -p $PROJECT down -v -t 0"
on_exit "'$STACKCTL' -p $PROJECT down -v -t 0"

ids() { docker ps -a --filter "label=com.docker.compose.project=$PROJECT" --format '{{.Names}}={{.ID}}' | sort | tr '\n' ' '; }

run_sc -p "$PROJECT" up -d --wait
assert_eq "$RC" 0 "stackctl up ($ERR)"
before=$(ids)
ps=$(docker compose -p "$PROJECT" ps --format '{{.Name}}' | sort | tr '\n' ' ')
assert_eq "$ps" "$PROJECT-web-1 $PROJECT-worker-1 " "docker compose ps"
docker compose -p "$PROJECT" up -d >/dev/null 2>&1
assert_eq "$(ids)" "$before" "ids after the reference's up"
docker compose -p "$PROJECT" down -t 0 >/dev/null 2>&1

docker compose -p "$PROJECT" up -d --wait >/dev/null 2>&1
before=$(ids)
run_sc -p "$PROJECT" up -d --dry-run
assert_contains "$OUT" "container $PROJECT-web-1: keep (running)" "plan after the reference's up"
run_sc -p "$PROJECT" up -d
assert_eq "$RC" 0 "stackctl up after the reference ($ERR)"
assert_eq "$(ids)" "$before" "ids after stackctl's up"
run_sc -p "$PROJECT" down -v -t 0
assert_eq "$RC" 0 "stackctl down of the reference's project"
assert_eq "$(ids)" "" "containers left"
