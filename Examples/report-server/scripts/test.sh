#!/usr/bin/env bash
# Installs what the report server's endpoint tests need (SQLite headers, GEOS and PROJ for RoadGeo)
# and runs them. The browser check (scripts/browser-check.sh) and load check (scripts/load-check.sh)
# are separate.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
for pkg in libsqlite3-dev libgeos-dev libproj-dev proj-data; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
fi
swift test
