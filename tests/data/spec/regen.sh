#!/bin/sh
# Regenerates the reference outputs of the encode golden cases with the reference binary
# (Docker Compose v2.26.1). Each case: input.yaml, args (extra `docker compose` arguments, optional).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
for dir in "$here"/*/; do
    case_name=$(basename "$dir")
    work=$(mktemp -d)
    cp "$dir/input.yaml" "$work/compose.yaml"
    args=$(cat "$dir/args" 2>/dev/null || true)
    # shellcheck disable=SC2086
    (cd "$work" && env -i PATH="$PATH" HOME=/nonexistent-home docker compose $args config --format json) > "$dir/expected.json"
    # shellcheck disable=SC2086
    (cd "$work" && env -i PATH="$PATH" HOME=/nonexistent-home docker compose $args config) > "$dir/expected.yaml"
    rm -rf "$work"
    echo "regenerated $case_name"
done
