#!/usr/bin/env python3
"""Reads a PMTiles and an MBTiles archive written by `roadgeo tiles` with other people's readers and
compares every tile with the GeoJSON pyramid (tile coordinates) of the same network:

- PMTiles: the `pmtiles` package (protomaps) walks the root and leaf directories and reads every
  tile back; `Reader.get` finds each tile by z/x/y; the header counts and metadata are checked;
  every tile is gunzipped and decoded by `mapbox-vector-tile`, layer by layer and feature by feature.
- MBTiles: Python's sqlite3 reads every row (TMS rows flipped back), gunzipped it must be the same
  MVT as the PMTiles tile (so it decodes the same); GDAL's MBTiles driver (ogrinfo) opens the
  archive and reads features at its highest zoom, and GDAL's MVT driver counts the features of one
  tile per zoom.
- MVT_DIR (optional), the z/x/y.mvt directory export: every file is the same MVT as the archives'
  tile, and GDAL's MVT driver counts the features of every OGR_EVERY-th file (default 10).

usage: check_tile_archives.py FILE.pmtiles FILE.mbtiles GEOJSON_DIR [MVT_DIR]
Exit 1 on any difference."""
import gzip, json, os, sqlite3, subprocess, sys
import mapbox_vector_tile
from pmtiles.reader import Reader, MmapSource, all_tiles
from pmtiles.tile import zxy_to_tileid, TileType, Compression
from check_vector_tiles import compare

pm_path, mb_path, json_dir = sys.argv[1], sys.argv[2], sys.argv[3]
mvt_dir = sys.argv[4] if len(sys.argv) > 4 else None
ogr_every = int(os.environ.get("OGR_EVERY", "10"))

expected = {}
for root, _, files in os.walk(json_dir):
    for name in files:
        if name.endswith(".geojson"):
            z, x, y = os.path.join(root, name)[len(json_dir):].strip("/")[:-8].split("/")
            expected[(int(z), int(x), int(y))] = os.path.join(root, name)

def check(data, zxy, where):
    decoded = mapbox_vector_tile.decode(gzip.decompress(data), default_options={"y_coord_down": True})
    ref = json.load(open(expected[zxy]))["features"]
    return compare(decoded, ref, where)

failures = features = 0
def fail(message):
    global failures
    print(message); failures += 1

# --- PMTiles through the pmtiles package.
with open(pm_path, "rb") as f:
    source = MmapSource(f)
    reader = Reader(source)
    h = reader.header()
    if h["tile_type"] != TileType.MVT or h["tile_compression"] != Compression.GZIP or not h["clustered"]:
        fail(f"PMTiles header: {h}")
    if h["addressed_tiles_count"] != len(expected):
        fail(f"PMTiles addressed {h['addressed_tiles_count']} tiles, the GeoJSON pyramid has {len(expected)}")
    if h["root_offset"] + h["root_length"] > 16384:
        fail("PMTiles root directory ends past 16 KiB")
    meta = reader.metadata()
    if not meta.get("vector_layers") or meta["vector_layers"][0].get("id") != "roads":
        fail(f"PMTiles metadata: {meta}")
    seen, ids, pm_tiles, pm_mvt = set(), [], 0, {}
    for (z, x, y), data in all_tiles(source):
        zxy = (z, x, y)
        if zxy not in expected: fail(f"PMTiles {z}/{x}/{y}: no GeoJSON tile"); continue
        seen.add(zxy); ids.append(zxy_to_tileid(z, x, y))
        if reader.get(z, x, y) != data: fail(f"PMTiles {z}/{x}/{y}: Reader.get differs from the directory walk")
        n, bad = check(data, zxy, f"PMTiles {z}/{x}/{y}")
        features += n; failures += bad; pm_tiles += 1
        pm_mvt[zxy] = gzip.decompress(data)
    if seen != set(expected): fail(f"PMTiles has {len(seen)} of {len(expected)} tiles")
    if ids != sorted(ids): fail("PMTiles entries are not in tile id order")
    if reader.get(14, 0, 0) is not None: fail("PMTiles has a tile at 14/0/0")

# --- MBTiles through sqlite3 and GDAL.
db = sqlite3.connect(mb_path)
meta = dict(db.execute("SELECT name, value FROM metadata"))
for key in ["name", "format", "bounds", "center", "minzoom", "maxzoom", "json"]:
    if key not in meta: fail(f"MBTiles metadata has no {key}")
if meta.get("format") != "pbf": fail(f"MBTiles format {meta.get('format')}")
mb_tiles = 0
rows = {}
for z, x, tms, data in db.execute("SELECT zoom_level, tile_column, tile_row, tile_data FROM tiles"):
    zxy = (z, x, (1 << z) - 1 - tms)
    if zxy not in expected: fail(f"MBTiles {zxy}: no GeoJSON tile"); continue
    rows[zxy] = data
    if gzip.decompress(data) != pm_mvt.get(zxy): fail(f"MBTiles {zxy}: not the PMTiles archive's tile")
    mb_tiles += 1
if set(rows) != set(expected): fail(f"MBTiles has {len(rows)} of {len(expected)} tiles")
db.close()

out = subprocess.run(["ogrinfo", "-ro", "-so", mb_path], capture_output=True, text=True)
if out.returncode != 0: fail(f"ogrinfo cannot open {mb_path}: {out.stderr}")
if "roads" not in out.stdout: fail(f"ogrinfo lists no roads layer: {out.stdout}")
# GDAL's MVT driver on one tile per zoom out of the archive (the /vsigzip/ path GDAL itself gunzips).
ogr_tiles = 0
for z in sorted({k[0] for k in rows}):
    zxy = min(k for k in rows if k[0] == z)
    path = f"/tmp/check-archive-{os.getpid()}-{z}.mvt"
    with open(path, "wb") as f: f.write(gzip.decompress(rows[zxy]))
    r = subprocess.run(["ogrinfo", "-ro", "-so", "-al", "-oo", f"Z={zxy[0]}", "-oo", f"X={zxy[1]}", "-oo", f"Y={zxy[2]}", path],
                       capture_output=True, text=True)
    os.remove(path)
    count = sum(int(l.split(":", 1)[1]) for l in r.stdout.splitlines() if l.startswith("Feature Count:"))
    want = sum(len(l["features"]) for l in mapbox_vector_tile.decode(gzip.decompress(rows[zxy])).values())
    if r.returncode != 0 or count != want: fail(f"MBTiles {zxy}: ogrinfo counts {count}, the tile has {want}")
    ogr_tiles += 1
# The whole archive through GDAL's MBTiles driver at its highest zoom.
r = subprocess.run(["ogrinfo", "-ro", "-so", "-al", "-oo", f"ZOOM_LEVEL={meta.get('maxzoom')}", mb_path], capture_output=True, text=True)
gdal_count = sum(int(l.split(":", 1)[1]) for l in r.stdout.splitlines() if l.startswith("Feature Count:"))
if r.returncode != 0 or gdal_count <= 0: fail(f"GDAL's MBTiles driver reads no features at z{meta.get('maxzoom')}: {r.stderr}")

# --- The directory export: the same MVT bytes; GDAL's MVT driver on every OGR_EVERY-th file.
dir_tiles = dir_ogr = 0
if mvt_dir:
    for k, zxy in enumerate(sorted(expected)):
        path = os.path.join(mvt_dir, str(zxy[0]), str(zxy[1]), f"{zxy[2]}.mvt")
        data = open(path, "rb").read() if os.path.exists(path) else None
        if data != pm_mvt.get(zxy): fail(f"{path}: not the archives' tile"); continue
        dir_tiles += 1
        if k % ogr_every: continue
        r = subprocess.run(["ogrinfo", "-ro", "-so", "-al", path], capture_output=True, text=True)
        count = sum(int(l.split(":", 1)[1]) for l in r.stdout.splitlines() if l.startswith("Feature Count:"))
        want = sum(len(l["features"]) for l in mapbox_vector_tile.decode(data).values())
        if r.returncode != 0 or count != want: fail(f"{path}: ogrinfo counts {count}, the tile has {want}")
        dir_ogr += 1

print(f"check_tile_archives: directory {dir_tiles} tiles the same as the archives, {dir_ogr} counted by GDAL's MVT driver")
print(f"check_tile_archives: PMTiles {pm_tiles} tiles read back by pmtiles, MBTiles {mb_tiles} tiles, "
      f"the same MVT in both, {features} features equal to the GeoJSON path (mapbox-vector-tile), {ogr_tiles} tiles counted by GDAL, "
      f"GDAL's MBTiles driver reads {gdal_count} features at z{meta.get('maxzoom')}, {failures} failures")
if pm_tiles == 0 or mb_tiles == 0 or features == 0: print("no tiles checked"); sys.exit(1)
sys.exit(1 if failures else 0)
