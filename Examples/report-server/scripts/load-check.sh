#!/usr/bin/env bash
# Load check on loopback with wrk (release build): start-up with 100k stored reports, then
# requests/s and latency percentiles of the tile and report endpoints, on an empty database and on
# one holding 100k reports. Each wrk run is bounded (DURATION seconds, default 10).
set -euo pipefail
cd "$(dirname "$0")/.."
{ command -v wrk >/dev/null && dpkg -s libexif-dev >/dev/null 2>&1; } || { apt-get update -qq && apt-get install -y -qq wrk libexif-dev >/dev/null; }
swift build -c release --product report-server >/dev/null
BIN=.build/release/report-server
PORT=${PORT:-18081}; DURATION=${DURATION:-10}; REPORTS=${REPORTS:-100000}
WORK=$(mktemp -d); export WRK_INPUTS=$WORK
SERVER_PID=""
trap '[ -n "$SERVER_PID" ] && kill $SERVER_PID 2>/dev/null; rm -rf "$WORK"' EXIT
python3 scripts/make_wrk_inputs.py ../../data/moscow_roads.geojson "$WORK"

serve() {   # serve DB: starts the server and waits until it answers
  # Limits off (0): the figures measure the engine, not the token buckets.
  "$BIN" --db "$1" --port "$PORT" --reports-per-minute 0 --votes-per-minute 0 --citizens-per-hour 0 >"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$PORT/status" >/dev/null && break; sleep 0.1; done
  grep "reports.sqlite\|big.sqlite\|empty.sqlite" "$WORK/server.log" || true
  # Reports need a citizen token (POST /citizens); wrk-reports.lua sends it.
  WRK_TOKEN=$(curl -sf -X POST -H 'Content-Type: application/json' -d '{}' "http://127.0.0.1:$PORT/citizens" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
  export WRK_TOKEN
}
stop() { kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""; }
load() {    # load NAME SCRIPT THREADS CONNECTIONS
  echo "--- $1: wrk -t$3 -c$4 -d${DURATION}s"
  wrk -t"$3" -c"$4" -d"${DURATION}s" --latency -s "scripts/$2" "http://127.0.0.1:$PORT" \
    | grep -E "Requests/sec|Latency  |50%|90%|99%|status|Non-2xx|requests in"
}

echo "=== empty database"
serve "$WORK/empty.sqlite"
load "tiles, z12-18 over Moscow (warm cache after the first pass)" wrk-tiles.lua 2 16
load "POST /reports (snap + dedup + recluster + invalidate + SQLite)" wrk-reports.lua 1 4
curl -s "http://127.0.0.1:$PORT/status"; echo
stop

echo "=== $REPORTS stored reports"
"$BIN" seed --reports "$REPORTS" --db "$WORK/big.sqlite"
serve "$WORK/big.sqlite"
load "tiles with $REPORTS reports" wrk-tiles.lua 2 16
DURATION=$DURATION load "POST /reports with $REPORTS reports" wrk-reports.lua 1 4
curl -s "http://127.0.0.1:$PORT/status"; echo
stop
