#!/usr/bin/env bash
# Starts the server on a fresh database with small timeouts and a connection cap, and attacks it on
# loopback as issue 16 describes (scripts/abuse_check.py): vote stuffing under many names, a flood
# of reports from one address, slow headers and bodies, idle connections past the cap, password
# guessing. Bounded in time (about a minute); exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product report-server >/dev/null
PORT=${PORT:-18181}
WORK=$(mktemp -d)
BIN=.build/debug/report-server
printf 'abuse-check password\n' | $BIN moderator add admin --db "$WORK/reports.sqlite"
$BIN --db "$WORK/reports.sqlite" --port "$PORT" --public-directory /nonexistent \
  --reports-per-minute 6 --votes-per-minute 30 --citizens-per-hour 60 --logins-per-minute 10 \
  --header-timeout 2 --body-timeout 3 --idle-timeout 4 --max-connections 40 >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
trap 'kill $SERVER_PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$PORT/status" >/dev/null && break; sleep 0.2; done
python3 scripts/abuse_check.py "127.0.0.1" "$PORT"
