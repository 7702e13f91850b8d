#!/usr/bin/env bash
# kill -9 during writes, three times, for --sync full and --sync normal: no acknowledged report or
# vote may be lost (scripts/durability_check.py). A process crash is what both modes survive; a
# power loss (which only full survives) cannot be simulated here. About 30 s; run by scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product report-server >/dev/null
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
for mode in full normal; do
  python3 scripts/durability_check.py .build/debug/report-server "$WORK/$mode.sqlite" "${PORT:-18282}" "$mode"
done
