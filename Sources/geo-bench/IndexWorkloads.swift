import Foundation
import RoadGeo

/// W1-W3 of PEERS.md on road segments: RoadGeo's ``PackedRTree`` against GEOS's STRtree, on the
/// `--roads` network (default Heidelberg, ~190k segments) and on seeded synthetic grids of ~50k
/// and ~500k segments (``SyntheticGrid``), each with 100k seeded query points near its roads.
extension Workloads {
    static let indexBuild = Workload(id: "W1", title: "R-tree build over road segment boxes") { context, reporter in
        for (s, _) in try context.indexNetworks() {
            let label = "W1 \(s.name)"
            var tree = PackedRTree(boxes: s.boxes)
            let ours = measure(label, "RoadGeo PackedRTree", n: s.count, context: context) {
                tree = PackedRTree(boxes: s.boxes)
                return tree.count
            }
            reporter.record(ours)
            let geos = GEOSSTRtreeBaseline(s)
            let rssBefore = currentRSSMB()
            geos.build()
            let geosMB = max(0, currentRSSMB() - rssBefore)
            let base = measure(label, "GEOS STRtree", n: s.count, context: context) {
                geos.build()
                return 1
            }
            reporter.record(base)
            reporter.ratio(ours, over: base)
            let bytes = tree.serialized()
            let load = measure(label, "RoadGeo deserialize", n: s.count, context: context) {
                (try? PackedRTree(serialized: bytes))?.count ?? 0
            }
            reporter.record(load)
            reporter.note(label, String(format: "serialized %.1f MB; loading it takes %.2f ms vs %.2f ms to build",
                                        Double(bytes.count) / 1_048_576, load.seconds * 1000, ours.seconds * 1000))
            reporter.note(label, String(format: "memory per item: RoadGeo %.1f bytes (node size 16); GEOS STRtree ~%.0f bytes (RSS growth, excluding its geometries)",
                                        Double(tree.memoryBytes) / Double(s.count), geosMB * 1_048_576 / Double(s.count)))
        }
    }

    static let indexWindows = Workload(id: "W2", title: "100k random 300 m x 300 m window queries, count hits") { context, reporter in
        for (s, _) in try context.indexNetworks() {
            let label = "W2 \(s.name)"
            let windows = randomWindows(in: s.bounds, count: 100_000, sizeMeters: 300, seed: 2)
            let tree = PackedRTree(boxes: s.boxes)
            let ours = measure(label, "RoadGeo PackedRTree", n: windows.count, context: context) {
                var hits = 0
                for w in windows { tree.search(w) { _ in hits += 1; return true } }
                return hits
            }
            var ourHits = 0
            for w in windows { tree.search(w) { _ in ourHits += 1; return true } }
            var m = ours
            m.latency = latencies(n: windows.count) { i in
                var hits = 0
                tree.search(windows[i]) { _ in hits += 1; return true }
                return hits
            }
            reporter.record(m)
            let geos = GEOSSTRtreeBaseline(s)
            geos.build()
            var geosHits = 0
            var base = measure(label, "GEOS STRtree", n: windows.count, context: context) {
                var hits = 0
                for w in windows { hits += geos.count(in: w) }
                geosHits = hits
                return hits
            }
            base.latency = latencies(n: windows.count) { i in geos.count(in: windows[i]) }
            reporter.record(base)
            reporter.ratio(ours, over: base)
            reporter.note(label, "hits: RoadGeo \(ourHits), GEOS \(geosHits) (\(ourHits == geosHits ? "identical" : "DIFFERENT"))")
        }
    }

    static let indexNearest = Workload(id: "W3", title: "100k nearest-segment queries (k = 1, exact metres)") { context, reporter in
        for (s, queries) in try context.indexNetworks() {
            let label = "W3 \(s.name)"
            let tree = PackedRTree(boxes: s.boxes)
            let a = s.a, b = s.b
            var scratch = RTreeQueryScratch()
            func ourNearest(_ q: Coordinate) -> (Int, Double) {
                let ruler = LocalRuler(latitude: q.latitude)
                let kx = ruler.metersPerDegreeLongitude, ky = ruler.metersPerDegreeLatitude
                let hit = tree.nearestItem(to: q, scratch: &scratch) { i in
                    pointSegmentMeters(q.longitude, q.latitude, kx: kx, ky: ky, a[i], b[i])
                }
                return hit.map { ($0.index, $0.distanceMeters) } ?? (-1, 0)
            }
            var ours = measure(label, "RoadGeo PackedRTree", n: queries.count, context: context) {
                var sum = 0.0
                for q in queries { sum += ourNearest(q).1 }
                return Int(sum)
            }
            ours.latency = latencies(n: queries.count) { i in ourNearest(queries[i]).0 }
            reporter.record(ours)

            // GEOS answers the first `baseN` of the same queries (it is ~10x slower).
            let baseN = min(queries.count, 20_000)
            let geos = GEOSSTRtreeBaseline(s)
            geos.buildScaled()
            var mismatches = 0
            a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    var state = GEOSSTRtreeBaseline.NearestState(a: pa.baseAddress!, b: pb.baseAddress!)
                    withUnsafePointer(to: &state) { st in
                        var base = measure(label, "GEOS STRtree", n: baseN, context: context) {
                            var sum = 0.0
                            for i in 0..<baseN { sum += geos.nearest(queries[i], st).1 }
                            return Int(sum)
                        }
                        base.latency = latencies(n: baseN) { i in geos.nearest(queries[i], st).0 }
                        reporter.record(base)
                        reporter.ratio(ours, over: base)
                        for i in 0..<baseN where geos.nearest(queries[i], st).1 != ourNearest(queries[i]).1 { mismatches += 1 }
                    }
                }
            }
            reporter.note(label, "distances on the \(baseN) shared queries: \(mismatches == 0 ? "identical" : "\(mismatches) DIFFER")")
        }
    }
}

extension Workloads {
    /// The dynamic tree on the ~50k-segment grid: insert every segment one by one, remove a random
    /// half, answer 100k windows; against GEOS STRtree, which cannot change after its first query
    /// and so must be rebuilt (insert all + pack) to reflect the removals.
    static let indexDynamic = Workload(id: "rtree-dynamic", title: "DynamicRTree insert, remove, windows on ~50k segments") { context, reporter in
        guard let (s, _) = try context.indexNetworks().first(where: { $0.segments.name.hasPrefix("grid 50") }) else { return }
        let label = "dyn \(s.name)"
        var rng = SplitMix64(seed: 9)
        let removals = Array((0..<s.count).shuffled(using: &rng).prefix(s.count / 2))
        var tree = DynamicRTree()
        let inserts = measure(label, "RoadGeo insert 1-by-1", n: s.count, context: context) {
            tree = DynamicRTree()
            for b in s.boxes { tree.insert(b) }
            return tree.count
        }
        reporter.record(inserts)
        let removed = measure(label, "RoadGeo remove half", n: removals.count, context: context) {
            var t = tree
            for id in removals { t.remove(id) }
            return t.count
        }
        reporter.record(removed)
        let bulk = measure(label, "RoadGeo bulk load", n: s.count, context: context) { DynamicRTree(boxes: s.boxes).count }
        reporter.record(bulk)
        for id in removals { tree.remove(id) }
        let windows = randomWindows(in: s.bounds, count: 100_000, sizeMeters: 300, seed: 2)
        var dynHits = 0
        let dyn = measure(label, "RoadGeo dynamic windows", n: windows.count, context: context) {
            var hits = 0
            for w in windows { tree.search(w) { _ in hits += 1; return true } }
            dynHits = hits
            return hits
        }
        reporter.record(dyn)
        var kept = s
        let removedSet = Set(removals)
        kept.a = []; kept.b = []; kept.boxes = []
        for i in 0..<s.count where !removedSet.contains(i) { kept.a.append(s.a[i]); kept.b.append(s.b[i]); kept.boxes.append(s.boxes[i]) }
        let geos = GEOSSTRtreeBaseline(kept)
        let rebuild = measure(label, "GEOS STRtree rebuild", n: kept.count, context: context) { geos.build(); return 1 }
        reporter.record(rebuild)
        var geosHits = 0
        let base = measure(label, "GEOS STRtree windows", n: windows.count, context: context) {
            var hits = 0
            for w in windows { hits += geos.count(in: w) }
            geosHits = hits
            return hits
        }
        reporter.record(base)
        reporter.ratio(dyn, over: base)
        try tree.checkInvariants()
        reporter.note(label, "window hits after removals: RoadGeo \(dynHits), GEOS \(geosHits) (\(dynHits == geosHits ? "identical" : "DIFFERENT")); invariants hold")
    }
}

/// `count` seeded windows of `sizeMeters` x `sizeMeters` whose south-west corners are uniform in `bounds`.
private func randomWindows(in bounds: BoundingBox, count: Int, sizeMeters: Double, seed: UInt64) -> [BoundingBox] {
    var rng = SplitMix64(seed: seed)
    let ruler = LocalRuler(latitude: bounds.center.latitude)
    let w = sizeMeters / ruler.metersPerDegreeLongitude, h = sizeMeters / ruler.metersPerDegreeLatitude
    return (0..<count).map { _ in
        let x = Double.random(in: bounds.minX...max(bounds.minX, bounds.maxX - w), using: &rng)
        let y = Double.random(in: bounds.minY...max(bounds.minY, bounds.maxY - h), using: &rng)
        return BoundingBox(minX: x, minY: y, maxX: x + w, maxY: y + h)
    }
}

/// Current resident set size (VmRSS) in MiB.
private func currentRSSMB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
        return (line.split(separator: " ").compactMap { Double($0) }.first ?? 0) / 1024
    }
    return 0
}

