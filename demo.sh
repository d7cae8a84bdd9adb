#!/usr/bin/env bash
# Runs the demo with the full web front end: copies htmx and ECharts from npm (web/build.sh),
# then `gonggu demo`, which generates the demo area if needed, screens it and serves it.
# Without npm the demo still runs; the pages then show tables without charts.
set -euo pipefail
cd "$(dirname "$0")"
if command -v npm >/dev/null 2>&1; then
  web/build.sh
else
  echo "demo.sh: npm not found; serving the pages without htmx and ECharts" >&2
fi
exec go run ./cmd/gonggu demo "$@"
