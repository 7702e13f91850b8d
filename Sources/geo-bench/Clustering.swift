import CGEOS
import Foundation
import RoadGeo

/// W5 of PEERS.md: DBSCAN (eps 15 m, minPoints 2) over the report points, index build included,
/// RoadGeo's ``DBSCAN`` against the same DBSCAN driven by GEOS's STRtree; and W5i, adds to a live
/// ``IncrementalClusterer`` already holding many reports, against re-running batch DBSCAN.
extension Workloads {
    static let clusterDBSCAN = Workload(id: "W5", title: "DBSCAN eps 15 m, minPoints 2 over the reports, index build included") { context, reporter in
        let points = try context.reports()
        let dbscan = DBSCAN(epsMeters: 15, minPoints: 2)
        var result = dbscan.cluster(points)
        let ours = measure("W5", "RoadGeo DBSCAN", n: points.count, context: context) {
            result = dbscan.cluster(points)
            return result.clusterCount
        }
        reporter.record(ours)
        var geosResult = result
        let base = measure("W5", "GEOS STRtree DBSCAN", n: points.count, context: context) {
            geosResult = geosDBSCAN(points, epsMeters: 15, minPoints: 2)
            return geosResult.clusterCount
        }
        reporter.record(base)
        reporter.ratio(ours, over: base)
        reporter.note("W5", "RoadGeo: \(result.clusterCount) clusters, \(result.noiseCount) noise of \(points.count) points; "
                      + "GEOS-driven: \(geosResult.clusterCount) clusters, \(geosResult.noiseCount) noise; labels "
                      + (geosResult.labels == result.labels ? "identical" : "DIFFERENT"))
        if let utm = peerPlanarCheck(context, points: points, ours: result) { reporter.note("W5", utm) }
    }

    static let clusterIncremental = Workload(id: "W5i", title: "incremental clusterer: 10k adds to a clusterer holding many reports") { context, reporter in
        // 1M preloaded reports take several seconds to generate and load; the default is 200k,
        // GEO_BENCH_CLUSTER_PRELOAD=1000000 runs the full-size case.
        let preload = Int(ProcessInfo.processInfo.environment["GEO_BENCH_CLUSTER_PRELOAD"] ?? "") ?? 200_000
        let adds = 10_000
        let batches = context.repetitions + 2   // warm-up, timed repetitions, latency sample
        let all = SyntheticReports.near(try context.roads(), count: preload + batches * adds, seed: 77)
        let stored = Array(all.prefix(preload))
        let loadStart = DispatchTime.now().uptimeNanoseconds
        var live = IncrementalClusterer(epsMeters: 15, minPoints: 2)
        live.bulkLoad(stored)
        let loadSeconds = Double(DispatchTime.now().uptimeNanoseconds - loadStart) / 1e9
        reporter.note("W5i", String(format: "bulk load of %d reports: %.2f s (%d clusters)", preload, loadSeconds, live.clusterCount))
        // Each run adds a fresh batch of 10k reports to the same live clusterer (it grows by 10k per run).
        var batch = 0
        var m = measure("W5i", "RoadGeo add (\(preload / 1000)k held)", n: adds, context: context) {
            let first = preload + batch * adds
            batch += 1
            var sum = 0
            for i in first..<(first + adds) { sum &+= live.add(all[i]).cluster ?? -1 }
            return sum
        }
        let sample = preload + batch * adds
        m.latency = latencies(n: adds) { i in live.add(all[sample + i]).report }
        reporter.record(m)
        // Why the clusterer keeps its own metre grid rather than a DynamicRTree: the index work of
        // one add alone (insert a point box + one 15 m within-query) on a DynamicRTree of the same size.
        var dynamic = DynamicRTree(boxes: DBSCAN.pointBoxes(stored))
        let probe = Array(all[(preload)..<(preload + adds)])
        let dynamicStart = DispatchTime.now().uptimeNanoseconds
        var dynamicHits = 0
        for p in probe {
            _ = dynamic.insert(BoundingBox(p))
            dynamic.forEachWithin(distanceMeters: 15, of: p) { _, _ in dynamicHits += 1; return true }
        }
        let dynamicMicros = Double(DispatchTime.now().uptimeNanoseconds - dynamicStart) / 1e3 / Double(adds)
        reporter.note("W5i", String(format: "index work alone on a DynamicRTree (insert + within 15 m): %.2f us per add (%d hits); the whole IncrementalClusterer add with its metre grid: %.2f us",
                                    dynamicMicros, dynamicHits, m.seconds / Double(adds) * 1e6))
        // Removals: 2,000 random held reports (seeded), one at a time, with latencies.
        var rng = SplitMix64(seed: 78)
        let victims = (0..<2_000).map { _ in Int.random(in: 0..<preload, using: &rng) }
        var removed = 0
        let removeStart = DispatchTime.now().uptimeNanoseconds
        let removeLatency = latencies(n: victims.count) { i in
            guard let r = live.remove(victims[i]) else { return 0 }
            removed += 1
            return r.events.count
        }
        let removeSeconds = Double(DispatchTime.now().uptimeNanoseconds - removeStart) / 1e9
        reporter.note("W5i", String(format: "remove: %d random held reports, %.2f us each on average (incl. clock reads); latency p50/p99/p99.9 %.2f/%.2f/%.2f us",
                                    removed, removeSeconds / Double(max(removed, 1)) * 1e6, removeLatency.p50, removeLatency.p99, removeLatency.p999))
        // Baseline: what a server without an incremental clusterer does per new report.
        let survivors = Set(live.reports)
        let everything = all.indices.filter { survivors.contains($0) }.map { all[$0] }
        let batchDBSCAN = DBSCAN(epsMeters: 15, minPoints: 2)
        let rerun = measure("W5i", "batch DBSCAN rerun", n: 1, context: context) {
            batchDBSCAN.cluster(everything).clusterCount
        }
        reporter.record(rerun)
        reporter.ratio(m, over: rerun)
        let check = batchDBSCAN.cluster(everything)
        reporter.note("W5i", String(format: "per add: %.2f us (median run); after all adds and removes: %d reports, %d clusters (batch DBSCAN on the same reports: %d)",
                                    m.seconds / Double(adds) * 1e6, live.count, live.clusterCount, check.clusterCount))
    }
}

extension Workloads {
    static let clusterAlongRoads = Workload(id: "W5r", title: "along-road DBSCAN eps 15 m on the reports snapped to the roads") { context, reporter in
        let network = RoadNetwork(lines: try context.roads())
        let points = try context.reports()
        let snaps = network.snap(points, options: SnapOptions(maxDistanceMeters: 50), threads: context.threads)
        let positions = snaps.enumerated().map { i, hit in
            hit.map { RoadPosition(roadIndex: $0.roadIndex, measureMeters: $0.measureMeters) } ?? RoadPosition(roadIndex: -1 - i, measureMeters: 0)
        }
        let topologyStart = DispatchTime.now().uptimeNanoseconds
        let topology = RoadConnections(network: network)
        let topologySeconds = Double(DispatchTime.now().uptimeNanoseconds - topologyStart) / 1e9
        let along = AlongRoadClustering(epsMeters: 15, minPoints: 2, connections: topology)
        var result = along.cluster(positions)
        let ours = measure("W5r", "RoadGeo along roads", n: points.count, context: context) {
            result = along.cluster(positions)
            return result.clusterCount
        }
        reporter.record(ours)
        var planar = DBSCAN(epsMeters: 15, minPoints: 2).cluster(points)
        let reference = measure("W5r", "RoadGeo DBSCAN (plane)", n: points.count, context: context) {
            planar = DBSCAN(epsMeters: 15, minPoints: 2).cluster(points)
            return planar.clusterCount
        }
        reporter.record(reference)
        reporter.ratio(ours, over: reference)
        reporter.note("W5r", String(format: "%d of %d reports snapped within 50 m; topology (%d junction places from RoadGraph nodes) built in %.3f s; along roads: %d clusters, %d noise; in the plane: %d clusters, %d noise",
                                    snaps.compactMap { $0 }.count, points.count, topology.junctions.values.reduce(0) { $0 + $1.count }, topologySeconds,
                                    result.clusterCount, result.noiseCount, planar.clusterCount, planar.noiseCount))
    }
}

/// DBSCAN with GEOS's STRtree (node capacity 10) as the neighbour index, the same labelling as
/// RoadGeo's: points go in as GEOS points with x = lon * kxMin, y = lat * kyMin (the smallest
/// metres per degree over the data's latitudes), so a square of eps around a point is a superset
/// of its neighbours; candidates are then checked with ``LocalRuler/distance(_:_:)``.
func geosDBSCAN(_ points: [Coordinate], epsMeters eps: Double, minPoints: Int) -> ClusterLabels {
    let handle = GEOS_init_r()
    defer { GEOS_finish_r(handle) }
    var minLat = Double.infinity, maxLat = -Double.infinity
    for p in points { minLat = min(minLat, p.latitude); maxLat = max(maxLat, p.latitude) }
    let kx = LocalRuler(latitude: max(abs(minLat), abs(maxLat)) + 0.01).metersPerDegreeLongitude * (1 - 1e-9)
    let ky = LocalRuler(latitude: max(0, min(abs(minLat), abs(maxLat)) - 0.01)).metersPerDegreeLatitude * (1 - 1e-9)
    guard let tree = GEOSSTRtree_create_r(handle, 10) else { return DBSCAN().cluster([]) }
    var geometries: [OpaquePointer] = []
    geometries.reserveCapacity(points.count)
    for (i, p) in points.enumerated() {
        guard let g = GEOSGeom_createPointFromXY_r(handle, p.longitude * kx, p.latitude * ky) else { continue }
        geometries.append(g)
        GEOSSTRtree_insert_r(handle, tree, g, UnsafeMutableRawPointer(bitPattern: i + 1))
    }
    defer {
        GEOSSTRtree_destroy_r(handle, tree)
        for g in geometries { GEOSGeom_destroy_r(handle, g) }
    }
    var found: [Int] = []
    return withUnsafeMutablePointer(to: &found) { foundPointer in
        DBSCAN(epsMeters: eps, minPoints: minPoints).cluster(count: points.count) { i, report in
            let p = points[i]
            let x = p.longitude * kx, y = p.latitude * ky
            guard let window = GEOSGeom_createRectangle_r(handle, x - eps, y - eps, x + eps, y + eps) else { return }
            foundPointer.pointee.removeAll(keepingCapacity: true)
            GEOSSTRtree_query_r(handle, tree, window, { item, userdata in
                userdata!.assumingMemoryBound(to: [Int].self).pointee.append(Int(bitPattern: item) - 1)
            }, foundPointer)
            GEOSGeom_destroy_r(handle, window)
            for j in foundPointer.pointee where LocalRuler.distance(p, points[j]) <= eps { report(j) }
        }
    }
}

/// On the peers' inputs (`--reports DIR/reports.geojson` beside `DIR/reports_utm.txt`), runs the same
/// DBSCAN labelling with the peers' metric, planar UTM 43N metres, and says how it compares with
/// RoadGeo's ellipsoidal metres. `nil` when the UTM file is not there.
private func peerPlanarCheck(_ context: BenchContext, points: [Coordinate], ours: ClusterLabels) -> String? {
    guard let reportsPath = context.reportsPath else { return nil }
    let utmPath = ((reportsPath as NSString).deletingLastPathComponent as NSString).appendingPathComponent("reports_utm.txt")
    guard let text = try? String(contentsOfFile: utmPath, encoding: .utf8) else { return nil }
    let fields = text.split(whereSeparator: { $0 == " " || $0 == "\n" })
    guard let n = fields.first.flatMap({ Int($0) }), n == points.count, fields.count >= 1 + 3 * n else {
        return "reports_utm.txt does not match the reports (\(points.count) points)"
    }
    var xy: [Coordinate] = []
    xy.reserveCapacity(n)
    for i in 0..<n {
        guard let x = Double(fields[2 + 3 * i]), let y = Double(fields[3 + 3 * i]) else { return "reports_utm.txt: bad line \(i + 2)" }
        xy.append(Coordinate(x, y))
    }
    let eps = 15.0
    // A PackedRTree over the planar points, used only for planar window searches.
    let tree = PackedRTree(boxes: xy.map { BoundingBox($0) })
    var onlyPlanar = 0, farthest = 0.0   // pairs within eps in UTM but not in RoadGeo's metres
    let planar = DBSCAN(epsMeters: eps, minPoints: 2).cluster(count: n) { i, report in
        let p = xy[i]
        tree.search(BoundingBox(minX: p.longitude - eps, minY: p.latitude - eps, maxX: p.longitude + eps, maxY: p.latitude + eps)) { j in
            let dx = xy[j].longitude - p.longitude, dy = xy[j].latitude - p.latitude
            if dx * dx + dy * dy <= eps * eps {
                report(j)
                let metres = LocalRuler.distance(points[i], points[j])
                if metres > eps { onlyPlanar += 1; farthest = max(farthest, metres) }
            }
            return true
        }
    }
    let differing = zip(planar.labels, ours.labels).filter { ($0 < 0) != ($1 < 0) }.count
    return "peers' metric (planar UTM 43N metres, same labelling): \(planar.clusterCount) clusters, \(planar.noiseCount) noise "
        + "(peers report 18,086 / 35,012 on medium); RoadGeo's ellipsoidal metres differ in the noise status of \(differing) points "
        + "(\(onlyPlanar / 2) pairs are within 15 m in UTM but not in ground metres, the farthest \(String(format: "%.4f", farthest)) m: UTM's scale factor 0.9996 shortens distances)"
}
