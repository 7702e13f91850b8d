#!/usr/bin/env python3
"""Map-matching accuracy on real road networks: RoadGeo's `roadgeo match` beside the Python map
matchers leuvenmapmatching (DistanceMatcher, an HMM after Newson & Krumm) and mappymatch (LCSS),
on the same seeded traces with known truth and the same graph (issue 19, item 4).

For each network: the roads (by default only those a car may use) go through
`roadgeo snapshot` and `roadgeo graph`; routes are shortest paths (networkx, on the exported
edges) between random nodes, 2-10 km apart along the roads; a vehicle drives each at a constant
10-15 m/s (adjusted so the last fix falls on the route's end), with a fix every dt seconds,
Gaussian noise of sigma metres per axis in a local azimuthal equidistant plane and a few
outliers (100-300 m off, never the first or last fix). Every matcher's result becomes stretches
(road_index, from_m, to_m) of the same graph, and is scored with Newson and Krumm's route
mismatch fraction (d- + d+) / d0: d0 the truth's length, d- the truth not matched, d+ the match
not in the truth, from interval overlaps per road (direction ignored). A failed or timed-out
match counts as nothing matched (mismatch 1.0) and is counted among the failures.

Run through scripts/compare-matchers.sh, which installs the peers and builds roadgeo; or by hand:
  python3 scripts/compare_matchers.py --roadgeo .build/release/roadgeo --out matcheval-out
"""
import argparse
import json
import math
import os
import random
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

import networkx as nx
import numpy as np
from pyproj import CRS, Transformer

ROOT = Path(__file__).resolve().parent.parent
NETWORKS = {
    "heidelberg": ROOT / "data/heidelberg_roads.geojson",
    "andorra": ROOT / "../shared/data/roads/andorra_roads.geojson",
    "moscow": ROOT / "data/moscow_roads.geojson",
    "liechtenstein": ROOT / "../shared/data/roads/liechtenstein_roads.geojson",
    "helsinki": ROOT / "../shared/data/roads/helsinki_roads.geojson",
}
# `highway` values a car may use: routes are driven on these, and every matcher sees only them.
DRIVE = {"motorway", "motorway_link", "trunk", "trunk_link", "primary", "primary_link", "secondary",
         "secondary_link", "tertiary", "tertiary_link", "unclassified", "residential", "living_street",
         "service", "road"}
MATCHERS = ["roadgeo", "leuven", "mappymatch"]
LABEL = {"roadgeo": "RoadGeo", "leuven": "leuvenmapmatching", "mappymatch": "mappymatch",
         "stub": "stub (nearest edge; NOT RoadGeo)"}


class Timeout(Exception):
    pass


def quiet_libraries():
    """leuvenmapmatching logs every trace at INFO and mappymatch turns the root logger on at INFO."""
    import logging
    logging.getLogger().setLevel(logging.WARNING)
    logging.getLogger("be.kuleuven.cs.dtai.mapmatching").setLevel(logging.WARNING)


def log(*a):
    print(*a, file=sys.stderr, flush=True)


# ----------------------------------------------------------------------------- the graph

class Net:
    """graph.json from `roadgeo graph`, with a local metric plane and a routing graph."""

    def __init__(self, name, graph_path, roads_path):
        self.name, self.roads_path = name, str(roads_path)
        g = json.loads(Path(graph_path).read_text())
        self.nodes, self.edges = g["nodes"], g["edges"]
        lon0 = statistics.median(n[0] for n in self.nodes)
        lat0 = statistics.median(n[1] for n in self.nodes)
        self.crs = CRS.from_proj4(f"+proj=aeqd +lat_0={lat0} +lon_0={lon0} +datum=WGS84 +units=m +no_defs")
        self.to_xy = Transformer.from_crs("EPSG:4326", self.crs, always_xy=True)
        self.to_ll = Transformer.from_crs(self.crs, "EPSG:4326", always_xy=True)
        # Every edge's geometry in the plane, and the measure at each of its vertices (the
        # graph gives the measures of its ends; vertices in between by their share of the length).
        flat = [c for e in self.edges for c in e["coordinates"]]
        xs, ys = self.to_xy.transform([c[0] for c in flat], [c[1] for c in flat])
        k = 0
        for e in self.edges:
            n = len(e["coordinates"])
            xy = np.column_stack([xs[k:k + n], ys[k:k + n]])
            k += n
            step = np.hypot(*np.diff(xy, axis=0).T)
            cum = np.concatenate([[0.0], np.cumsum(step)])
            share = cum / cum[-1] if cum[-1] > 0 else np.linspace(0, 1, n)
            e["_xy"], e["_m"] = xy, e["from_m"] + (e["to_m"] - e["from_m"]) * share
        # Routing: one arc per allowed direction, the shortest of parallel edges kept.
        self.G = nx.DiGraph()
        for k, e in enumerate(self.edges):
            if e["from"] == e["to"]:
                continue
            for (u, v, ok) in ((e["from"], e["to"], e["forward"]), (e["to"], e["from"], e["backward"])):
                if ok and (not self.G.has_edge(u, v) or self.G[u][v]["w"] > e["length_m"]):
                    self.G.add_edge(u, v, w=e["length_m"], k=k)
        big = max(nx.strongly_connected_components(self.G), key=len)
        self.route_nodes = sorted(big)

    def stretch(self, k, u):
        """Edge k travelled from node u: (road_index, from_m, to_m) in travel order."""
        e = self.edges[k]
        return (e["road_index"], e["from_m"], e["to_m"]) if u == e["from"] else (e["road_index"], e["to_m"], e["from_m"])


# ----------------------------------------------------------------------------- traces with truth

def random_route(net, rng, min_m, max_m):
    """Node path of a shortest route whose length is near a random target in [min_m, max_m]."""
    for _ in range(100):
        s = rng.choice(net.route_nodes)
        dist = nx.single_source_dijkstra_path_length(net.G, s, cutoff=max_m, weight="w")
        cands = sorted((d, t) for t, d in dist.items() if d >= min_m)
        if not cands:
            continue
        target = rng.uniform(min_m, min(max_m, cands[-1][0]))
        d, t = min(cands, key=lambda c: (abs(c[0] - target), c[1]))
        return nx.dijkstra_path(net.G, s, t, weight="w")
    raise RuntimeError(f"{net.name}: no two nodes {min_m}-{max_m} m apart found")


def make_trace(net, route, sigma, dt, rng, outlier_rate):
    """Fixes along a node route: (lon, lat, t) list, truth stretches, truth length, fixes' own length."""
    truth, pts = [], []
    for u, v in zip(route, route[1:]):
        k = net.G[u][v]["k"]
        truth.append(net.stretch(k, u))
        xy = net.edges[k]["_xy"]
        xy = xy if u == net.edges[k]["from"] else xy[::-1]
        pts.extend(xy if not pts else xy[1:])
    pts = np.array(pts)
    cum = np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(pts, axis=0).T))])
    length = sum(abs(t - f) for _, f, t in truth)
    speed0 = rng.uniform(10, 15)
    n = max(1, math.ceil(length / (speed0 * dt)))
    s = np.linspace(0, cum[-1], n + 1)
    x, y = np.interp(s, cum, pts[:, 0]), np.interp(s, cum, pts[:, 1])
    x = x + np.array([rng.gauss(0, sigma) for _ in s])
    y = y + np.array([rng.gauss(0, sigma) for _ in s])
    outliers = 0
    for i in range(1, n):
        if rng.random() < outlier_rate:
            r, a = rng.uniform(100, 300), rng.uniform(0, 2 * math.pi)
            x[i] += r * math.cos(a)
            y[i] += r * math.sin(a)
            outliers += 1
    lon, lat = net.to_ll.transform(x, y)
    fixes = [(float(a), float(b), i * dt) for i, (a, b) in enumerate(zip(lon, lat))]
    own = float(np.sum(np.hypot(np.diff(x), np.diff(y))))
    return {"fixes": fixes, "xy": np.column_stack([x, y]), "truth": merge(truth), "truth_m": length,
            "trace_m": own, "speed": length / (n * dt), "outliers": outliers}


def write_csv(path, fixes):
    t0 = 1_767_258_000  # 2026-01-01T09:00:00Z
    with open(path, "w") as f:
        f.write("lon,lat,time\n")
        for lon, lat, t in fixes:
            stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t0 + t))
            f.write(f"{lon:.7f},{lat:.7f},{stamp}\n")


# ----------------------------------------------------------------------------- scoring

def merge(stretches):
    """Joins consecutive stretches that continue along one road in one direction."""
    out = []
    for r, f, t in stretches:
        if f == t:
            continue
        if out and out[-1][0] == r and abs(out[-1][2] - f) < 1e-6 and (out[-1][2] - out[-1][1]) * (t - f) > 0:
            out[-1] = (r, out[-1][1], t)
        else:
            out.append((r, f, t))
    return out


def intervals(stretches):
    """Per road, the union of the stretches' measure intervals (direction ignored)."""
    by = {}
    for r, f, t in stretches:
        by.setdefault(r, []).append((min(f, t), max(f, t)))
    out = {}
    for r, iv in by.items():
        iv.sort()
        u = [list(iv[0])]
        for a, b in iv[1:]:
            if a <= u[-1][1]:
                u[-1][1] = max(u[-1][1], b)
            else:
                u.append([a, b])
        out[r] = u
    return out


def overlap(a, b):
    """Total length of the intersection of two sorted disjoint interval lists."""
    i = j = 0
    total = 0.0
    while i < len(a) and j < len(b):
        lo, hi = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if hi > lo:
            total += hi - lo
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return total


def mismatch(truth, matched):
    """Newson & Krumm's route mismatch fraction (d- + d+) / d0, and d-, d+."""
    T, M = intervals(truth), intervals(matched)
    size = lambda d: sum(b - a for iv in d.values() for a, b in iv)
    d0, dm = size(T), size(M)
    common = sum(overlap(T[r], M[r]) for r in T if r in M)
    minus, plus = d0 - common, dm - common
    return (minus + plus) / d0, minus, plus


# ----------------------------------------------------------------------------- matchers

def roadgeo_match(exe, roads, csv_path, out_path, sigma, timeout, extra):
    cmd = [exe, "match", "--roads", roads, "--trace", str(csv_path), "--sigma", str(sigma), "--out", str(out_path)] + extra
    t0 = time.perf_counter()
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"ok": False, "error": f"timeout after {timeout} s", "timeout": True, "seconds": timeout}
    seconds = time.perf_counter() - t0
    if p.returncode != 0:
        return {"ok": False, "error": f"exit {p.returncode}: {p.stderr.strip()[-300:]}", "seconds": seconds}
    doc = json.loads(Path(out_path).read_text())
    stretches, pieces, matched_fixes = [], set(), 0
    for f in doc.get("features", []):
        pr = f.get("properties") or {}
        if pr.get("kind") == "stretch":
            stretches.append((int(pr["road_index"]), float(pr["from_m"]), float(pr["to_m"])))
            pieces.add(pr.get("piece"))
        elif pr.get("kind") == "fix" and pr.get("road_index") is not None:
            matched_fixes += 1
    return {"ok": bool(stretches), "error": None if stretches else "no stretch matched", "stretches": stretches,
            "pieces": len(pieces), "matched_fixes": matched_fixes, "seconds": seconds}


def roadgeo_startup(exe, roads, work, extra):
    """Median wall time of `roadgeo match` on a two-fix trace: process start and network load,
    subtracted from each run so the time per fix is the matcher's."""
    csv_path, out_path = work / "startup.csv", work / "startup.geojson"
    first = None
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        p = subprocess.run([exe, "match", "--roads", roads, "--trace", str(csv_path), "--sigma", "10",
                            "--out", str(out_path)] + extra, capture_output=True, text=True)
        times.append(time.perf_counter() - t0)
        first = first or p
    return statistics.median(times), first


class Leuven:
    """leuvenmapmatching's DistanceMatcher on an InMemMap of the same graph: every vertex of
    every edge a map node (InMemMap edges are straight), each allowed direction a map edge."""

    def __init__(self, net):
        from leuvenmapmatching.map.inmem import InMemMap
        self.net = net
        self.map = InMemMap(net.name, use_latlon=True, use_rtree=True, index_edges=True)
        for i, (lon, lat) in enumerate(net.nodes):
            self.map.add_node(i, (lat, lon))
        self.seg = {}
        nid = len(net.nodes)
        for e in net.edges:
            c, m = e["coordinates"], e["_m"]
            ids = [e["from"]]
            for lon, lat in c[1:-1]:
                self.map.add_node(nid, (lat, lon))
                ids.append(nid)
                nid += 1
            ids.append(e["to"])
            for j, (a, b) in enumerate(zip(ids, ids[1:])):
                if a == b:
                    continue
                if e["forward"]:
                    self.map.add_edge(a, b)
                    self.seg.setdefault((a, b), (e["road_index"], float(m[j]), float(m[j + 1])))
                if e["backward"]:
                    self.map.add_edge(b, a)
                    self.seg.setdefault((b, a), (e["road_index"], float(m[j + 1]), float(m[j])))

    def match(self, fixes, xy, sigma):
        from leuvenmapmatching.matcher.distance import DistanceMatcher
        # Newson and Krumm's thinning, which RoadGeo and mappymatch do inside and leuven does
        # not: a fix within 2 sigma of the last one kept is dropped (else leuven's path zigzags
        # along the road with the noise of dense fixes).
        keep = [0]
        for i in range(1, len(fixes)):
            if i == len(fixes) - 1 or math.hypot(*(xy[i] - xy[keep[-1]])) > 2 * sigma:
                keep.append(i)
        path = [(fixes[i][1], fixes[i][0]) for i in keep]
        stretches, start, pieces, matched = [], 0, 0, 0
        while start < len(path) - 1:
            # As leuven's own example for real traces, with its noise parameters set to sigma; the
            # hard cut max_dist leaves room for the straight-line interpolation leuven uses for
            # non-emitting states between sparse fixes (60 m found too tight at 30 s sampling).
            m = DistanceMatcher(self.map, obs_noise=sigma, obs_noise_ne=1.5 * sigma, dist_noise=sigma,
                                max_dist=100 + 4 * sigma, max_dist_init=max(60.0, 4 * sigma),
                                min_prob_norm=0.001, non_emitting_states=True, non_emitting_length_factor=0.75,
                                max_lattice_width=10)
            _, last = m.match(path[start:])
            best = m.lattice_best or []
            if best:
                stretches += self.stretches(m, best)
                pieces += 1
                matched += sum(1 for b in best if b.is_emitting())
            # On an early stop, go on after the fix it stopped at (leuven's documented way).
            if m.early_stop_idx is None:
                break
            start += max(m.early_stop_idx, last) + 1
        return {"ok": bool(stretches), "error": None if stretches else "no match", "stretches": stretches,
                "pieces": pieces, "matched_fixes": matched}

    def stretches(self, m, best):
        nodes = m.path_pred_onlynodes
        segs = list(zip(nodes, nodes[1:]))
        if not segs:
            return []
        out = [self.seg[s] for s in segs if s in self.seg]
        if len(out) != len(segs):
            return []
        f0, fl = best[0].edge_m, best[-1].edge_m
        # Trim the first and last segments to where the first and last fixes were projected.
        r, a, b = out[0]
        if (f0.l1, f0.l2) == segs[0]:
            out[0] = (r, a + f0.ti * (b - a), b)
        r, a, b = out[-1]
        if (fl.l1, fl.l2) == segs[-1]:
            end = self.seg[segs[-1]]
            out[-1] = (r, a, end[1] + fl.ti * (end[2] - end[1]))
        return merge(out)


class MappyMatch:
    """mappymatch's LCSSMatcher on an NxMap of the same graph, in the same local metric plane:
    a MultiDiGraph with one edge per allowed direction keyed by its graph.json index, with
    `geometry` (a LineString in the plane), `kilometers`, `travel_time` and `metadata`."""

    def __init__(self, net):
        from shapely.geometry import LineString
        from mappymatch.maps.nx.nx_map import NxMap
        self.net = net
        g = nx.MultiDiGraph()
        g.graph.update(crs=net.crs, distance_weight="kilometers", time_weight="kilometers", geometry_key="geometry")
        # Shortest first: NxMap.shortest_path takes the first key between two nodes.
        for k in sorted(range(len(net.edges)), key=lambda k: net.edges[k]["length_m"]):
            e = net.edges[k]
            if e["from"] == e["to"]:
                continue
            for u, v, ok, xy in ((e["from"], e["to"], e["forward"], e["_xy"]), (e["to"], e["from"], e["backward"], e["_xy"][::-1])):
                if ok:
                    g.add_edge(u, v, key=k, geometry=LineString(xy), kilometers=e["length_m"] / 1000,
                               travel_time=e["length_m"] / 12.0, metadata={"road_index": e["road_index"]})
        self.map = NxMap(g)

    def match(self, fixes, xy, sigma):
        import geopandas as gpd
        from mappymatch.constructs.trace import Trace
        from mappymatch.matchers.lcss.lcss import LCSSMatcher
        frame = gpd.GeoDataFrame(geometry=gpd.points_from_xy(xy[:, 0], xy[:, 1]), crs=self.net.crs)
        trace = Trace.from_geo_dataframe(frame, xy=False)
        result = LCSSMatcher(self.map, distance_epsilon=max(50.0, 3 * sigma)).match_trace(trace)
        stretches = [self.net.stretch(r.road_id.key, r.road_id.start) for r in (result.path or [])]
        matched = sum(1 for mt in result.matches if mt.road is not None)
        return {"ok": bool(stretches), "error": None if stretches else "empty path", "stretches": merge(stretches),
                "pieces": 1 if stretches else 0, "matched_fixes": matched}


class Stub:
    """For testing this harness only, before `roadgeo match` exists: each fix snapped to its
    nearest edge, those edges joined by shortest paths. Labelled as a stub everywhere."""

    def __init__(self, net):
        from shapely import STRtree
        from shapely.geometry import LineString
        self.net = net
        self.keys = [k for k, e in enumerate(net.edges) if e["forward"] or e["backward"]]
        self.tree = STRtree([LineString(net.edges[k]["_xy"]) for k in self.keys])

    def match(self, fixes, xy, sigma):
        from shapely.geometry import Point
        seq = []
        for x, y in xy:
            k = self.keys[int(self.tree.nearest(Point(x, y)))]
            if not seq or seq[-1] != k:
                seq.append(k)
        out = []
        for a, b in zip(seq, seq[1:]):
            ea, eb = self.net.edges[a], self.net.edges[b]
            try:
                nodes = nx.dijkstra_path(self.net.G, ea["to"], eb["from"], weight="w")
            except (nx.NetworkXNoPath, nx.NodeNotFound):
                continue
            out.append(self.net.stretch(a, ea["from"]))
            out += [self.net.stretch(self.net.G[u][v]["k"], u) for u, v in zip(nodes, nodes[1:])]
        if seq:
            out.append(self.net.stretch(seq[-1], self.net.edges[seq[-1]]["from"]))
        return {"ok": bool(out), "error": None, "stretches": merge(out), "pieces": 1, "matched_fixes": len(xy)}


def with_timeout(seconds, fn, *args):
    def handler(_sig, _frame):
        raise Timeout()
    old = signal.signal(signal.SIGALRM, handler)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    t0 = time.perf_counter()
    try:
        r = fn(*args)
    except Timeout:
        r = {"ok": False, "error": f"timeout after {seconds} s", "timeout": True}
    except Exception as ex:  # a peer's own exception is its failure on this trace, reported
        r = {"ok": False, "error": f"{type(ex).__name__}: {str(ex)[:200]}"}
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    r["seconds"] = time.perf_counter() - t0
    return r


# ----------------------------------------------------------------------------- the run

def prepare(name, src, work, exe, oneway, drive_only):
    """Filtered roads, their snapshot (what `roadgeo match` loads) and graph.json from it."""
    d = work / name
    d.mkdir(parents=True, exist_ok=True)
    doc = json.loads(Path(src).read_text())
    if drive_only:
        doc["features"] = [f for f in doc["features"] if (f.get("properties") or {}).get("highway") in DRIVE]
    roads = d / "roads.geojson"
    roads.write_text(json.dumps(doc))
    snap = d / "roads.rgnet"
    subprocess.run([exe, "snapshot", "--roads", str(roads), "--out", str(snap)], check=True, capture_output=True)
    graph = d / "graph.json"
    cmd = [exe, "graph", "--roads", str(snap), "--out", str(graph)] + (["--oneway"] if oneway else [])
    p = subprocess.run(cmd, check=True, capture_output=True, text=True)
    log(p.stdout.strip())
    return str(snap), graph


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--roadgeo", default=str(ROOT / ".build/release/roadgeo"), help="the roadgeo executable")
    ap.add_argument("--out", default="matcheval-out", help="work folder: traces, matches, results.json")
    ap.add_argument("--networks", default="heidelberg,andorra", help=f"comma-separated, of {','.join(NETWORKS)}")
    ap.add_argument("--sigmas", default="5,10,20,30", help="GPS noise sigma, metres")
    ap.add_argument("--intervals", default="1,5,10,30", help="seconds between fixes")
    ap.add_argument("--traces-per-cell", type=int, default=4, help="traces per network, sigma and interval")
    ap.add_argument("--min-km", type=float, default=2.0)
    ap.add_argument("--max-km", type=float, default=10.0)
    ap.add_argument("--outliers", type=float, default=0.015, help="share of fixes moved 100-300 m")
    ap.add_argument("--seed", type=int, default=19)
    ap.add_argument("--timeout", type=float, default=30.0, help="seconds per trace per matcher; over it is a failure")
    ap.add_argument("--budget", type=float, default=780.0, help="seconds for the whole run; a peer over its share skips the rest (counted)")
    ap.add_argument("--peers", default="leuven,mappymatch", help="Python matchers to run beside RoadGeo ('' for none)")
    ap.add_argument("--stub", action="store_true", help="without `roadgeo match`: run a nearest-edge stub (labelled as such) to test the harness")
    ap.add_argument("--oneway", action="store_true", help="honour one-way streets (graph, routes, peers; --oneway to roadgeo match)")
    ap.add_argument("--all-roads", action="store_true", help="keep footways, paths, tracks ... (default: roads a car may use)")
    ap.add_argument("--detour-factor", type=float, default=1.5)
    a = ap.parse_args()

    started = time.perf_counter()
    work = Path(a.out)
    work.mkdir(parents=True, exist_ok=True)
    exe = a.roadgeo
    sigmas = [float(s) for s in a.sigmas.split(",")]
    intervals_s = [float(s) for s in a.intervals.split(",")]
    peers = [p for p in a.peers.split(",") if p]
    have_match = subprocess.run([exe, "match", "--help"], capture_output=True, text=True)
    match_help = have_match.stdout
    matchers = []
    if have_match.returncode == 0 and "--trace" in match_help:
        matchers.append("roadgeo")
    elif a.stub:
        matchers.append("stub")
        log("roadgeo match is not available: running the nearest-edge STUB in its place (harness test only)")
    else:
        log("roadgeo match is not available in", exe, "- RoadGeo column skipped (see --stub)")
    matchers += peers
    extra = []
    if a.oneway:
        if "--oneway" in match_help:
            extra.append("--oneway")
        elif "roadgeo" in matchers:
            log("warning: roadgeo match has no --oneway; it matches on a two-way graph")

    versions = {}
    for mod, dist in (("leuven", "leuvenmapmatching"), ("mappymatch", "mappymatch"), ("nx", "networkx")):
        try:
            from importlib.metadata import version
            versions[dist] = version(dist)
        except Exception:
            versions[dist] = None

    rows = []
    for name in a.networks.split(","):
        src = NETWORKS[name]
        t0 = time.perf_counter()
        roads, graph = prepare(name, src, work, exe, a.oneway, not a.all_roads)
        net = Net(name, graph, roads)
        runners, build_s = {}, {}
        for m in matchers:
            tb = time.perf_counter()
            if m == "leuven":
                runners[m] = Leuven(net)
            elif m == "mappymatch":
                runners[m] = MappyMatch(net)
            elif m == "stub":
                runners[m] = Stub(net)
            build_s[m] = time.perf_counter() - tb
        quiet_libraries()
        log(f"{name}: {len(net.nodes)} nodes, {len(net.edges)} edges; maps built in "
            + ", ".join(f"{m} {s:.1f} s" for m, s in build_s.items()) + f" (prepared in {time.perf_counter() - t0:.1f} s)")
        startup = 0.0
        if "roadgeo" in matchers:
            write_csv(work / "startup.csv", [(net.nodes[0][0], net.nodes[0][1], 0), (net.nodes[0][0], net.nodes[0][1], 1)])
            startup, p = roadgeo_startup(exe, roads, work, extra)
            log(f"{name}: roadgeo match start-up (process + snapshot load) {startup * 1000:.0f} ms, subtracted from its times")
        rng = random.Random(f"{a.seed}/{name}")
        tdir = work / name / "traces"
        tdir.mkdir(exist_ok=True)
        for sigma in sigmas:
            for dt in intervals_s:
                for i in range(a.traces_per_cell):
                    route = random_route(net, rng, a.min_km * 1000, a.max_km * 1000)
                    tr = make_trace(net, route, sigma, dt, rng, a.outliers)
                    stem = tdir / f"s{sigma:g}_dt{dt:g}_{i}"
                    write_csv(f"{stem}.csv", tr["fixes"])
                    Path(f"{stem}.truth.json").write_text(json.dumps({"stretches": tr["truth"], "length_m": tr["truth_m"]}))
                    row = {"network": name, "sigma": sigma, "dt": dt, "i": i, "fixes": len(tr["fixes"]),
                           "truth_m": tr["truth_m"], "trace_m": tr["trace_m"], "speed": tr["speed"],
                           "outliers": tr["outliers"], "results": {}}
                    for m in matchers:
                        over = time.perf_counter() - started > a.budget
                        if m == "roadgeo":
                            r = roadgeo_match(exe, roads, f"{stem}.csv", f"{stem}.roadgeo.geojson", sigma, a.timeout, extra)
                            r["seconds"] = max(0.0, r["seconds"] - startup)
                        elif over:
                            r = {"ok": False, "error": "skipped: run budget spent", "skipped": True, "seconds": 0.0}
                        else:
                            r = with_timeout(a.timeout, runners[m].match, tr["fixes"], tr["xy"], sigma)
                        st = r.pop("stretches", []) if r.get("ok") else []
                        r.pop("stretches", None)
                        frac, minus, plus = mismatch(tr["truth"], st) if st else (1.0, tr["truth_m"], 0.0)
                        matched_m = sum(abs(t - f) for _, f, t in st)
                        r.update(mismatch=frac, d_minus=minus, d_plus=plus, matched_m=matched_m,
                                 detour=matched_m > a.detour_factor * tr["truth_m"],
                                 detour_trace=matched_m > a.detour_factor * tr["trace_m"])
                        row["results"][m] = r
                        if not r["ok"] and not r.get("skipped"):
                            log(f"  {name} s={sigma:g} dt={dt:g} #{i}: {m} failed: {r['error']}")
                    rows.append(row)
            log(f"{name} sigma {sigma:g} m done ({time.perf_counter() - started:.0f} s)  "
                + "  ".join(f"{m} {statistics.mean(r['results'][m]['mismatch'] for r in rows if r['network'] == name and r['sigma'] == sigma):.3f}" for m in matchers))

    cells = summarize(rows, matchers)
    print_table(cells, matchers, a)
    out = {"settings": vars(a), "versions": versions, "matchers": matchers, "roadgeo_match_extra_args": extra,
           "seconds": time.perf_counter() - started, "cells": cells, "traces": rows}
    (work / "results.json").write_text(json.dumps(out, indent=1))
    log(f"results -> {work / 'results.json'} ({time.perf_counter() - started:.0f} s)")


def summarize(rows, matchers):
    cells = []
    keys = sorted({(r["sigma"], r["dt"]) for r in rows})
    for network in [None] + sorted({r["network"] for r in rows}):
        for sigma, dt in keys:
            sel = [r for r in rows if r["sigma"] == sigma and r["dt"] == dt and (network is None or r["network"] == network)]
            if not sel:
                continue
            c = {"network": network or "all", "sigma": sigma, "dt": dt, "traces": len(sel),
                 "fixes": sum(r["fixes"] for r in sel)}
            for m in matchers:
                res = [r["results"][m] for r in sel]
                ran = [x for x in res if not x.get("skipped")]
                ok = [x for x in ran if x["ok"]]
                per_fix = [x["seconds"] / r["fixes"] for r, x in zip(sel, res) if not x.get("skipped") and x["ok"]]
                c[m] = {"mismatch": statistics.mean(x["mismatch"] for x in ran) if ran else None,
                        "mismatch_ok": statistics.mean(x["mismatch"] for x in ok) if ok else None,
                        "failures": len(ran) - len(ok), "timeouts": sum(1 for x in ran if x.get("timeout")),
                        "skipped": len(res) - len(ran), "detours": sum(1 for x in ran if x["detour"]),
                        "detours_vs_trace": sum(1 for x in ran if x["detour_trace"]),
                        "ms_per_fix": 1000 * statistics.mean(per_fix) if per_fix else None}
            cells.append(c)
    return cells


def print_table(cells, matchers, a):
    fmt = lambda v, p=3: "   -  " if v is None else f"{v:.{p}f}"
    print(f"\nRoute mismatch fraction (Newson & Krumm), mean over traces; fail = failed/timed out (counted as 1.0); "
          f"det = matched > {a.detour_factor}x truth length; ms/fix = mean time per fix in the same run")
    head = f"{'network':<11}{'sigma':>6}{'dt':>5}{'n':>4} |"
    for m in matchers:
        head += f" {LABEL[m][:17]:>17} {'fail':>4} {'det':>3} {'ms/fix':>7} |"
    print(head)
    print("-" * len(head))
    for c in cells:
        line = f"{c['network']:<11}{c['sigma']:>6g}{c['dt']:>5g}{c['traces']:>4} |"
        for m in matchers:
            x = c[m]
            fail = x["failures"] + x["skipped"]
            line += f" {fmt(x['mismatch']):>17} {fail:>4} {x['detours']:>3} {fmt(x['ms_per_fix'], 2):>7} |"
        print(line)
    if any(c[m]["skipped"] for c in cells for m in matchers):
        print("(fail includes traces skipped once the run's --budget was spent)")
    print_targets(cells, matchers)


def print_targets(cells, matchers):
    """Issue 19's targets, read off the pooled ('all') cells."""
    ours = next((m for m in matchers if m in ("roadgeo", "stub")), None)
    peers = [m for m in matchers if m not in ("roadgeo", "stub")]
    pooled = [c for c in cells if c["network"] == "all"]
    if ours is None or not pooled:
        return
    print(f"\nTargets ({LABEL[ours]}):")
    for sigma in sorted({c["sigma"] for c in pooled}):
        sel = [c for c in pooled if c["sigma"] == sigma]
        mean = lambda m: statistics.mean(c[m]["mismatch"] for c in sel if c[m]["mismatch"] is not None) \
            if any(c[m]["mismatch"] is not None for c in sel) else None
        own = mean(ours)
        best = min(((mean(m), m) for m in peers if mean(m) is not None), default=None)
        if best is None:
            print(f"  sigma {sigma:g} m: {own:.3f} (no peer ran)")
        else:
            verdict = "met" if own <= best[0] else "NOT met"
            print(f"  sigma {sigma:g} m: mismatch {own:.3f} vs best peer {LABEL[best[1]]} {best[0]:.3f}: {verdict}")
    cell = next((c for c in pooled if c["sigma"] == 10 and c["dt"] == 5), None)
    if cell:
        v = cell[ours]["mismatch"]
        print(f"  sigma 10 m, 5 s: mismatch {v:.3f} (target < 0.05: {'met' if v < 0.05 else 'NOT met'})")
    detours = sum(c[ours]["detours"] for c in pooled)
    print(f"  detours (matched > 1.5x truth length): {detours} (target 0: {'met' if detours == 0 else 'NOT met'})")


if __name__ == "__main__":
    main()
