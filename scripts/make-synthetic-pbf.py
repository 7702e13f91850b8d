#!/usr/bin/env python3
"""Turns the peers' synthetic road network (../shared/peers/gen_network.py, roads.geojson) into an
OSM PBF with osmium-tool, for geo-bench W9's speed and memory figures.

Vertices at the same position (to 1e-7 degrees) become one shared node, as in OSM; each road is a
way carrying its properties as tags (`road_class` as `highway`). `--copies N` lays N copies of the network side by side
(0.6 degrees of longitude apart, new ids) to reach a country extract's size (Kyrgyzstan: ~5 M nodes).

    python3 scripts/make-synthetic-pbf.py ROADS.geojson OUT.osm.pbf [--copies 4]
"""
import argparse, json, os, subprocess, tempfile

def escape(text):
    # OPL: everything but letters, digits and a few safe characters as %hex%.
    out = []
    for ch in str(text):
        if ch.isalnum() and ord(ch) < 128 or ch in "-_.:;/":
            out.append(ch)
        else:
            out.append("%" + format(ord(ch), "x") + "%")
    return "".join(out)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("roads")
    ap.add_argument("out")
    ap.add_argument("--copies", type=int, default=1)
    a = ap.parse_args()
    features = json.load(open(a.roads))["features"]
    with tempfile.TemporaryDirectory() as tmp:
        opl = os.path.join(tmp, "roads.opl")
        with open(opl, "w") as f:
            node_id, way_id = 0, 0
            ways = []
            for copy in range(a.copies):
                dx = round(copy * 0.6 * 1e7)
                nodes = {}
                for feat in features:
                    coords = feat["geometry"]["coordinates"]
                    refs = []
                    for lon, lat in coords:
                        key = (round(lon * 1e7) + dx, round(lat * 1e7))
                        if key not in nodes:
                            node_id += 1
                            nodes[key] = node_id
                            f.write("n%d v1 x%.7f y%.7f\n" % (node_id, key[0] / 1e7, key[1] / 1e7))
                        refs.append(nodes[key])
                    way_id += 1
                    props = dict(feat["properties"])
                    # The generator's road class is OSM's highway value (residential, primary, trunk ...).
                    if "road_class" in props and "highway" not in props:
                        props["highway"] = props.pop("road_class")
                    tags = ",".join("%s=%s" % (escape(k), escape(v)) for k, v in props.items()
                                    if v is not None and k not in ("id", "osm_id"))
                    ways.append("w%d v1 T%s N%s\n" % (way_id, tags, ",".join("n%d" % r for r in refs)))
            f.writelines(ways)
        subprocess.run(["osmium", "sort", opl, "-o", a.out, "--overwrite"], check=True)
    print("wrote", a.out, node_id, "nodes", way_id, "ways")

main()
