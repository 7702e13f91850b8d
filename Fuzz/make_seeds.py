#!/usr/bin/env python3
"""Writes the seed corpora for the fuzz targets from data/ and the test fixtures.

Usage: make_seeds.py TARGET OUTDIR   (TARGET: geojson, shapefile, dbf, rtree, tiles, snapshot, traces)

Seeds are kept small (a few KB to 64 KB) so the fuzzers mutate quickly: large real files are
cut to their first records or features. Run from the repository root.
"""
import glob, json, os, struct, sys

FIXTURES = "Tests/RoadGeoTests/Fixtures"


def write(outdir, name, data):
    with open(os.path.join(outdir, name), "wb") as f:
        f.write(data)


def geojson_seeds(outdir):
    files = glob.glob("data/*.geojson") + glob.glob("data/*.json") + glob.glob(FIXTURES + "/**/*.geojson", recursive=True)
    files += glob.glob(FIXTURES + "/regressions/geojson-*")
    for path in sorted(set(files)):
        raw = open(path, "rb").read()
        base = os.path.basename(path)
        if len(raw) <= 16384:
            write(outdir, base, raw)
            continue
        try:
            doc = json.loads(raw)
        except ValueError:
            continue
        if isinstance(doc, dict) and isinstance(doc.get("features"), list):
            for n in (1, 4, 16):
                cut = dict(doc, features=doc["features"][:n])
                write(outdir, "%s.%d" % (base, n), json.dumps(cut, ensure_ascii=False).encode())
            for f in doc["features"][:8]:
                write(outdir, "%s.feature%d" % (base, doc["features"].index(f)), json.dumps(f).encode())


def container(files):
    """files: list of 5 byte strings or None (shp, shx, dbf, prj, cpg)."""
    flags = 0
    for i in range(1, 5):
        if files[i] is not None:
            flags |= 1 << (i - 1)
    out = bytes([flags])
    for i, data in enumerate(files):
        if i == 0 or data is not None:
            out += struct.pack("<I", len(data)) + data
    return out


def shapefile_seeds(outdir):
    shps = glob.glob("data/*.shp") + glob.glob(FIXTURES + "/**/*.shp", recursive=True)
    for shp in sorted(shps):
        stem = shp[:-4]
        parts = []
        for ext in ("shp", "shx", "dbf", "prj", "cpg"):
            p = stem + "." + ext
            parts.append(open(p, "rb").read() if os.path.exists(p) else None)
        name = os.path.basename(stem)
        for records in (2, 12):
            cut = list(parts)
            cut[0] = parts[0][:min(len(parts[0]), 100 + records * 600)]
            if parts[1] is not None:
                cut[1] = parts[1][:100 + 8 * records]
            if parts[2] is not None and len(parts[2]) >= 12:
                header, reclen = struct.unpack("<HH", parts[2][8:12])
                cut[2] = parts[2][:header + records * reclen + 1]
            write(outdir, "%s.%d" % (name, records), container(cut))
            if records == 2 and cut[3] is not None:   # top flag bit: the importer reads the .prj
                c = container(cut)
                write(outdir, "%s.%d.prj" % (name, records), bytes([c[0] | 0x80]) + c[1:])
        if sum(len(p) for p in parts if p) <= 65536:
            write(outdir, name + ".whole", container(parts))
    for path in glob.glob(FIXTURES + "/regressions/shapefile-*"):
        write(outdir, os.path.basename(path), open(path, "rb").read())


def dbf_seeds(outdir):
    """DBF + memo + .cpg containers (flag bit 0 memo, bit 1 .cpg, bit 6 memo is .fpt)."""
    dbfs = glob.glob("data/*.dbf") + glob.glob(FIXTURES + "/**/*.dbf", recursive=True)
    for path in sorted(dbfs):
        stem = path[:-4]
        data = open(path, "rb").read()
        memo, fpt = None, False
        for ext, is_fpt in ((".fpt", True), (".FPT", True), (".dbt", False), (".DBT", False)):
            if os.path.exists(stem + ext):
                memo, fpt = open(stem + ext, "rb").read()[:8192], is_fpt
                break
        cpg = open(stem + ".cpg", "rb").read() if os.path.exists(stem + ".cpg") else None
        if len(data) >= 12:
            header, reclen = struct.unpack("<HH", data[8:12])
            data = data[:header + 6 * max(reclen, 1) + 1]
        flags = (1 if memo is not None else 0) | (2 if cpg is not None else 0) | (0x40 if fpt else 0)
        out = bytes([flags]) + struct.pack("<I", len(data)) + data
        for extra in (memo, cpg):
            if extra is not None:
                out += struct.pack("<I", len(extra)) + extra
        write(outdir, os.path.basename(stem) + ".dbfmemo", out)


def checksum(payload):
    """PackedRTree+Serialization.swift's payload checksum."""
    m = (1 << 64) - 1
    h = (0x9E3779B97F4A7C15 ^ len(payload)) & m
    i = 0
    while i + 8 <= len(payload):
        w = struct.unpack_from("<Q", payload, i)[0]
        h = ((h ^ w) * 0xFF51AFD7ED558CCD) & m
        h = ((h << 29) | (h >> 35)) & m
        i += 8
    tail, shift = 0, 0
    while i < len(payload):
        tail |= payload[i] << shift
        shift += 8
        i += 1
    h = ((h ^ tail) * 0xC4CEB9FE1A85EC53) & m
    return h ^ (h >> 33)


def packed_tree(boxes, node_size):
    """A valid serialized PackedRTree over `boxes` in the given order (the loader checks the
    layout and the parent boxes, not the Hilbert order)."""
    n = len(boxes)
    bounds, nodes, total = [n], n, n
    if n > 0:
        while True:
            nodes = (nodes + node_size - 1) // node_size
            total += nodes
            bounds.append(total)
            if nodes <= 1:
                break
    all_boxes, indices = list(boxes), list(range(n))
    start = 0
    for level in range(1, len(bounds)):
        end = bounds[level - 1]
        c = start
        while c < end:
            e = min(c + node_size, end)
            kids = all_boxes[c:e]
            all_boxes.append((min(b[0] for b in kids), min(b[1] for b in kids), max(b[2] for b in kids), max(b[3] for b in kids)))
            indices.append(c)
            c = e
        start = end
    payload = b"".join(struct.pack("<Q", b) for b in bounds)
    payload += b"".join(struct.pack("<4d", *b) for b in all_boxes)
    payload += b"".join(struct.pack("<I", i) for i in indices)
    header = b"RGPKRTRE" + struct.pack("<IIQQIIQ", 1, node_size, n, total, len(bounds), 0, checksum(payload))
    return header + payload


def rtree_seeds(outdir):
    state = 12345
    def rnd():
        nonlocal state
        state = (state * 6364136223846793005 + 1442695040888963407) % (1 << 64)
        return (state >> 11) / float(1 << 53)
    for n, node_size in ((0, 16), (1, 16), (5, 2), (40, 4), (300, 16)):
        boxes = []
        for _ in range(n):
            x, y = 74 + rnd(), 42 + rnd()
            boxes.append((x, y, x + rnd() * 0.01, y + rnd() * 0.01))
        tree = packed_tree(boxes, node_size)
        write(outdir, "tree-%d-%d" % (n, node_size), b"\x00" + tree)
        write(outdir, "tree-%d-%d.fixsum" % (n, node_size), b"\x01" + tree)
    for path in glob.glob(FIXTURES + "/regressions/rtree-*"):
        write(outdir, os.path.basename(path), open(path, "rb").read())


def tile_seeds(outdir):
    seeds = ["0/0/0", "/14/11586/6010", "12/2896/1502.geojson", "24/16777215/16777215", "3/8/1",
             "0231", "", "012301230123012301230123", "-1/0/0", "5/31/31.json"]
    for i, s in enumerate(seeds):
        write(outdir, "tile-%d" % i, s.encode())
    for path in glob.glob(FIXTURES + "/regressions/tiles-*"):
        write(outdir, os.path.basename(path), open(path, "rb").read())


def snapshot_seeds(outdir):
    # The target writes seed snapshots itself (LLVMFuzzerInitialize); add the regressions.
    for path in glob.glob(FIXTURES + "/regressions/snapshot-*"):
        write(outdir, os.path.basename(path), open(path, "rb").read())


def trace_seeds(outdir):
    # The trace fixtures from other projects (GPX, CSV, GeoJSON) and the real tracks.
    for path in sorted(glob.glob(FIXTURES + "/traces/*") + glob.glob(FIXTURES + "/traces-real/*.gpx")
                       + glob.glob(FIXTURES + "/regressions/traces-*")):
        if path.endswith(".md"):
            continue
        data = open(path, "rb").read()
        if len(data) <= 65536:
            write(outdir, os.path.basename(path), data)


if __name__ == "__main__":
    target, outdir = sys.argv[1], sys.argv[2]
    os.makedirs(outdir, exist_ok=True)
    {"geojson": geojson_seeds, "shapefile": shapefile_seeds, "dbf": dbf_seeds, "rtree": rtree_seeds, "tiles": tile_seeds,
     "snapshot": snapshot_seeds, "traces": trace_seeds}[target](outdir)
