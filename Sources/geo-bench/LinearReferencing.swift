import CGEOS
import Foundation
import RoadGeo

extension Workloads {
    /// Linear referencing on single roads: for seeded roads of the network, locate a point
    /// near the road (measure, snapped point) and find the point at a measure. RoadGeo's
    /// `MeasuredPolyline.locate` / `coordinate(atMeasure:)` (metres, local metric plane)
    /// against GEOS `GEOSProject_r` / `GEOSInterpolate_r` (planar degrees) on the same lines,
    /// each side with its per-road structure built beforehand.
    static let linearReferencing = Workload(id: "LR", title: "linear referencing: locate + point at measure on single roads") { context, reporter in
        let roads = try context.roads()
        guard !roads.isEmpty else { return }
        // Road by road, as a batch would run: `perRoad` points near each of the first roads.
        let perRoad = 4
        let roadCount = min(roads.count, 25_000)
        let n = roadCount * perRoad
        var rng = SplitMix64(seed: 17)
        let measured = roads.map(MeasuredPolyline.init)
        var roadOf = [Int](), points = [Coordinate](), fractions = [Double]()
        roadOf.reserveCapacity(n); points.reserveCapacity(n); fractions.reserveCapacity(n)
        for q in 0..<n {
            let r = q / perRoad
            let road = measured[r]
            let on = road.coordinate(atMeasure: Double.random(in: 0...road.lengthMeters, using: &rng))
            let ruler = LocalRuler(latitude: on.latitude)
            let dx = Double.random(in: -30...30, using: &rng), dy = Double.random(in: -30...30, using: &rng)
            roadOf.append(r)
            points.append(Coordinate(on.longitude + dx / ruler.metersPerDegreeLongitude, on.latitude + dy / ruler.metersPerDegreeLatitude))
            fractions.append(Double.random(in: 0...1, using: &rng))
        }
        let geos = try GEOSLines(roads)
        let avgSegments = Double(roadOf.reduce(0) { $0 + roads[$1].segmentCount }) / Double(n)
        reporter.note("LR", "\(n) queries, \(perRoad) on each of \(roadCount) roads (\(String(format: "%.1f", avgSegments)) segments per road on average)")

        let locate = measure("LR", "RoadGeo locate", n: n, context: context) {
            var checksum = 0.0
            for i in 0..<n { checksum += measured[roadOf[i]].locate(points[i]).measureMeters }
            return Int(checksum)
        }
        reporter.record(locate)
        let project = measure("LR", "GEOS GEOSProject_r", n: n, context: context) {
            var checksum = 0.0
            for i in 0..<n { checksum += geos.project(points[i], onto: roadOf[i]) }
            return Int(checksum * 1e6)
        }
        reporter.record(project)
        reporter.ratio(locate, over: project)

        let along = measure("LR", "RoadGeo coord(atMeasure)", n: n, context: context) {
            var checksum = 0.0
            for i in 0..<n {
                let road = measured[roadOf[i]]
                checksum += road.coordinate(atMeasure: fractions[i] * road.lengthMeters).latitude
            }
            return Int(checksum)
        }
        reporter.record(along)
        let interpolate = measure("LR", "GEOS GEOSInterpolate_r", n: n, context: context) {
            var checksum = 0.0
            for i in 0..<n { checksum += geos.interpolate(roadOf[i], fraction: fractions[i]).latitude }
            return Int(checksum)
        }
        reporter.record(interpolate)
        reporter.ratio(along, over: interpolate)

        // Agreement check: GEOS's degree-plane answer against ours, in metres, for the first 10k queries.
        var worst = 0.0
        for i in 0..<min(n, 10_000) {
            let road = measured[roadOf[i]]
            let ours = road.coordinate(atMeasure: fractions[i] * road.lengthMeters)
            // GEOS interpolates by planar-degree length, which differs from metres along a bent road;
            // compare where the two agree by definition: the end points of a straight one-segment road.
            if road.segmentCount == 1 {
                worst = max(worst, LocalRuler.distance(ours, geos.interpolate(roadOf[i], fraction: fractions[i])))
            }
        }
        reporter.note("LR", String(format: "check: on one-segment roads RoadGeo and GEOS points at the same fraction differ by at most %.2e m", worst))

        // Warranty look-up: 20k repair sections (2 per road on 10k roads, some overlapping),
        // each query a (road, measure) of a located report; the store against a filter over all.
        let sectionRoads = min(roadCount, 10_000)
        var sections: [RepairSection] = []
        for r in 0..<sectionRoads {
            let length = measured[r].lengthMeters
            for _ in 0..<2 {
                let from = Double.random(in: 0...length, using: &rng)
                sections.append(try RepairSection(roadID: String(r), fromMeters: from,
                                                  toMeters: min(length, from + Double.random(in: 10...500, using: &rng)),
                                                  warrantyUntil: CivilDate(year: 2026, month: 12, day: 31)))
            }
        }
        let store = RepairSectionStore(sections)
        guard let day = CivilDate(year: 2026, month: 11, day: 29) else { return }
        let queryRoads = (0..<n).map { String(roadOf[$0] % sectionRoads) }
        let queryMeasures = (0..<n).map { measured[roadOf[$0] % sectionRoads].locate(points[$0]).measureMeters }
        let storeRun = measure("LR", "RoadGeo warranty look-up", n: n, context: context) {
            var hits = 0
            for i in 0..<n { hits += store.sectionsUnderWarranty(onRoad: queryRoads[i], at: queryMeasures[i], on: day).count }
            return hits
        }
        reporter.record(storeRun)
        let scanN = 2_000
        let scan = measure("LR", "filter all sections", n: scanN, context: context) {
            var hits = 0
            for i in 0..<scanN {
                hits += sections.indices.filter {
                    sections[$0].roadID == queryRoads[i] && sections[$0].covers(queryMeasures[i]) && sections[$0].isUnderWarranty(on: day)
                }.count
            }
            return hits
        }
        reporter.record(scan)
        reporter.ratio(storeRun, over: scan)
    }
}

/// The baseline's per-road GEOS LineStrings, built once in one context (used from one thread).
private final class GEOSLines {
    let handle: OpaquePointer
    var lines: [OpaquePointer] = []
    var lengths: [Double] = []

    init(_ roads: [Polyline]) throws {
        guard let h = GEOS_init_r() else { throw GEOSError(.contextUnavailable, "no context", operation: "GEOS_init_r") }
        handle = h
        for road in roads {
            var xy: [Double] = []
            xy.reserveCapacity(2 * road.count)
            for c in road.coordinates { xy.append(c.longitude); xy.append(c.latitude) }
            guard let seq = GEOSCoordSeq_copyFromBuffer_r(h, xy, UInt32(road.count), 0, 0),
                  let g = GEOSGeom_createLineString_r(h, seq) else {
                throw GEOSError(.geosFailure, "baseline line", operation: "GEOSGeom_createLineString_r")
            }
            var length = 0.0
            _ = GEOSLength_r(h, g, &length)
            lines.append(g)
            lengths.append(length)
        }
    }

    deinit {
        for g in lines { GEOSGeom_destroy_r(handle, g) }
        GEOS_finish_r(handle)
    }

    /// GEOSProject_r: a point geometry per query, as a caller must make one.
    func project(_ p: Coordinate, onto road: Int) -> Double {
        guard let point = GEOSGeom_createPointFromXY_r(handle, p.longitude, p.latitude) else { return 0 }
        defer { GEOSGeom_destroy_r(handle, point) }
        return GEOSProject_r(handle, lines[road], point)
    }

    /// GEOSInterpolate_r at a fraction of the planar length.
    func interpolate(_ road: Int, fraction: Double) -> Coordinate {
        guard let g = GEOSInterpolate_r(handle, lines[road], fraction * lengths[road]) else { return Coordinate(0, 0) }
        defer { GEOSGeom_destroy_r(handle, g) }
        var x = 0.0, y = 0.0
        _ = GEOSGeomGetX_r(handle, g, &x)
        _ = GEOSGeomGetY_r(handle, g, &y)
        return Coordinate(x, y)
    }
}
