#!/usr/bin/env python3
"""Writes the Lua tables wrk's scripts read: tile paths over the network (zooms 12-18) and report taps
within 10 m of its road vertices (seeded). Usage: make_wrk_inputs.py roads.geojson out_dir"""
import json
import math
import random
import sys
import urllib.parse

roads, out = sys.argv[1], sys.argv[2]
with open(roads, encoding="utf-8") as f:
    features = json.load(f)["features"]
points = []
for feature in features:
    g = feature.get("geometry") or {}
    lines = [g["coordinates"]] if g.get("type") == "LineString" else g.get("coordinates", []) if g.get("type") == "MultiLineString" else []
    for line in lines:
        points.extend(line)
lons, lats = [p[0] for p in points], [p[1] for p in points]


def tile(lon, lat, z):
    n = 1 << z
    x = int((lon + 180) / 360 * n)
    s = math.sin(math.radians(lat))
    y = int((0.5 - math.log((1 + s) / (1 - s)) / (4 * math.pi)) * n)
    return x, y


ids = [str(f.get("id", (f.get("properties") or {}).get("osm_id", ""))) for f in features]
ids = [i for i in ids if i and i != "None"]


def lua_strings(values):
    return "return {\n" + ",\n".join(json.dumps(v) for v in values) + "\n}\n"


tiles16 = []
x0, y0 = tile(min(lons), max(lats), 16)
x1, y1 = tile(max(lons), min(lats), 16)
occupied = {tile(lon, lat, 16) for lon, lat in points}
tiles16 = [f"/tiles/16/{x}/{y}.geojson" for (x, y) in sorted(occupied)]
tiles = []
for z in range(12, 19):
    x0, y0 = tile(min(lons), max(lats), z)
    x1, y1 = tile(max(lons), min(lats), z)
    tiles += [f"/tiles/{z}/{x}/{y}.geojson" for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)]
rng = random.Random(7)
taps = []
for _ in range(5000):
    lon, lat = rng.choice(points)
    dx, dy = rng.uniform(-10, 10), rng.uniform(-10, 10)
    taps.append((lon + dx / (111320 * math.cos(math.radians(lat))), lat + dy / 110574))
with open(f"{out}/tiles.lua", "w") as f:
    f.write("return {\n" + ",\n".join(f'"{t}"' for t in tiles) + "\n}\n")
with open(f"{out}/taps.lua", "w") as f:
    f.write("return {\n" + ",\n".join(f"{{{lon:.7f},{lat:.7f}}}" for lon, lat in taps) + "\n}\n")
with open(f"{out}/tiles16.lua", "w") as f:
    f.write(lua_strings(tiles16))
with open(f"{out}/roads.lua", "w") as f:
    f.write(lua_strings(["/roads/" + urllib.parse.quote(i, safe="") for i in ids]))
print(f"{len(tiles)} tiles (z12-18), {len(tiles16)} z16 tiles with roads, {len(ids)} roads, {len(taps)} taps")
