#!/usr/bin/env bash
# Oracle check of the MVT writer (issue 17, item 4): exports the bundled Heidelberg and Moscow
# networks as MVT and as GeoJSON in tile coordinates, then scripts/check_vector_tiles.py decodes
# every tile with the Python mapbox-vector-tile package and GDAL's MVT driver (ogrinfo).
# Installs what it needs (gdal-bin, mapbox-vector-tile).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
command -v ogrinfo >/dev/null || { apt-get update -qq && apt-get install -y -qq gdal-bin; }
python3 -c "import mapbox_vector_tile" 2>/dev/null || python3 -m pip install -q "mapbox-vector-tile==2.2.0"
swift build --product roadgeo >/dev/null
bin="$(swift build --show-bin-path)/roadgeo"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
for net in heidelberg moscow; do
  "$bin" tiles --roads "data/${net}_roads.geojson" --zooms "${ZOOMS:-0-14}" --format mvt --out "$work/$net-mvt" >/dev/null
  "$bin" tiles --roads "data/${net}_roads.geojson" --zooms "${ZOOMS:-0-14}" --tile-coordinates --out "$work/$net-json" >/dev/null
  python3 scripts/check_vector_tiles.py "$work/$net-mvt" "$work/$net-json" "${OGR_EVERY:-1}"
done
