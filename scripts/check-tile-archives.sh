#!/usr/bin/env bash
# Oracle check of the tile writers (issue 17, item 4), run by .ci/run: exports the bundled
# Heidelberg and Moscow networks at z0-14 as an MVT directory, a PMTiles and an MBTiles archive,
# and as GeoJSON in tile coordinates; then scripts/check_tile_archives.py reads every tile of the
# PMTiles file back with the pmtiles package and decodes it with mapbox-vector-tile (every layer and
# feature against the GeoJSON path), checks that the MBTiles rows (sqlite3, TMS flip) and the
# directory's files are the same tiles, opens the MBTiles with GDAL's MBTiles driver and counts
# features with GDAL's MVT driver (every OGR_EVERY-th file, default 10).
# (scripts/check-vector-tiles.sh is the directory-only check with every file through both decoders.)
# Installs what it needs (gdal-bin; mapbox-vector-tile and pmtiles from PyPI).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
command -v ogrinfo >/dev/null || { apt-get update -qq && apt-get install -y -qq gdal-bin; }
python3 -c "import mapbox_vector_tile, pmtiles" 2>/dev/null ||
  python3 -m pip install -q --break-system-packages "mapbox-vector-tile==2.2.0" "pmtiles==3.8.1" 2>/dev/null ||
  python3 -m pip install -q "mapbox-vector-tile==2.2.0" "pmtiles==3.8.1"
swift build --product roadgeo >/dev/null
bin="$(swift build --show-bin-path)/roadgeo"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
zooms="${ZOOMS:-0-14}"
for net in heidelberg moscow; do
  roads="data/${net}_roads.geojson"
  "$bin" tiles --roads "$roads" --zooms "$zooms" --format mvt --out "$work/$net-mvt" >/dev/null 2>&1
  "$bin" tiles --roads "$roads" --zooms "$zooms" --tile-coordinates --out "$work/$net-json" >/dev/null 2>&1
  "$bin" tiles --roads "$roads" --zooms "$zooms" --format mvt --out "$work/$net.pmtiles" 2>/dev/null | tail -1
  "$bin" tiles --roads "$roads" --zooms "$zooms" --format mvt --out "$work/$net.mbtiles" 2>/dev/null | tail -1
  python3 scripts/check_tile_archives.py "$work/$net.pmtiles" "$work/$net.mbtiles" "$work/$net-json" "$work/$net-mvt"
done
# Bad options and impossible zoom ranges are refused with a non-zero exit and a message.
for bad in "--zooms 14-5" "--zooms 0-25" "--zooms x" "--format png" "--threads 0"; do
  if "$bin" tiles --roads data/heidelberg_roads.geojson $bad --out "$work/bad.pmtiles" >/dev/null 2>"$work/err"; then
    echo "roadgeo tiles $bad: accepted"; exit 1
  fi
  grep -q . "$work/err" || { echo "roadgeo tiles $bad: no message"; exit 1; }
done
if "$bin" tiles --roads data/heidelberg_roads.geojson --zooms 0-3 --out "$work/no/such/dir/x.mbtiles" >/dev/null 2>"$work/err"; then
  echo "roadgeo tiles into a missing directory: accepted"; exit 1
fi
echo "check-tile-archives: all passed"
