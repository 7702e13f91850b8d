#!/usr/bin/env bash
# Map-matching accuracy (issue 19): `roadgeo match` beside leuvenmapmatching and mappymatch on the
# same seeded traces with known truth, on Heidelberg (bundled) and Andorra (../shared/data/roads).
# Installs the peers into a virtualenv (MATCHEVAL_VENV, default .build/matcheval-venv), builds
# roadgeo in release once, and runs scripts/compare_matchers.py: a table by sigma x sampling
# interval on stdout, every trace, match and results.json under OUT (default matcheval-out/).
# Extra arguments go to the script, e.g.:
#   scripts/compare-matchers.sh --traces-per-cell 10 --networks heidelberg,andorra,moscow
# The defaults (4 traces per cell, 30 s per trace per matcher, a 13-minute budget for the peers)
# keep the run under 15 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-matcheval-out}
VENV=${MATCHEVAL_VENV:-.build/matcheval-venv}
export PATH="/opt/swift/usr/bin:$PATH"
bash scripts/install-deps.sh >/dev/null
if [ ! -x "$VENV/bin/python" ]; then python3 -m venv "$VENV"; fi
# rtree: leuvenmapmatching's InMemMap index (without it every fix scans the whole map).
"$VENV/bin/pip" install -q leuvenmapmatching mappymatch networkx numpy pyproj shapely geopandas rtree
swift build -c release --product roadgeo >/dev/null
exec timeout 20m "$VENV/bin/python" scripts/compare_matchers.py --roadgeo .build/release/roadgeo --out "$OUT" "$@"
