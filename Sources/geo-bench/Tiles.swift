import CGEOS
import Dispatch
import Foundation
import RoadGeo
import Synchronization

extension Workloads {
    /// W6: build the tiler over the road network (with its attributes), then render every z10
    /// and every z14 tile that a road crosses to a GeoJSON FeatureCollection, single thread;
    /// beside it GEOS (`GEOSClipByRect_r` + `GEOSSimplify_r` per feature per tile, the same
    /// candidate features, the same number formatting). Then the pyramid z5-14 on 1..N threads.
    static let tiles = Workload(id: "W6", title: "GeoJSON tiles: every z10 and z14 tile on the network (clip +64/4096, simplify 3/4096, serialize)") { context, reporter in
        let document = try GeoJSONReader().read(contentsOf: context.roadsPath)
        let features = try TileFeature.features(from: document, skippingInvalid: true)
        let segments = features.reduce(0) { n, f in
            switch f.geometry {
            case .line(let l): return n + l.segmentCount
            case .multiLine(let m): return n + m.parts.reduce(0) { $0 + $1.segmentCount }
            default: return n
            }
        }
        var tiler = try Tiler(features: features)
        let build = try measure("W6", "RoadGeo build", n: features.count, context: context) {
            tiler = try Tiler(features: features)
            return tiler.featureCount
        }
        reporter.record(build)
        reporter.note("W6", String(format: "tiler build: %.1f ms for %d features, %d segments (projection, DP importance, properties, R-tree)",
                                   build.seconds * 1000, features.count, segments))
        let baseline = GEOSTileBaseline(features: features)
        var tileOptions = TilerOptions()
        tileOptions.coordinates = .tile
        let tileCoordinates = try Tiler(features: features, options: tileOptions)

        for zoom in [14, 10] {
            let ids = tilesTouching(features, zoom: zoom)
            var bytes = 0, nonEmpty = 0
            var ours = measure("W6", "RoadGeo z\(zoom) lon/lat", n: ids.count, context: context) {
                bytes = 0; nonEmpty = 0
                for id in ids {
                    let t = tiler.tile(id)
                    bytes += t.bytes.count
                    if !t.isEmpty { nonEmpty += 1 }
                }
                return bytes
            }
            ours.latency = latencies(n: ids.count) { tiler.tile(ids[$0]).bytes.count }
            reporter.record(ours)
            var tileBytes = 0
            let oursTile = measure("W6", "RoadGeo z\(zoom) tile coords", n: ids.count, context: context) {
                tileBytes = 0
                for id in ids { tileBytes += tileCoordinates.tile(id).bytes.count }
                return tileBytes
            }
            reporter.record(oursTile)
            var geosBytes = 0
            let geos = measure("W6", "GEOS clip+simplify z\(zoom)", n: ids.count, context: context) {
                geosBytes = 0
                for id in ids { geosBytes += baseline.tile(id, tiler: tiler).count }
                return geosBytes
            }
            reporter.record(geos)
            reporter.ratio(ours, over: geos)
            reporter.note("W6", String(format: "z%d: %d tiles (%d non-empty), %.0f tiles/s lon/lat, %.0f tiles/s tile coords; %.2f MB lon/lat (%.1f kB/tile), %.2f MB tile coords, GEOS %.2f MB",
                                       zoom, ids.count, nonEmpty, ours.opsPerSecond, oursTile.opsPerSecond,
                                       Double(bytes) / 1e6, Double(bytes) / Double(max(nonEmpty, 1)) / 1e3,
                                       Double(tileBytes) / 1e6, Double(geosBytes) / 1e6))
        }
        reporter.note("W6", "peer: geojson-vt makes ~1,209 z14 tiles/s (+25 ms index) on the 51k-segment medium network (PEERS.md); run with --roads <medium>/roads.geojson to compare")

        // Report clusters (supercluster parameters: radius 40 px of 512, zooms 0-16).
        let reports = try context.reports().enumerated().map { (key: Int64($0.offset), point: ReportPoint($0.element)) }
        var clusters = try DisplayClusters(reports: reports)
        let clusterBuild = try measure("W6", "RoadGeo clusters build", n: reports.count, context: context) {
            clusters = try DisplayClusters(reports: reports)
            return clusters.count
        }
        reporter.record(clusterBuild)
        let world = BoundingBox(minX: -180, minY: -85, maxX: 180, maxY: 85)
        let items = [10, 14, 16].map { z in
            let all = clusters.clusters(in: world, zoom: z)
            return "z\(z) \(all.filter { $0.pointCount > 1 }.count)/\(all.count)"
        }
        reporter.note("W6", String(format: "clusters: %d reports in %.1f ms (%.0f k points/s; supercluster load() ~482 k points/s on the peers' 100k reports); clusters/items %@",
                                   reports.count, clusterBuild.seconds * 1000, clusterBuild.opsPerSecond / 1000, items.joined(separator: ", ")))

        // Warm cache: every z14 tile served from a TileCache.
        let z14 = tilesTouching(features, zoom: 14)
        let cache = TileCache(capacityBytes: 256 << 20)
        for id in z14 { _ = cache.tile(id) { tiler.tile($0) } }
        var warm = measure("W6", "TileCache hit z14", n: z14.count, context: context) {
            z14.reduce(0) { s, id in s + cache.tile(id) { tiler.tile($0) }.bytes.count }
        }
        warm.latency = latencies(n: z14.count) { cache.tile(z14[$0]) { tiler.tile($0) }.bytes.count }
        reporter.record(warm)

        // Pyramid z5-14, rendering only (no files), 1 thread vs all threads.
        var pyramid: [TileID] = []
        for z in 5...14 { pyramid += TilePyramid.candidateTiles(tiler, zoom: z) }
        let work = pyramid
        let one = measure("W6", "pyramid z5-14 1 thread", n: work.count, context: context) {
            work.reduce(0) { $0 + tiler.tile($1).bytes.count }
        }
        reporter.record(one)
        let threads = context.threads
        let many = measure("W6", "pyramid z5-14 \(threads) thr", n: work.count, context: context) {
            // Tiles handed out one at a time (heaviest, lowest zooms first), as TilePyramid.export does.
            let next = Atomic<Int>(0), total = Atomic<Int>(0)
            let frozen = tiler
            DispatchQueue.concurrentPerform(iterations: threads) { _ in
                var s = 0
                while true {
                    let i = next.wrappingAdd(1, ordering: .relaxed).oldValue
                    guard i < work.count else { break }
                    s += frozen.tile(work[i]).bytes.count
                }
                total.wrappingAdd(s, ordering: .relaxed)
            }
            return total.load(ordering: .relaxed)
        }
        reporter.record(many)
        reporter.ratio(many, over: one)
        let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").first.map(String.init) ?? "?"
        // CPU seconds per pyramid: equal on 1 and N threads means no contention inside the tiler
        // (locks, shared reference counts), so wall-clock scaling is bounded only by free cores.
        func cpuSeconds(_ body: () -> Void) -> Double {
            var a = rusage(), b = rusage()
            getrusage(RUSAGE_SELF.rawValue, &a); body(); getrusage(RUSAGE_SELF.rawValue, &b)
            func s(_ r: rusage) -> Double {
                Double(r.ru_utime.tv_sec + r.ru_stime.tv_sec) + Double(r.ru_utime.tv_usec + r.ru_stime.tv_usec) / 1e6
            }
            return s(b) - s(a)
        }
        let cpuOne = cpuSeconds { for id in work { benchmarkSink &+= tiler.tile(id).bytes.count } }
        let shared = tiler
        let cpuMany = cpuSeconds {
            let next = Atomic<Int>(0)
            DispatchQueue.concurrentPerform(iterations: threads) { _ in
                while true {
                    let i = next.wrappingAdd(1, ordering: .relaxed).oldValue
                    guard i < work.count else { break }
                    _ = shared.tile(work[i]).bytes.count
                }
            }
        }
        reporter.note("W6", String(format: "pyramid CPU time: %.3f s on 1 thread, %.3f s on %d threads (%@ cores, 1-minute load average %@: other processes share the cores)",
                                   cpuOne, cpuMany, threads, "\(ProcessInfo.processInfo.activeProcessorCount)", load))
    }

    /// Every tile at `zoom` that some road segment crosses (segment-rectangle test), sorted.
    static func tilesTouching(_ features: [TileFeature], zoom: Int) -> [TileID] {
        var out = Set<TileID>()
        func add(_ line: Polyline) {
            let pts = line.coordinates.map { WebMercator.project($0) }
            for i in 1..<pts.count {
                let a = pts[i - 1], b = pts[i]
                let r = TileRange(unitBox: BoundingBox(minX: min(a.x, b.x), minY: min(a.y, b.y), maxX: max(a.x, b.x), maxY: max(a.y, b.y)), zoom: zoom)
                for t in r where r.count == 1 || segmentMeetsBox(a, b, t.unitBounds) { out.insert(t) }
            }
        }
        for f in features {
            switch f.geometry {
            case .line(let l): add(l)
            case .multiLine(let m): m.parts.forEach(add)
            default: break
            }
        }
        return out.sorted()
    }

    private static func segmentMeetsBox(_ a: (x: Double, y: Double), _ b: (x: Double, y: Double), _ box: BoundingBox) -> Bool {
        var t0 = 0.0, t1 = 1.0
        let dx = b.x - a.x, dy = b.y - a.y
        for (p, q) in [(-dx, a.x - box.minX), (dx, box.maxX - a.x), (-dy, a.y - box.minY), (dy, box.maxY - a.y)] {
            if p == 0 { if q < 0 { return false }; continue }
            let r = q / p
            if p < 0 { if r > t1 { return false }; t0 = max(t0, r) } else { if r < t0 { return false }; t1 = min(t1, r) }
        }
        return t0 <= t1
    }
}

/// The GEOS way to cut a tile: each candidate feature (selected by the same R-tree) as a GEOS
/// LineString in unit-mercator coordinates, `GEOSClipByRect_r` to the tile plus buffer,
/// `GEOSSimplify_r` at 3/4096 of the tile, then the parts unprojected and written with the same
/// number formatting and the feature's properties.
private final class GEOSTileBaseline {
    let handle: GEOSContextHandle_t
    var geometries: [OpaquePointer?] = []
    let properties: [JSONObject]

    init(features: [TileFeature]) {
        handle = GEOS_init_r()
        properties = features.map(\.properties)
        for f in features {
            var parts: [Polyline] = []
            switch f.geometry {
            case .line(let l): parts = [l]
            case .multiLine(let m): parts = m.parts
            default: break
            }
            var lines: [OpaquePointer?] = parts.map { line in
                let seq = GEOSCoordSeq_create_r(handle, UInt32(line.count), 2)
                for (i, c) in line.coordinates.enumerated() {
                    let p = WebMercator.project(c)
                    GEOSCoordSeq_setXY_r(handle, seq, UInt32(i), p.x, p.y)
                }
                return GEOSGeom_createLineString_r(handle, seq)
            }
            if lines.count == 1 { geometries.append(lines[0]) } else {
                geometries.append(lines.withUnsafeMutableBufferPointer {
                    GEOSGeom_createCollection_r(handle, Int32(GEOS_MULTILINESTRING.rawValue), $0.baseAddress, UInt32($0.count))
                })
            }
        }
    }

    deinit {
        for g in geometries { if let g { GEOSGeom_destroy_r(handle, g) } }
        GEOS_finish_r(handle)
    }

    func tile(_ id: TileID, tiler: Tiler) -> [UInt8] {
        let pad = 64.0 / 4096 / Double(1 << id.z)
        let box = id.unitBounds.expanded(by: pad, pad)
        let tolerance = 3.0 / 4096 / Double(1 << id.z)
        // The decimals RoadGeo fits to the tile (1/4096 of the tile at its poleward edge).
        let lat = max(abs(id.bounds.minY), abs(id.bounds.maxY))
        let digits = max(0, min(12, Int(log10(4096 * Double(1 << id.z) / 360 / cos(lat * .pi / 180)).rounded(.up))))
        var w = TileJSONWriter(capacity: 16 << 10)
        w.raw("{\"type\":\"FeatureCollection\",\"features\":[")
        var first = true
        for f in tiler.candidateFeatures(for: box) {
            guard let g = geometries[f], let clipped = GEOSClipByRect_r(handle, g, box.minX, box.minY, box.maxX, box.maxY) else { continue }
            defer { GEOSGeom_destroy_r(handle, clipped) }
            guard GEOSisEmpty_r(handle, clipped) == 0, let simple = GEOSSimplify_r(handle, clipped, tolerance) else { continue }
            defer { GEOSGeom_destroy_r(handle, simple) }
            let n = GEOSGetNumGeometries_r(handle, simple)
            guard n > 0 else { continue }
            w.raw(first ? "{\"type\":\"Feature\",\"geometry\":{\"type\":\"MultiLineString\",\"coordinates\":[" : ",{\"type\":\"Feature\",\"geometry\":{\"type\":\"MultiLineString\",\"coordinates\":[")
            first = false
            for k in 0..<n {
                guard let part = GEOSGetGeometryN_r(handle, simple, k), let seq = GEOSGeom_getCoordSeq_r(handle, part) else { continue }
                var size: UInt32 = 0
                GEOSCoordSeq_getSize_r(handle, seq, &size)
                w.raw(k == 0 ? "[" : ",[")
                for i in 0..<size {
                    var x = 0.0, y = 0.0
                    GEOSCoordSeq_getXY_r(handle, seq, i, &x, &y)
                    w.raw(i == 0 ? "[" : ",[")
                    w.fixed(WebMercator.unprojectX(x), digits: digits); w.raw(","); w.fixed(WebMercator.unprojectY(y), digits: digits)
                    w.raw("]")
                }
                w.raw("]")
            }
            w.raw("]},\"properties\":")
            w.value(.object(properties[f]))
            w.raw("}")
        }
        w.raw("]}")
        return w.bytes
    }
}
