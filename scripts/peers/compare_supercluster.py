#!/usr/bin/env python3
"""Helpers of compare-supercluster.sh.
  points ROADS OUT       seeded report points near the roads: spots with 1-6 duplicates within ~10 m
  compare DIR            table per zoom (items, clusters, pins closer than half a radius, order
                         dependence) and side-by-side PNGs of RoadGeo's and supercluster's clusters"""
import json
import math
import os
import random
import sys


def points(roads, out):
    with open(roads, encoding="utf-8") as f:
        features = json.load(f)["features"]
    vertices = []
    for feature in features:
        g = feature.get("geometry") or {}
        lines = [g["coordinates"]] if g.get("type") == "LineString" else g.get("coordinates", []) if g.get("type") == "MultiLineString" else []
        for line in lines:
            vertices.extend(line)
    rng = random.Random(11)
    pts = []
    while len(pts) < 20000:
        lon, lat = rng.choice(vertices)
        for _ in range(rng.randint(1, 6)):
            dx, dy = rng.gauss(0, 6), rng.gauss(0, 6)
            pts.append((lon + dx / (111320 * math.cos(math.radians(lat))), lat + dy / 110574))
    fc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": i, "geometry": {"type": "Point", "coordinates": [round(x, 7), round(y, 7)]},
         "properties": {"votes": 1, "status": 0}} for i, (x, y) in enumerate(pts)]}
    with open(out, "w") as f:
        json.dump(fc, f)


def mercator(lon, lat):
    s = math.sin(math.radians(lat))
    return lon / 360 + 0.5, 0.5 - 0.25 * math.log((1 + s) / (1 - s)) / math.pi


def ours(directory):
    """Clusters per zoom from RoadGeo's tile pyramid (deduplicated by feature id across tiles)."""
    zooms = {}
    tiles = os.path.join(directory, "tiles")
    for z in sorted(int(d) for d in os.listdir(tiles) if d.isdigit()):
        seen = {}
        for root, _, files in os.walk(os.path.join(tiles, str(z))):
            for name in files:
                with open(os.path.join(root, name)) as f:
                    for feature in json.load(f)["features"]:
                        if feature.get("layer", "reports") != "reports":
                            continue
                        lon, lat = feature["geometry"]["coordinates"]
                        seen[feature["id"]] = (lon, lat, feature["properties"].get("point_count", 1))
        zooms[z] = list(seen.values())
    return zooms


def crowding(items, z):
    """Pairs of pins closer than half a cluster radius (20 px of 512) at zoom z."""
    r = 20 / 512 / (1 << z)
    cells = {}
    for lon, lat, _ in items:
        x, y = mercator(lon, lat)
        cells.setdefault((int(x / r), int(y / r)), []).append((x, y))
    pairs = 0
    for (cx, cy), here in cells.items():
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for (x, y) in here:
                    for (u, v) in cells.get((cx + dx, cy + dy), []):
                        if (x, y) < (u, v) and (x - u) ** 2 + (y - v) ** 2 < r * r:
                            pairs += 1
    return pairs


def compare(directory):
    ourz = ours(directory)
    with open(os.path.join(directory, "supercluster.json")) as f:
        sc = json.load(f)
    print(f"supercluster load: {sc['inOrder']['ms']:.0f} ms")
    print("| zoom | RoadGeo items | RoadGeo clusters | largest | pins < 20 px apart | supercluster items | clusters | largest | pins < 20 px apart | supercluster items, shuffled input |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for z in range(8, 18):
        a = ourz.get(z, [])
        b = sc["inOrder"]["zooms"][str(z)]
        c = sc["shuffled"]["zooms"][str(z)]
        def stats(items):
            clusters = [n for _, _, n in items if n > 1]
            return len(items), len(clusters), max(clusters, default=1)
        (ai, ac, am), (bi, bc, bm) = stats(a), stats(b)
        print(f"| {z} | {ai} | {ac} | {am} | {crowding(a, z)} | {bi} | {bc} | {bm} | {crowding(b, z)} | {len(c)} |")
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("(matplotlib missing: no PNG)")
        return
    for z in (12, 14):
        a, b = ourz.get(z, []), sc["inOrder"]["zooms"][str(z)]
        xs = [p[0] for p in a + b]; ys = [p[1] for p in a + b]
        cx, cy = sorted(xs)[len(xs) // 2], sorted(ys)[len(ys) // 2]
        span = 360 / (1 << z) * 1.5
        fig, axes = plt.subplots(1, 2, figsize=(12, 6), sharex=True, sharey=True)
        for ax, items, title in ((axes[0], a, "RoadGeo DisplayClusters"), (axes[1], b, "supercluster")):
            sel = [p for p in items if abs(p[0] - cx) < span and abs(p[1] - cy) < span * 0.6]
            ax.scatter([p[0] for p in sel], [p[1] for p in sel], s=[8 + 6 * math.sqrt(p[2]) for p in sel],
                       c=["#c0392b" if p[2] > 1 else "#2980b9" for p in sel], alpha=0.6, edgecolors="k", linewidths=0.3)
            ax.set_title(f"{title}, zoom {z}: {sum(1 for p in sel if p[2] > 1)} clusters, {sum(1 for p in sel if p[2] == 1)} single")
            ax.set_aspect(1 / math.cos(math.radians(cy)))
        fig.tight_layout()
        path = os.path.join(directory, f"clusters-z{z}.png")
        fig.savefig(path, dpi=90)
        print(f"wrote {path}")


if __name__ == "__main__":
    if sys.argv[1] == "points":
        points(sys.argv[2], sys.argv[3])
    else:
        compare(sys.argv[2])
