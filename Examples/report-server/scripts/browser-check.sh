#!/usr/bin/env bash
# Starts the server on a fresh database with a moderator, drives headless Chromium (chromedriver, W3C
# WebDriver over HTTP from a stdlib-only Python script) on a 390x844 phone viewport: a citizen
# reports a defect and a duplicate, a lost submission is retried, the language is switched, and a
# moderator logs in on the page and marks a repair section repaired (scripts/browser_check.py).
# Screenshots: Examples/report-server/screenshots/phone-*.png (committed).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromedriver >/dev/null || ! command -v chromium >/dev/null || [ ! -f /usr/share/javascript/leaflet/leaflet.js ] \
   || ! dpkg -s libexif-dev >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq chromium chromium-driver libjs-leaflet libsqlite3-dev libexif-dev >/dev/null
fi
swift build --product report-server >/dev/null
PORT=${PORT:-18080}; DRIVER_PORT=${DRIVER_PORT:-19515}
WORK=$(mktemp -d)
PASSWORD="browser-check $(date +%s)"
printf '%s\n' "$PASSWORD" | .build/debug/report-server moderator add inspector --db "$WORK/reports.sqlite"
.build/debug/report-server --db "$WORK/reports.sqlite" --port "$PORT" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
chromedriver --port="$DRIVER_PORT" >"$WORK/driver.log" 2>&1 &
DRIVER_PID=$!
trap 'kill $SERVER_PID $DRIVER_PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$PORT/status" >/dev/null && curl -sf "http://127.0.0.1:$DRIVER_PORT/status" >/dev/null && break
  sleep 0.2
done
mkdir -p screenshots
python3 scripts/browser_check.py "http://127.0.0.1:$PORT" "http://127.0.0.1:$DRIVER_PORT" screenshots inspector "$PASSWORD"
