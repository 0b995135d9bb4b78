#!/usr/bin/env bash
# `stackctl version` reads the engine over the socket: its answer must match the engine's own /version.
. "$(dirname "$0")/../lib.sh"

engine_json=$(engine_curl GET /version)
engine_api=$(json_get ApiVersion <<<"$engine_json")
engine_version=$(json_get Version <<<"$engine_json")

run_sc version --format json
assert_eq "$RC" 0 "exit status of stackctl version"
assert_eq "$(json_get engine.api_version <<<"$OUT")" "$engine_api" "engine API version"
assert_eq "$(json_get engine.version <<<"$OUT")" "$engine_version" "engine version"
assert_eq "$(json_get client.api_version <<<"$OUT")" "$engine_api" "negotiated API version (engine is within 1.41..1.45)"

run_sc version
assert_eq "$RC" 0 "exit status of stackctl version (text)"
assert_contains "$OUT" "Version:      $engine_version"

run_sc --version
assert_eq "$RC" 0 "exit status of stackctl --version"
assert_contains "$OUT" "stackctl version "
