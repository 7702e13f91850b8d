#!/usr/bin/env python3
"""Decodes every MVT tile of a pyramid with other people's decoders and compares it with the
GeoJSON pyramid of the same run (tile coordinates): mapbox-vector-tile for every layer and feature,
GDAL's MVT driver (ogrinfo) for feature counts per layer. Exit 1 on any difference."""
import json, os, subprocess, sys
import mapbox_vector_tile


def parts(geom):
    t, c = geom["type"], geom["coordinates"]
    if t == "Point": return "point", [[tuple(c)]]
    if t == "MultiPoint": return "point", [[tuple(p) for p in c]]
    if t == "LineString": return "line", [[tuple(p) for p in c]]
    if t == "MultiLineString": return "line", [[tuple(p) for p in l] for l in c]
    if t == "Polygon": return "polygon", [[tuple(p) for p in r] for r in c]
    if t == "MultiPolygon": return "polygon", [[tuple(p) for p in r] for poly in c for r in poly]
    raise ValueError(t)

def canon(kind, ps):
    # Ring orientation may differ (MVT requires its winding): compare a ring as its sorted vertices.
    if kind == "polygon": return sorted(tuple(sorted(r)) for r in ps)
    return ps

def compare(decoded, ref, where):
    """(features equal, failures) of one decoded MVT tile against its GeoJSON features."""
    ours = [(lname, f) for lname, layer in decoded.items() for f in layer["features"]]
    if len(ours) != len(ref):
        print(f"{where}: {len(ours)} MVT features vs {len(ref)} GeoJSON"); return 0, 1
    features = 0
    for (lname, f), g in zip(ours, ref):
        if g.get("layer", lname) != lname:
            print(f"{where}: layer {lname} vs {g.get('layer')}"); return features, 1
        k1, p1 = parts(f["geometry"]); k2, p2 = parts(g["geometry"])
        if k1 != k2 or canon(k1, p1) != canon(k2, p2):
            print(f"{where} feature {g.get('id')}: geometry differs"); return features, 1
        gp = {k: v for k, v in g["properties"].items() if v is not None}
        gp = {k: (json.dumps(v, separators=(",", ":"), ensure_ascii=False) if isinstance(v, (list, dict)) else v) for k, v in gp.items()}
        if f["properties"] != gp:
            print(f"{where} feature {g.get('id')}: properties {f['properties']} vs {gp}"); return features, 1
        if isinstance(g.get("id"), int) and g["id"] >= 0 and f.get("id") != g["id"]:
            print(f"{where}: id {f.get('id')} vs {g['id']}"); return features, 1
        features += 1
    return features, 0

def main():
    mvt_dir, json_dir = sys.argv[1], sys.argv[2]
    ogr_every = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    tiles = features = ogr_checked = failures = 0
    for root, _, files in os.walk(mvt_dir):
        for name in sorted(files):
            if not name.endswith(".mvt"): continue
            path = os.path.join(root, name)
            z, x, y = path[len(mvt_dir):].strip("/")[:-4].split("/")
            data = open(path, "rb").read()
            decoded = mapbox_vector_tile.decode(data, default_options={"y_coord_down": True})
            ref = json.load(open(os.path.join(json_dir, z, x, y + ".geojson")))["features"]
            n, bad = compare(decoded, ref, f"{z}/{x}/{y}")
            features += n; failures += bad
            if tiles % ogr_every == 0:
                out = subprocess.run(["ogrinfo", "-ro", "-so", "-al", path], capture_output=True, text=True)
                counts = {}
                layer = None
                for line in out.stdout.splitlines():
                    if line.startswith("Layer name:"): layer = line.split(":", 1)[1].strip()
                    if line.startswith("Feature Count:"): counts[layer] = int(line.split(":", 1)[1])
                want = {l: len(v["features"]) for l, v in decoded.items()}
                if out.returncode != 0 or counts != want:
                    print(f"{z}/{x}/{y}: ogrinfo {counts} (rc {out.returncode}) vs {want}"); failures += 1
                ogr_checked += 1
            tiles += 1
    print(f"check_vector_tiles: {tiles} tiles, {features} features equal to the GeoJSON path (mapbox-vector-tile), {ogr_checked} tiles counted by GDAL ogrinfo, {failures} failures")
    if tiles == 0 or features == 0: print("no tiles checked"); sys.exit(1)
    sys.exit(1 if failures else 0)

if __name__ == "__main__":
    main()
