#!/usr/bin/env bash
# Side by side: RoadGeo's DisplayClusters and mapbox/supercluster on the same report points.
# Needs node and a checkout of supercluster and kdbush (not bundled):
#   SUPERCLUSTER=/path/to/supercluster/index.js KDBUSH=/path/to/kdbush/index.js scripts/compare-supercluster.sh
# Writes, under OUT (default compare-out/): the points, both algorithms' clusters per zoom, a
# table (stdout) and side-by-side PNGs (needs python3-matplotlib or `pip install matplotlib`).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-compare-out}; mkdir -p "$OUT"
: "${SUPERCLUSTER:?set SUPERCLUSTER to supercluster's index.js}"; : "${KDBUSH:?set KDBUSH to kdbush's index.js}"
export PATH="/opt/swift/usr/bin:$PATH"
swift build -c release --product roadgeo >/dev/null
python3 scripts/peers/compare_supercluster.py points data/heidelberg_roads.geojson "$OUT/points.geojson"
echo '{"type":"FeatureCollection","features":[]}' > "$OUT/no-roads.geojson"
rm -rf "$OUT/tiles"
.build/release/roadgeo tiles --roads "$OUT/no-roads.geojson" --reports "$OUT/points.geojson" --zooms 8-17 --out "$OUT/tiles" >/dev/null 2>&1
cp "$SUPERCLUSTER" "$OUT/supercluster.mjs"; cp "$KDBUSH" "$OUT/kdbush.mjs"
sed -i "s|from 'kdbush'|from './kdbush.mjs'|" "$OUT/supercluster.mjs"
cp scripts/peers/supercluster_run.mjs "$OUT/"
node "$OUT/supercluster_run.mjs" "$OUT/points.geojson" "$OUT/supercluster.json"
python3 scripts/peers/compare_supercluster.py compare "$OUT"
