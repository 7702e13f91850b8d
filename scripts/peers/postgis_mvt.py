#!/usr/bin/env python3
"""PostGIS ST_AsMVT peer of geo-bench W6m: renders exactly the tiles of a tile list, one backend.

  postgis_mvt.py --roads ROADS.geojson --tiles LIST --out RESULT.json [--reps 3] [--pg-bin DIR]

LIST is what `geo-bench --workloads W6m --write-tile-list LIST` writes: one tile a line,
`z x y` followed by RoadGeo's MVT bytes and feature count with its default tolerance (3/4096)
and with tolerance 0 (lines starting with # are comments). Only `z x y` are needed.

The script makes a throwaway cluster (initdb into a temporary directory, a unix socket in that
directory, no TCP listener, fsync off, parallel query off), loads every LineString of ROADS with
all of its properties as columns (osm_id bigint, the others text; the same members RoadGeo
writes as MVT tags, nulls left out by both), builds GiST indexes and then, per zoom, renders
every listed tile with one query each:

  SELECT ST_AsMVT(q, 'roads', 4096, 'geom') FROM (
    SELECT <properties>, ST_AsMVTGeom(ST_Transform(geom, 3857), ST_TileEnvelope(z, x, y), 4096, 64, true) AS geom
    FROM roads WHERE ST_Transform(geom, 3857) && ST_TileEnvelope(z, x, y, margin => 64.0 / 4096)) q

("transform" variant, the query of issue 17, over an expression index), and the same over a
column projected to EPSG:3857 at load time ("projected" variant, PostGIS's best case: RoadGeo
also projects once when it builds its tiler). Only the rendering queries are timed (execute +
fetch, a warm-up pass and then the median of --reps passes). It prints tiles/s and total bytes
per zoom and variant, and compares each tile's bytes and feature count with RoadGeo's from LIST.
The cluster is removed at the end, also on failure. Run as root it uses `runuser -u postgres`.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import psycopg2

PROPS_TYPED = {"osm_id": "bigint"}


def sh(cmd, user):
    if user:
        cmd = ["runuser", "-u", user, "--"] + cmd
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def pg_bin_dir(given):
    if given:
        return given
    try:
        return subprocess.run(["pg_config", "--bindir"], check=True, capture_output=True, text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        pass
    base = "/usr/lib/postgresql"
    versions = sorted((d for d in os.listdir(base) if d.isdigit()), key=int) if os.path.isdir(base) else []
    if not versions:
        sys.exit("postgis_mvt.py: no PostgreSQL found (pg_config or /usr/lib/postgresql/N/bin); apt-get install postgresql postgis")
    return os.path.join(base, versions[-1], "bin")


def read_tiles(path):
    tiles = []
    with open(path) as f:
        for n, line in enumerate(f, 1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split()
            try:
                z, x, y = (int(v) for v in parts[:3])
                rest = [int(v) for v in parts[3:7]]
            except ValueError:
                sys.exit(f"{path}:{n}: expected 'z x y [bytes features bytes0 features0]', got {line.strip()!r}")
            if not (0 <= z <= 24 and 0 <= x < 1 << z and 0 <= y < 1 << z):
                sys.exit(f"{path}:{n}: tile {z}/{x}/{y} out of range")
            tiles.append((z, x, y, rest if len(rest) == 4 else None))
    return tiles


def read_roads(path):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    names, rows = [], []
    for i, feat in enumerate(doc.get("features", [])):
        g = feat.get("geometry") or {}
        if g.get("type") != "LineString" or len(g.get("coordinates", [])) < 2:
            continue
        props = feat.get("properties") or {}
        for k in props:
            if k not in names:
                names.append(k)
        rows.append((props, json.dumps(g)))
    return names, rows


def copy_text(v):
    if v is None:
        return "\\N"
    s = str(v)
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def layer_features(tile):
    """Feature count of an MVT (all layers): a minimal protobuf walk (Tile.layers = 3, Layer.features = 2)."""
    def varint(b, i):
        v, s = 0, 0
        while True:
            c = b[i]; i += 1
            v |= (c & 0x7F) << s; s += 7
            if c < 0x80:
                return v, i

    def fields(b):
        i = 0
        while i < len(b):
            key, i = varint(b, i)
            wire = key & 7
            if wire == 0:
                v, i = varint(b, i); yield key >> 3, v
            elif wire == 2:
                n, i = varint(b, i); yield key >> 3, b[i:i + n]; i += n
            elif wire == 1:
                i += 8
            elif wire == 5:
                i += 4
            else:
                raise ValueError("bad wire type")
    return sum(1 for f, layer in fields(tile) if f == 3 for g, _ in fields(layer) if g == 2)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--roads", required=True)
    ap.add_argument("--tiles", required=True)
    ap.add_argument("--out")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--pg-bin")
    a = ap.parse_args()
    if a.reps < 1:
        sys.exit("--reps must be at least 1")
    tiles = read_tiles(a.tiles)
    names, rows = read_roads(a.roads)
    bindir = pg_bin_dir(a.pg_bin)
    user = "postgres" if os.geteuid() == 0 else None
    tmp = tempfile.mkdtemp(prefix="roadgeo-postgis-")
    data = os.path.join(tmp, "data")
    if user:
        shutil.chown(tmp, user)
    started = False
    try:
        sh([f"{bindir}/initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C"], user)
        opts = (f"-c listen_addresses='' -c unix_socket_directories={tmp} -c fsync=off -c synchronous_commit=off "
                "-c full_page_writes=off -c max_parallel_workers_per_gather=0 -c jit=off -c shared_buffers=256MB")
        sh([f"{bindir}/pg_ctl", "-D", data, "-o", opts, "-l", os.path.join(tmp, "log"), "-w", "start"], user)
        started = True
        result = run(tmp, tiles, names, rows, a.reps)
        result["roads"] = a.roads
        print_result(result)
        if a.out:
            with open(a.out, "w") as f:
                json.dump(result, f, indent=1)
    finally:
        if started:
            try:
                sh([f"{bindir}/pg_ctl", "-D", data, "-m", "immediate", "-w", "stop"], user)
            except subprocess.CalledProcessError as e:
                print(f"pg_ctl stop failed: {e.stderr.decode(errors='replace')}", file=sys.stderr)
        shutil.rmtree(tmp, ignore_errors=True)


def run(socket_dir, tiles, names, rows, reps):
    con = psycopg2.connect(host=socket_dir, dbname="postgres", user="postgres")
    con.autocommit = True
    cur = con.cursor()
    cur.execute("CREATE EXTENSION postgis")
    cur.execute("SELECT postgis_lib_version(), current_setting('server_version')")
    postgis_version, pg_version = cur.fetchone()
    cols = [f'"{n}" {PROPS_TYPED.get(n, "text")}' for n in names]
    cur.execute(f"CREATE TABLE staging({', '.join(cols + ['gj text'])})")
    import io
    buf = io.StringIO()
    for props, gj in rows:
        buf.write("\t".join([copy_text(props.get(n)) for n in names] + [copy_text(gj)]) + "\n")
    buf.seek(0)
    t0 = time.perf_counter()
    cur.copy_expert("COPY staging FROM STDIN", buf)
    quoted = ", ".join(f'"{n}"' for n in names)
    cur.execute(f"CREATE TABLE roads AS SELECT {quoted}, ST_SetSRID(ST_GeomFromGeoJSON(gj), 4326) AS geom, "
                "ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(gj), 4326), 3857) AS geom3857 FROM staging")
    cur.execute("DROP TABLE staging")
    cur.execute("CREATE INDEX roads_tr ON roads USING gist (ST_Transform(geom, 3857))")
    cur.execute("CREATE INDEX roads_3857 ON roads USING gist (geom3857)")
    cur.execute("VACUUM ANALYZE roads")
    load_s = time.perf_counter() - t0
    variants = {
        "transform": ("ST_Transform(geom, 3857)", "ST_Transform(geom, 3857)"),
        "projected": ("geom3857", "geom3857"),
    }
    result = {"postgis": postgis_version, "postgres": pg_version, "features": len(rows), "properties": names,
              "load_s": load_s, "reps": reps, "zooms": []}
    zooms = sorted({t[0] for t in tiles}, reverse=True)
    for z in zooms:
        zt = [t for t in tiles if t[0] == z]
        for vname, (geom, filt) in variants.items():
            sql = (f"SELECT ST_AsMVT(q, 'roads', 4096, 'geom') FROM (SELECT {quoted}, "
                   f"ST_AsMVTGeom({geom}, ST_TileEnvelope(%s, %s, %s), 4096, 64, true) AS geom FROM roads "
                   f"WHERE {filt} && ST_TileEnvelope(%s, %s, %s, margin => 64.0 / 4096)) q")
            cur.execute("PREPARE mvt(int, int, int) AS " + sql.replace("%s, %s, %s", "$1, $2, $3"))
            times, sizes = [], []
            for rep in range(reps + 1):
                out = []
                start = time.perf_counter()
                for (tz, tx, ty, _) in zt:
                    cur.execute("EXECUTE mvt(%s, %s, %s)", (tz, tx, ty))
                    out.append(cur.fetchone()[0])
                elapsed = time.perf_counter() - start
                if rep > 0:
                    times.append(elapsed)
                sizes = [len(v) if v is not None else 0 for v in out]
                blobs = out
            cur.execute("DEALLOCATE mvt")
            med = statistics.median(times)
            entry = {"zoom": z, "variant": vname, "tiles": len(zt), "seconds": med, "min_seconds": min(times),
                     "max_seconds": max(times), "tiles_per_s": len(zt) / med, "bytes": sum(sizes)}
            if vname == "projected":
                entry.update(compare(zt, sizes, blobs))
            result["zooms"].append(entry)
    con.close()
    return result


def compare(zt, sizes, blobs):
    """Per-tile bytes and feature counts against RoadGeo's from the tile list."""
    if any(t[3] is None for t in zt):
        return {}
    out = {}
    for k, label in ((0, "default"), (2, "tol0")):
        ratios, larger, feat_diff = [], 0, 0
        rg_total = 0
        for (tz, tx, ty, rg), pg, blob in zip(zt, sizes, blobs):
            rg_bytes, rg_feats = rg[k], rg[k + 1]
            rg_total += rg_bytes
            pg_feats = layer_features(bytes(blob)) if blob else 0
            feat_diff += rg_feats != pg_feats
            if pg > 0:
                ratios.append(rg_bytes / pg)
                larger += rg_bytes > pg
        out[f"roadgeo_{label}"] = {
            "bytes": rg_total, "tiles_larger_than_postgis": larger,
            "per_tile_ratio_median": statistics.median(ratios) if ratios else None,
            "per_tile_ratio_max": max(ratios) if ratios else None,
            "per_tile_ratio_min": min(ratios) if ratios else None,
            "tiles_with_other_feature_count": feat_diff,
        }
    out["postgis_features"] = sum(layer_features(bytes(b)) if b else 0 for b in blobs)
    return out


def print_result(r):
    print(f"PostGIS {r['postgis']} on PostgreSQL {r['postgres']}: {r['features']} roads, load {r['load_s']:.2f} s, "
          f"properties: {', '.join(r['properties'])}")
    for e in r["zooms"]:
        line = (f"z{e['zoom']} {e['variant']:>9}: {e['tiles']} tiles, {e['tiles_per_s']:.0f} tiles/s "
                f"(median {e['seconds'] * 1000:.1f} ms), {e['bytes']} bytes")
        print(line)
        for label in ("default", "tol0"):
            c = e.get(f"roadgeo_{label}")
            if c:
                print(f"   RoadGeo {label}: {c['bytes']} bytes ({c['bytes'] / max(e['bytes'], 1):.3f}x), per tile "
                      f"median {c['per_tile_ratio_median']:.3f}x, max {c['per_tile_ratio_max']:.3f}x, "
                      f"{c['tiles_larger_than_postgis']} tiles larger, {c['tiles_with_other_feature_count']} with another feature count")


if __name__ == "__main__":
    main()
