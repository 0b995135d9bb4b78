#!/bin/sh
# Runtime configuration for the SPA (a static build cannot read the container's environment).
set -e
api=$(printf '%s' "${VITE_API_URL:-/api}" | sed 's/[\\"]/\\&/g')
printf 'window.__PAGODIRECTO__ = { apiUrl: "%s", environment: "%s" };\n' "$api" "${NODE_ENV:-production}" >/usr/share/nginx/html/env.js
