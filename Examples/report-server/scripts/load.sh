#!/usr/bin/env bash
# The live-engine load table on loopback (release build, wrk): POST /reports with an empty
# database and with 100k and 1M open reports, votes, GET /roads/{id}, and z16 tiles idle and while
# 8 clients post without pause; start-up time and memory with each database. Every wrk run is
# bounded (DURATION seconds, default 10); abuse limits are 0 (unlimited), durability is the default
# --sync full, so every acknowledged report is on disk (group commit).
#   scripts/load.sh                       # the whole table (about 6 minutes plus seeding 1M reports)
#   SIZES="0 100000" scripts/load.sh      # a subset; NETWORK=... another network
#   BIN=/tmp/old/report-server scripts/load.sh   # another build of the server, not rebuilt
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
for pkg in libsqlite3-dev libexif-dev libgeos-dev libproj-dev proj-data curl; do
  dpkg -s "$pkg" >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq "$pkg" >/dev/null; }
done
if [ -z "${BIN:-}" ]; then   # BIN=path/to/report-server measures another build (an older one, side by side)
  swift build -c release --product report-server >/dev/null
  BIN=.build/release/report-server
fi
PORT=${PORT:-18082}; DURATION=${DURATION:-10}; SIZES=${SIZES:-"0 100000 1000000"}
NETWORK=${NETWORK:-../../data/heidelberg_roads.geojson}
WORK=${WORK:-$(mktemp -d)}; export WRK_INPUTS=$WORK
SERVER_PID=""; BG_PID=""
trap '[ -n "$BG_PID" ] && kill $BG_PID 2>/dev/null; [ -n "$SERVER_PID" ] && kill $SERVER_PID 2>/dev/null; true' EXIT
python3 scripts/make_wrk_inputs.py "$NETWORK" "$WORK" >/dev/null
ROWS=()

serve() {   # serve DB: starts the server, waits until it answers, records start-up time and memory
  local t0; t0=$(date +%s.%N)
  "$BIN" --network "$NETWORK" --db "$1" --port "$PORT" --reports-per-minute 0 --votes-per-minute 0 \
    --citizens-per-hour 0 --max-connections 4096 >"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 1200); do curl -sf "http://127.0.0.1:$PORT/status" >/dev/null && break; sleep 0.05; done
  STARTUP=$(python3 -c "import time; print(f'{time.time() - $t0:.1f}')")
  RSS=$(awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$SERVER_PID/status")
  WRK_TOKEN=$(curl -sf -X POST -H 'Content-Type: application/json' -d '{}' "http://127.0.0.1:$PORT/citizens" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
  export WRK_TOKEN
}
stop() { kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""; }
# run SCRIPT THREADS CONNECTIONS [PATHS]: prints "req/s p50 p99" of one bounded wrk run
run() {
  WRK_PATHS=${4:-} wrk -t"$2" -c"$3" -d"${DURATION}s" --latency -s "scripts/$1" "http://127.0.0.1:$PORT" >"$WORK/wrk.out" 2>&1 || true
  local rps p50 p99 bad
  rps=$(awk '/Requests\/sec/ {printf "%.0f", $2}' "$WORK/wrk.out")
  p50=$(awk '$1 == "50%" {print $2}' "$WORK/wrk.out"); p99=$(awk '$1 == "99%" {print $2}' "$WORK/wrk.out")
  bad=$(awk '/Non-2xx/ {print $NF}' "$WORK/wrk.out")
  echo "${rps:-0}/s p50 ${p50:-?} p99 ${p99:-?}${bad:+ ($bad non-2xx)}"
}
row() { ROWS+=("$(printf '| %-34s | %-12s | %s |' "$1" "$2" "$3")"); echo "${ROWS[-1]}"; }

for size in $SIZES; do
  db="$WORK/reports-$size.sqlite"
  rm -f "$db" "$db"-*
  if [ "$size" -gt 0 ]; then "$BIN" seed --network "$NETWORK" --reports "$size" --db "$db" >/dev/null; fi
  serve "$db"
  label=$([ "$size" -eq 0 ] && echo "empty" || echo "$((size / 1000))k open")
  row "start-up (RSS after start)" "$label" "${STARTUP} s, ${RSS} MB"
  row "POST /reports, 32 connections" "$label" "$(run wrk-reports.lua 2 32)"
  if [ "$size" -gt 0 ]; then
    WRK_REPORTS=$size row "votes, 4 connections" "$label" "$(WRK_REPORTS=$size run wrk-votes.lua 1 4)"
    # The same with 32: group commit puts up to 32 votes in one fsync (4 connections: at most 4).
    WRK_REPORTS=$size row "votes, 32 connections" "$label" "$(WRK_REPORTS=$size run wrk-votes.lua 2 32)"
    row "GET /roads/{id}, 16 connections" "$label" "$(run wrk-get.lua 2 16 "$WORK/roads.lua")"
    row "GET tiles z16, idle" "$label" "$(run wrk-get.lua 2 16 "$WORK/tiles16.lua")"
    WRK_PATHS="" wrk -t1 -c8 -d"$((DURATION + 2))s" -s scripts/wrk-reports.lua "http://127.0.0.1:$PORT" >/dev/null 2>&1 &
    BG_PID=$!
    sleep 1
    row "GET tiles z16, 8 clients posting" "$label" "$(run wrk-get.lua 2 16 "$WORK/tiles16.lua")"
    wait "$BG_PID" 2>/dev/null || true; BG_PID=""
  fi
  stop
done

echo
echo "| request | database | throughput, latency |"
echo "|---|---|---|"
printf '%s\n' "${ROWS[@]}"
