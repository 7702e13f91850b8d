#!/usr/bin/env bash
# Installs what the report server's tests need (SQLite and libexif headers, GEOS and PROJ for
# RoadGeo, ExifTool as the photo tests' oracle) and runs the endpoint tests, then the abuse check
# (scripts/abuse-check.sh: a live server on loopback, about a minute) and the kill -9 durability
# check (scripts/durability-check.sh, about 30 s). The browser check
# (scripts/browser-check.sh) and load check (scripts/load-check.sh) are separate.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
for pkg in libsqlite3-dev libexif-dev libimage-exiftool-perl libgeos-dev libproj-dev proj-data curl; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
fi
swift test
bash scripts/abuse-check.sh
bash scripts/durability-check.sh
