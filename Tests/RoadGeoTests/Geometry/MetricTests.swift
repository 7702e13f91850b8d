import Testing
@testable import RoadGeo

@Suite("Metric: LocalRuler against the geodesic")
struct MetricTests {
    @Test("LocalRuler is within 0.05% of geod_inverse up to 10 km at latitudes 0-70")
    func rulerAccuracy() {
        var rng = SplitMix64(seed: 1)
        var worst = 0.0
        for _ in 0..<20_000 {
            let lat = Double.random(in: 0...70, using: &rng) * (Bool.random(using: &rng) ? 1 : -1)
            let a = Coordinate(Double.random(in: -179...179, using: &rng), lat)
            let b = Geodesic.wgs84.destination(from: a, azimuth: Double.random(in: 0..<360, using: &rng),
                                               meters: Double.random(in: 1...10_000, using: &rng))
            guard abs(b.latitude) <= 70 else { continue }
            let exact = Geodesic.wgs84.distance(a, b)
            let fast = LocalRuler.distance(a, b)
            worst = max(worst, abs(fast - exact) / exact)
        }
        #expect(worst < 0.0005, "worst relative error \(worst)")
    }

    @Test("one degree of longitude on the equator is 111,319.49 m")
    func equatorDegree() {
        #expect(abs(Geodesic.wgs84.distance(Coordinate(0, 0), Coordinate(1, 0)) - 111_319.4908) < 0.001)
        #expect(abs(LocalRuler(latitude: 0).metersPerDegreeLongitude - 111_319.4908) < 0.001)
        #expect(abs(LocalRuler.minMetersPerDegreeLatitude - 110_574.2727) < 0.01)
    }

    @Test("distances wrap across the antimeridian")
    func antimeridian() {
        let d = LocalRuler.distance(Coordinate(179.999, 10), Coordinate(-179.999, 10))
        let exact = Geodesic.wgs84.distance(Coordinate(179.999, 10), Coordinate(-179.999, 10))
        #expect(abs(d - exact) / exact < 1e-4)
        #expect(d < 300)
    }

    @Test("expanded(byMeters:) contains every point within the distance, also near the poles")
    func expandedByMeters() {
        var rng = SplitMix64(seed: 2)
        for _ in 0..<2_000 {
            let lat = Double.random(in: -85...85, using: &rng)
            let c = Coordinate(Double.random(in: -170...170, using: &rng), lat)
            let meters = Double.random(in: 1...5_000, using: &rng)
            let box = BoundingBox(c).expanded(byMeters: meters)
            let p = Geodesic.wgs84.destination(from: c, azimuth: Double.random(in: 0..<360, using: &rng), meters: meters * 0.999)
            #expect(box.contains(p), "\(p) not in \(box)")
        }
    }
}
