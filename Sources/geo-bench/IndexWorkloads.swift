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
            let str = measure(label, "RoadGeo PackedRTree STR", n: s.count, context: context) {
                PackedRTree(boxes: s.boxes, packing: .sortTileRecursive).count
            }
            reporter.record(str)
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
            reporter.ratio(str, over: base)
            let bytes = tree.serialized()
            let load = measure(label, "RoadGeo deserialize", n: s.count, context: context) {
                (try? PackedRTree(serialized: bytes))?.count ?? 0
            }
            reporter.record(load)
            reporter.note(label, String(format: "serialized %.1f MB; loading it takes %.2f ms vs %.2f ms to build",
                                        Double(bytes.count) / 1_048_576, load.seconds * 1000, ours.seconds * 1000))
            let geosBytes = geosMB * 1_048_576 / Double(s.count)
            reporter.note(label, String(format: "memory per item: RoadGeo %.1f bytes (node size 16); GEOS STRtree %@",
                                        Double(tree.memoryBytes) / Double(s.count),
                                        geosBytes >= 1 ? String(format: "~%.0f bytes (RSS growth, excluding its geometries)", geosBytes)
                                                       : "not measurable here (the heap reused freed pages)"))
        }
    }

    static let indexWindows = Workload(id: "W2", title: "100k random 300 m x 300 m window queries, count hits") { context, reporter in
        for (s, _) in try context.indexNetworks() {
            let label = "W2 \(s.name)"
            let windows = randomWindows(in: s.bounds, count: 100_000, sizeMeters: 300, seed: 2)
            var ourRuns: [Measurement] = []
            var ourHits = 0
            for packing in [PackedRTree.Packing.hilbert, .sortTileRecursive] {
                let tree = PackedRTree(boxes: s.boxes, packing: packing)
                var m = measure(label, packing == .hilbert ? "RoadGeo PackedRTree" : "RoadGeo PackedRTree STR", n: windows.count, context: context) {
                    var hits = 0
                    for w in windows { tree.search(w) { _ in hits += 1; return true } }
                    ourHits = hits
                    return hits
                }
                m.latency = latencies(n: windows.count) { i in
                    var hits = 0
                    tree.search(windows[i]) { _ in hits += 1; return true }
                    return hits
                }
                reporter.record(m)
                ourRuns.append(m)
                // Batch: the same windows asked in Hilbert order of their centres (sorting timed);
                // one packing is enough to show the cache effect and keeps the run short.
                guard packing == .hilbert else { continue }
                let batch = measure(label, (packing == .hilbert ? "RoadGeo" : "RoadGeo STR") + " batch (Hilbert order)",
                                    n: windows.count, context: context) {
                    var hits = 0
                    for i in PackedRTree.localityOrder(of: windows.map(\.center)) {
                        tree.search(windows[i]) { _ in hits += 1; return true }
                    }
                    return hits
                }
                reporter.record(batch)
                ourRuns.append(batch)
            }
            let geos = GEOSSTRtreeBaseline(s)
            geos.build()
            var geosHits = 0
            var base = measure(label, "GEOS STRtree", n: windows.count, context: context) {
                geosHits = geos.totalCount(in: windows)
                return geosHits
            }
            base.latency = latencies(n: windows.count) { i in geos.count(in: windows[i]) }
            reporter.record(base)
            for m in ourRuns { reporter.ratio(m, over: base) }
            reporter.note(label, "hits: RoadGeo \(ourHits), GEOS \(geosHits) (\(ourHits == geosHits ? "identical" : "DIFFERENT"))")
        }
    }

    static let indexNearest = Workload(id: "W3", title: "100k nearest-segment queries (k = 1, exact metres)") { context, reporter in
        for (s, queries) in try context.indexNetworks() {
            let label = "W3 \(s.name)"
            let a = s.a, b = s.b
            var scratch = RTreeQueryScratch()
            func ourNearest(_ tree: PackedRTree, _ q: Coordinate) -> (Int, Double) {
                let ruler = LocalRuler(latitude: q.latitude)
                let kx = ruler.metersPerDegreeLongitude, ky = ruler.metersPerDegreeLatitude
                var hit = (-1, 0.0)
                tree.forEachNearest(to: q, k: 1, metric: .itemDistance { i in
                    pointSegmentMeters(q.longitude, q.latitude, kx: kx, ky: ky, a[i], b[i])
                }, scratch: &scratch) { i, d in hit = (i, d); return false }
                return hit
            }
            func segmentNearest(_ index: SegmentRTree, _ q: Coordinate) -> (index: Int, distanceMeters: Double) {
                var hit = (index: -1, distanceMeters: 0.0)
                index.forEachNearest(to: q, k: 1, scratch: &scratch) { i, d in hit = (i, d); return false }
                return hit
            }
            var ourRuns: [Measurement] = []
            var trees: [PackedRTree] = []
            for packing in [PackedRTree.Packing.hilbert, .sortTileRecursive] {
                let tree = PackedRTree(boxes: s.boxes, packing: packing)
                trees.append(tree)
                var ours = measure(label, packing == .hilbert ? "RoadGeo PackedRTree" : "RoadGeo PackedRTree STR", n: queries.count, context: context) {
                    var sum = 0.0
                    for q in queries { sum += ourNearest(tree, q).1 }
                    return Int(sum)
                }
                ours.latency = latencies(n: queries.count) { i in ourNearest(tree, queries[i]).0 }
                reporter.record(ours)
                ourRuns.append(ours)
                // Batch: the same queries answered in Hilbert order (PackedRTree.localityOrder),
                // results kept in input order; sorting is included in the time. Shown for STR
                // packing only (the faster one for nearest), to keep the run short.
                guard packing == .sortTileRecursive else { continue }
                var batchIndex = [Int](repeating: -1, count: queries.count)
                let batch = measure(label, (packing == .hilbert ? "RoadGeo" : "RoadGeo STR") + " batch (Hilbert order)",
                                    n: queries.count, context: context) {
                    var sum = 0.0
                    for i in PackedRTree.localityOrder(of: queries) {
                        let hit = ourNearest(tree, queries[i])
                        batchIndex[i] = hit.0
                        sum += hit.1
                    }
                    return Int(sum)
                }
                reporter.record(batch)
                ourRuns.append(batch)
                let perQuery = (0..<queries.count).allSatisfy { ourNearest(tree, queries[$0]).0 == batchIndex[$0] }
                reporter.note(label, "\(packing == .hilbert ? "Hilbert" : "STR") batch answers vs one-by-one: \(perQuery ? "identical" : "DIFFERENT")")
            }

            // The segment index: same queries and distances, end points read from the leaves.
            let segmentIndex = SegmentRTree(starts: a, ends: b)
            var segmentRun = measure(label, "RoadGeo SegmentRTree", n: queries.count, context: context) {
                var sum = 0.0
                for q in queries { sum += segmentNearest(segmentIndex, q).distanceMeters }
                return Int(sum)
            }
            segmentRun.latency = latencies(n: queries.count) { i in segmentNearest(segmentIndex, queries[i]).index }
            reporter.record(segmentRun)
            ourRuns.append(segmentRun)
            var segmentBatch = [Double](repeating: 0, count: queries.count)
            let segmentBatchRun = measure(label, "RoadGeo SegmentRTree batch (Hilbert order)", n: queries.count, context: context) {
                var sum = 0.0
                for i in PackedRTree.localityOrder(of: queries) {
                    let d = segmentNearest(segmentIndex, queries[i]).distanceMeters
                    segmentBatch[i] = d
                    sum += d
                }
                return Int(sum)
            }
            reporter.record(segmentBatchRun)
            ourRuns.append(segmentBatchRun)
            reporter.note(label, String(format: "SegmentRTree memory: %.1f bytes per segment", Double(segmentIndex.memoryBytes) / Double(s.count)))

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
                        for m in ourRuns { reporter.ratio(m, over: base) }
                        for i in 0..<baseN {
                            let want = geos.nearest(queries[i], st).1
                            for tree in trees where ourNearest(tree, queries[i]).1 != want { mismatches += 1 }
                            if segmentBatch[i] != want { mismatches += 1 }
                        }
                    }
                }
            }
            reporter.note(label, "distances on the \(baseN) shared queries (both packings, SegmentRTree): \(mismatches == 0 ? "identical" : "\(mismatches) DIFFER")")
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
            geosHits = geos.totalCount(in: windows)
            return geosHits
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

