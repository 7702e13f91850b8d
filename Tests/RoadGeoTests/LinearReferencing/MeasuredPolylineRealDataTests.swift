import Testing
@testable import RoadGeo

/// Linear referencing on the real Moscow roads: against brute force on the geodesic,
/// against GEOS project/interpolate in a metric plane, and its own round trips. Seeded.
@Suite("Linear referencing: real roads")
struct MeasuredPolylineRealDataTests {
    func roads(_ network: String) -> [MeasuredPolyline] { TestRoadLines.named(network).map(MeasuredPolyline.init) }

    /// A point within ~`spread` metres of a uniformly chosen spot on the road.
    func pointNear(_ road: MeasuredPolyline, spread: Double, _ rng: inout SplitMix64) -> Coordinate {
        let on = road.coordinate(atMeasure: Double.random(in: 0...road.lengthMeters, using: &rng))
        return Geodesic.wgs84.destination(from: on, azimuth: Double.random(in: 0..<360, using: &rng),
                                          meters: Double.random(in: 0...spread, using: &rng))
    }

    @Test("measure then coordinate(atMeasure:) round-trips within 1 mm", arguments: ["moscow", "andorra"])
    func roundTrip(_ network: String) {
        let roads = roads(network)
        #expect(roads.count > 100)
        var rng = SplitMix64(seed: 11)
        for road in roads {
            for _ in 0..<10 {
                let at = road.locate(pointNear(road, spread: 60, &rng))
                let back = road.coordinate(atMeasure: at.measureMeters)
                #expect(Geodesic.wgs84.distance(back, at.coordinate) < 0.001)
                // A point taken on the line locates onto itself, at its own measure.
                let m = Double.random(in: 0...road.lengthMeters, using: &rng)
                let exact = road.locate(road.coordinate(atMeasure: m))
                #expect(exact.distanceMeters < 1e-6)
                #expect(abs(exact.measureMeters - m) < 0.001)
            }
        }
    }

    @Test("the located distance is the brute-force geodesic minimum (within the ruler's 0.05%)", arguments: ["moscow", "andorra"])
    func bruteForce(_ network: String) {
        let roads = roads(network)
        var rng = SplitMix64(seed: 12)
        for road in roads.prefix(network == "moscow" ? 150 : 80) {
            for _ in 0..<4 {
                let p = pointNear(road, spread: 200, &rng)
                let at = road.locate(p)
                let brute = geodesicMinimum(p, road.line)
                #expect(abs(at.distanceMeters - brute) <= 0.0005 * brute + 0.01,
                        "ours \(at.distanceMeters) m, brute force \(brute) m")
                // The snapped point really is that far away.
                #expect(abs(Geodesic.wgs84.distance(p, at.coordinate) - at.distanceMeters) <= 0.0005 * at.distanceMeters + 0.001)
            }
        }
    }

    @Test("GEOS project/interpolate in a metric plane agree with locate/coordinate(atMeasure:)", arguments: ["moscow", "andorra"])
    func againstGEOS(_ network: String) throws {
        let roads = roads(network)
        let geos = try GEOSContext()
        var rng = SplitMix64(seed: 13)
        var compared = 0, agreed = 0
        for road in roads where road.lengthMeters > 50 {
            // A plane scaled by the ruler at the road's centre, in units of 100 km so the
            // numbers stay inside the coordinate range a Polyline accepts.
            let centre = road.line.boundingBox.center
            let ruler = LocalRuler(latitude: centre.latitude)
            let unit = 100_000.0
            func planar(_ c: Coordinate) -> Coordinate {
                Coordinate((c.longitude - centre.longitude) * ruler.metersPerDegreeLongitude / unit,
                           (c.latitude - centre.latitude) * ruler.metersPerDegreeLatitude / unit)
            }
            func geographic(_ c: Coordinate) -> Coordinate {
                Coordinate(centre.longitude + c.longitude * unit / ruler.metersPerDegreeLongitude,
                           centre.latitude + c.latitude * unit / ruler.metersPerDegreeLatitude)
            }
            let plane = try Polyline(road.line.coordinates.map(planar))
            // Over a road a few km long the single plane and the per-segment planes differ by < 0.05%.
            #expect(abs(try geos.length(plane) * unit - road.lengthMeters) <= 0.0005 * road.lengthMeters)
            for _ in 0..<5 {
                let p = pointNear(road, spread: 80, &rng)
                let at = road.locate(p)
                let geosDistance = try geos.distance(planar(p), plane) * unit
                #expect(abs(at.distanceMeters - geosDistance) <= 0.0005 * geosDistance + 0.01)
                let geosMeasure = try geos.project(planar(p), onto: plane) * unit
                compared += 1
                if abs(at.measureMeters - geosMeasure) <= 0.0005 * road.lengthMeters + 0.01 {
                    agreed += 1
                } else {
                    // A road that passes the same place twice (a loop, a near tie): GEOS's
                    // measure must then name a point just as close as ours.
                    let theirs = road.coordinate(atMeasure: geosMeasure)
                    #expect(abs(Geodesic.wgs84.distance(p, theirs) - at.distanceMeters) <= 0.0005 * at.distanceMeters + 0.05)
                }
                let m = Double.random(in: 0...road.lengthMeters, using: &rng)
                let g = geographic(try geos.interpolate(plane, distance: m / unit))
                #expect(Geodesic.wgs84.distance(g, road.coordinate(atMeasure: m)) <= 0.0005 * road.lengthMeters + 0.01)
            }
        }
        #expect(compared > 500 && Double(agreed) >= 0.98 * Double(compared), "\(agreed) of \(compared) measures agree")
    }

    @Test("substring lengths add up and their ends are exact; splitting then joining gives the line", arguments: ["moscow", "andorra"])
    func substringsAndSplits(_ network: String) throws {
        let roads = roads(network)
        var rng = SplitMix64(seed: 14)
        for road in roads {
            let l = road.lengthMeters
            var cuts = (0..<3).map { _ in Double.random(in: 0...l, using: &rng) }
            cuts.sort()
            if let s1 = road.substring(from: cuts[0], to: cuts[1]), let s2 = road.substring(from: cuts[1], to: cuts[2]),
               let whole = road.substring(from: cuts[0], to: cuts[2]) {
                #expect(abs(s1.lengthMeters + s2.lengthMeters - whole.lengthMeters) < 0.001)
                // A partial segment is measured at its own mid-latitude, so it differs from its
                // share of the whole segment's measure by a few parts in a million.
                #expect(abs(whole.lengthMeters - (cuts[2] - cuts[0])) < 1e-5 * (cuts[2] - cuts[0]) + 0.001)
                #expect(s1.start == road.coordinate(atMeasure: cuts[0]) && s1.end == s2.start)
                #expect(s2.end == road.coordinate(atMeasure: cuts[2]))
            }
            let pieces = try road.split(every: 25)
            #expect(abs(pieces.reduce(0) { $0 + $1.line.lengthMeters } - l) < 0.001)
            var joined = pieces[0].line.coordinates
            for (p, q) in zip(pieces, pieces.dropFirst()) {
                #expect(p.line.end == q.line.start && p.toMeters == q.fromMeters)
                joined += q.line.coordinates.dropFirst()
            }
            let original = Set(road.line.coordinates)
            #expect(joined.filter { original.contains($0) } == road.line.coordinates)
            for c in joined where !original.contains(c) { #expect(road.locate(c).distanceMeters < 1e-6) }
        }
    }

    // MARK: - Brute force

    /// The smallest geodesic distance from `p` to the line: per segment, a golden-section
    /// search for the minimum over the fraction (the distance is unimodal along a short segment).
    private func geodesicMinimum(_ p: Coordinate, _ line: Polyline) -> Double {
        var best = Double.infinity
        for (a, b) in zip(line.coordinates, line.coordinates.dropFirst()) {
            func d(_ t: Double) -> Double {
                Geodesic.wgs84.distance(p, Coordinate(a.longitude + (b.longitude - a.longitude) * t,
                                                      a.latitude + (b.latitude - a.latitude) * t))
            }
            var lo = 0.0, hi = 1.0
            let g = (5.0.squareRoot() - 1) / 2
            for _ in 0..<45 {
                let m1 = hi - g * (hi - lo), m2 = lo + g * (hi - lo)
                if d(m1) < d(m2) { hi = m2 } else { lo = m1 }
            }
            best = Swift.min(best, d(0), d(1), d((lo + hi) / 2))
        }
        return best
    }
}
