import CGEOS
import Foundation
import RoadGeo

extension Workloads {
    /// W4: snap the report points to the nearest road within 50 m, returning road, snapped
    /// lon/lat, distance (m) and measure (m). RoadGeo's `RoadNetwork.snap` on one thread and in
    /// batch on all threads, against the peers' GEOS recipe: an STRtree of road LineStrings
    /// (in a metre-scaled plane), `GEOSSTRtree_nearest_generic_r` with `GEOSDistance_r`, then
    /// `GEOSProject_r` + `GEOSInterpolate_r` for the measure and the snapped point.
    static let snapping = Workload(id: "W4", title: "snap 100k reports to the nearest road within 50 m") { context, reporter in
        let lines = try context.roads()
        let reports = try context.reports()
        let n = reports.count
        let maxDistance = 50.0
        let options = SnapOptions(maxDistanceMeters: maxDistance)

        let buildStart = DispatchTime.now().uptimeNanoseconds
        let network = RoadNetwork(lines: lines)
        let buildSeconds = Double(DispatchTime.now().uptimeNanoseconds - buildStart) / 1e9
        reporter.note("W4", String(format: "network: %d roads, %d segments, built in %.3f s", network.roads.count, network.segmentCount, buildSeconds))

        // Restart: load a saved snapshot, against reading the GeoJSON (RoadGeo's reader) and rebuilding.
        let snapshot = network.snapshot()
        let load = try measure("W4", "RoadGeo snapshot load", n: 1, context: context) {
            try RoadNetwork(snapshot: snapshot).segmentCount
        }
        reporter.record(load)
        let rebuild = try measure("W4", "GeoJSON read+build", n: 1, context: context) {
            try RoadNetwork(contentsOfGeoJSON: context.roadsPath).segmentCount
        }
        reporter.record(rebuild)
        reporter.ratio(load, over: rebuild)
        reporter.note("W4", String(format: "snapshot %.1f MB, loads in %.1f ms", Double(snapshot.count) / 1_048_576, load.seconds * 1000))

        // Topology: the road graph (shared vertices + same-level crossings) and paths on it.
        let graphStart = DispatchTime.now().uptimeNanoseconds
        let graph = RoadGraph(network)
        let graphSeconds = Double(DispatchTime.now().uptimeNanoseconds - graphStart) / 1e9
        var pathScratch = RTreeQueryScratch()
        // Section-sized paths: from a report to a road point ~500 m east of it.
        var pairs: [(RoadSnap, RoadSnap)] = []
        for p in reports.prefix(400) {
            let east = Coordinate(p.longitude + 500 / LocalRuler(latitude: p.latitude).metersPerDegreeLongitude, p.latitude)
            if let a = network.snap(p, options: options, scratch: &pathScratch),
               let b = network.snap(east, options: SnapOptions(maxDistanceMeters: 300), scratch: &pathScratch) { pairs.append((a, b)) }
        }
        let pathStart = DispatchTime.now().uptimeNanoseconds
        var connected = 0
        var searchScratch = RoadGraph.SearchScratch()
        for (a, b) in pairs where graph.path(from: a, to: b, scratch: &searchScratch) != nil { connected += 1 }
        let pathSeconds = Double(DispatchTime.now().uptimeNanoseconds - pathStart) / 1e9
        reporter.note("W4", String(format: "graph: %d nodes, built in %.3f s; %d shortest paths (A*, reused scratch) between points ~500 m apart in %.3f s (%.2f ms each), %d connected",
                                   graph.nodeCount, graphSeconds, pairs.count, pathSeconds, 1000 * pathSeconds / Double(max(1, pairs.count)), connected))

        var results = [RoadSnap?](repeating: nil, count: n)
        let single = measure("W4", "RoadGeo 1 thread", n: n, context: context) {
            var scratch = RTreeQueryScratch()
            var matched = 0
            for i in 0..<n {
                results[i] = network.snap(reports[i], options: options, scratch: &scratch)
                if results[i] != nil { matched += 1 }
            }
            return matched
        }
        var scratch = RTreeQueryScratch()
        var timed = single
        timed.latency = latencies(n: min(n, 50_000)) { i in
            network.snap(reports[i], options: options, scratch: &scratch) == nil ? 0 : 1
        }
        reporter.record(timed)
        // Batch API on one thread: the same answers, asked in Hilbert order (cache-warm).
        var ordered = [RoadSnap?]()
        let orderedSingle = measure("W4", "RoadGeo batch 1 thread (Hilbert order)", n: n, context: context) {
            ordered = network.snap(reports, options: options, threads: 1)
            return ordered.reduce(0) { $0 + ($1 == nil ? 0 : 1) }
        }
        reporter.record(orderedSingle)
        reporter.note("W4", "batch answers vs one-by-one: \(ordered == results ? "identical" : "DIFFERENT")")
        let batch = measure("W4", "RoadGeo \(context.threads) threads", n: n, context: context) {
            network.snap(reports, options: options, threads: context.threads).reduce(0) { $0 + ($1 == nil ? 0 : 1) }
        }
        reporter.record(batch)

        // GEOS is ~10x slower: time it on the first 10k reports to keep the run short.
        let geosN = min(n, 10_000)
        let geos = try GEOSSnapBaseline(lines)
        var geosResults = [GEOSSnapBaseline.Hit?](repeating: nil, count: geosN)
        let base = measure("W4", "GEOS STRtree+Project", n: geosN, context: context) {
            var matched = 0
            for i in 0..<geosN {
                geosResults[i] = geos.snap(reports[i], maxDistanceMeters: maxDistance)
                if geosResults[i] != nil { matched += 1 }
            }
            return matched
        }
        reporter.record(base)
        reporter.ratio(single, over: base)
        reporter.ratio(orderedSingle, over: base)
        reporter.ratio(batch, over: base)

        // Agreement, away from the 50 m cut (GEOS measures in one plane for the whole network).
        var compared = 0, sameRoad = 0, sameMatch = 0
        var measureDifferences: [Double] = []
        for i in 0..<geosN {
            let ours = results[i], theirs = geosResults[i]
            let d = ours?.distanceMeters ?? theirs?.distanceMeters ?? .infinity
            if abs(d - maxDistance) < 0.5 { continue }
            compared += 1
            if (ours == nil) == (theirs == nil) { sameMatch += 1 }
            if let ours, let theirs, ours.roadIndex == theirs.road {
                sameRoad += 1
                measureDifferences.append(abs(ours.measureMeters - theirs.measureMeters))
            }
        }
        let matchedCount = results.reduce(0) { $0 + ($1 == nil ? 0 : 1) }
        measureDifferences.sort()
        let median = measureDifferences.isEmpty ? 0 : measureDifferences[measureDifferences.count / 2]
        let p99 = measureDifferences.isEmpty ? 0 : measureDifferences[measureDifferences.count * 99 / 100]
        reporter.note("W4", String(format: "%d of %d matched; vs GEOS on %d away from the cut: same match/no-match %.2f%%, same road %.2f%%, measure difference median %.3f m, p99 %.3f m (GEOS measures in one plane for the whole network)",
                                   matchedCount, n, compared, 100 * Double(sameMatch) / Double(max(1, compared)),
                                   100 * Double(sameRoad) / Double(max(1, compared)), median, p99))
    }
}

/// The peers' GEOS snapping recipe on lon/lat data: road LineStrings scaled into one metric
/// plane (metres per degree at the network's mean latitude, a stand-in for UTM), an STRtree
/// of them, nearest by `GEOSDistance_r`, then project and interpolate.
private final class GEOSSnapBaseline {
    struct Hit { var road: Int; var coordinate: Coordinate; var distanceMeters: Double; var measureMeters: Double }

    /// What the nearest callback reads.
    struct Callback {
        var roads: UnsafePointer<OpaquePointer>
        var query: OpaquePointer?
        var handle: OpaquePointer
    }

    let handle: OpaquePointer
    var roads: [OpaquePointer] = []
    var tree: OpaquePointer?
    let kx: Double, ky: Double

    init(_ lines: [Polyline]) throws {
        guard let h = GEOS_init_r() else { throw GEOSError(.contextUnavailable, "no context", operation: "GEOS_init_r") }
        handle = h
        let box = lines.reduce(BoundingBox.empty) { $0.union($1.boundingBox) }
        let ruler = LocalRuler(latitude: box.center.latitude)
        kx = ruler.metersPerDegreeLongitude; ky = ruler.metersPerDegreeLatitude
        for line in lines {
            var xy: [Double] = []
            xy.reserveCapacity(2 * line.count)
            for c in line.coordinates { xy.append(c.longitude * kx); xy.append(c.latitude * ky) }
            guard let seq = GEOSCoordSeq_copyFromBuffer_r(h, xy, UInt32(line.count), 0, 0),
                  let g = GEOSGeom_createLineString_r(h, seq) else {
                throw GEOSError(.geosFailure, "baseline road", operation: "GEOSGeom_createLineString_r")
            }
            roads.append(g)
        }
        guard let t = GEOSSTRtree_create_r(h, 10) else { throw GEOSError(.geosFailure, "no tree", operation: "GEOSSTRtree_create_r") }
        for (i, g) in roads.enumerated() { GEOSSTRtree_insert_r(h, t, g, UnsafeMutableRawPointer(bitPattern: i + 1)) }
        tree = t
    }

    deinit {
        if let tree { GEOSSTRtree_destroy_r(handle, tree) }
        for g in roads { GEOSGeom_destroy_r(handle, g) }
        GEOS_finish_r(handle)
    }

    func snap(_ p: Coordinate, maxDistanceMeters: Double) -> Hit? {
        guard let tree, let point = GEOSGeom_createPointFromXY_r(handle, p.longitude * kx, p.latitude * ky) else { return nil }
        defer { GEOSGeom_destroy_r(handle, point) }
        let found: UnsafeRawPointer? = roads.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return nil }
            var state = Callback(roads: base, query: point, handle: handle)
            return GEOSSTRtree_nearest_generic_r(handle, tree, UnsafeRawPointer(bitPattern: UInt.max), point, { item1, item2, distance, userdata in
                guard let userdata, let distance else { return 0 }
                let s = userdata.assumingMemoryBound(to: Callback.self).pointee
                func geometry(_ item: UnsafeRawPointer?) -> OpaquePointer? {
                    let raw = UInt(bitPattern: item)
                    return raw == UInt.max ? s.query : s.roads[Int(raw) - 1]
                }
                guard let a = geometry(item1), let b = geometry(item2) else { return 0 }
                return GEOSDistance_r(s.handle, a, b, distance)
            }, &state)
        }
        let index = Int(UInt(bitPattern: found)) - 1
        guard index >= 0, index < roads.count else { return nil }
        var d = 0.0
        guard GEOSDistance_r(handle, point, roads[index], &d) == 1, d <= maxDistanceMeters else { return nil }
        let m = GEOSProject_r(handle, roads[index], point)
        guard let q = GEOSInterpolate_r(handle, roads[index], m) else { return nil }
        defer { GEOSGeom_destroy_r(handle, q) }
        var x = 0.0, y = 0.0
        _ = GEOSGeomGetX_r(handle, q, &x)
        _ = GEOSGeomGetY_r(handle, q, &y)
        return Hit(road: index, coordinate: Coordinate(x / kx, y / ky), distanceMeters: d, measureMeters: m)
    }
}
