#!/usr/bin/env bash
# Copies gonggu's third-party front-end files from npm into internal/web/static/vendor/, where
# the Go build embeds them. Run it before `go build` when the pages should have htmx and
# ECharts; without them the pages still work (no live search, tables instead of charts).
# The versions are pinned in package.json and package-lock.json; nothing it fetches is committed.
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -d node_modules/htmx.org ] || [ ! -d node_modules/echarts ] || [ package-lock.json -nt node_modules ]; then
  npm ci --no-audit --no-fund >/dev/null
fi
out=../internal/web/static/vendor
mkdir -p "$out"
cp node_modules/htmx.org/dist/htmx.min.js "$out/htmx.min.js"
cp node_modules/echarts/dist/echarts.min.js "$out/echarts.min.js"
cp node_modules/htmx.org/LICENSE "$out/htmx.LICENSE.txt"
cp node_modules/echarts/LICENSE "$out/echarts.LICENSE.txt"
echo "web/build.sh: htmx and ECharts copied to internal/web/static/vendor/" >&2
