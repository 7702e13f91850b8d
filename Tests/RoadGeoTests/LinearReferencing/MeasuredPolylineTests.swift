import Testing
@testable import RoadGeo

/// Locate, point-at-measure, substring and split on hand-made lines with hand-computed answers.
@Suite("Linear referencing: hand-computed")
struct MeasuredPolylineTests {
    /// East along the equator for 0.01°, then north for 0.01°: a left turn at (0.01, 0).
    let lShape = MeasuredPolyline(Polyline(uncheckedCoordinates: [Coordinate(0, 0), Coordinate(0.01, 0), Coordinate(0.01, 0.01)]))
    var east: Double { 0.01 * LocalRuler(latitude: 0).metersPerDegreeLongitude }           // ≈ 1,113.19 m
    var north: Double { 0.01 * LocalRuler(latitude: 0.005).metersPerDegreeLatitude }        // ≈ 1,105.74 m

    @Test("measures are the local-ruler lengths of the segments")
    func measures() {
        #expect(lShape.measures == [0, east, east + north])
        #expect(lShape.lengthMeters == lShape.line.lengthMeters)
        #expect(abs(east - 1113.1949) < 1e-3)
    }

    @Test("locate on the first leg, the second leg, and outside the bend")
    func locate() {
        let a = lShape.locate(Coordinate(0.005, 0.001))
        #expect(a.segmentIndex == 0 && abs(a.fraction - 0.5) < 1e-12)
        #expect(abs(a.measureMeters - east / 2) < 1e-9)
        #expect(a.coordinate == Coordinate(0.005, 0))
        #expect(abs(a.distanceMeters - 0.001 * LocalRuler(latitude: 0.0005).metersPerDegreeLatitude) < 1e-6)
        #expect(a.side == .left)

        let b = lShape.locate(Coordinate(0.011, 0.005))
        #expect(b.segmentIndex == 1 && abs(b.fraction - 0.5) < 1e-12)
        #expect(abs(b.measureMeters - (east + north / 2)) < 1e-9)
        #expect(b.side == .right)

        let corner = lShape.locate(Coordinate(0.011, -0.001))
        #expect(corner.coordinate == Coordinate(0.01, 0))
        #expect(corner.segmentIndex == 1 && corner.fraction == 0)
        #expect(corner.measureMeters == east)
        #expect(corner.side == .right)

        let before = lShape.locate(Coordinate(-0.001, -0.0001))
        #expect(before.measureMeters == 0 && before.coordinate == Coordinate(0, 0) && before.side == .right)
        let after = lShape.locate(Coordinate(0.0101, 0.02))
        #expect(after.measureMeters == lShape.lengthMeters && after.coordinate == Coordinate(0.01, 0.01))
        #expect(after.segmentIndex == 1 && after.fraction == 1)

        let on = lShape.locate(Coordinate(0.0025, 0))
        #expect(on.distanceMeters == 0 && on.side == .on)
    }

    @Test("a hairpin: a point beyond the tip is outside the bend, on the side opposite the turn")
    func hairpinSide() {
        let hairpin = MeasuredPolyline(Polyline(uncheckedCoordinates: [Coordinate(0, 0), Coordinate(0.01, 0), Coordinate(0, 0.005)]))
        let tip = hairpin.locate(Coordinate(0.012, 0.0005))
        #expect(tip.coordinate == Coordinate(0.01, 0))
        #expect(tip.side == .right)
        // Inside the hairpin the point is left of both legs.
        #expect(hairpin.locate(Coordinate(0.005, 0.001)).side == .left)
    }

    @Test("coordinate at a measure: vertices exactly, interpolation between, clamping outside")
    func coordinateAtMeasure() {
        #expect(lShape.coordinate(atMeasure: 0) == Coordinate(0, 0))
        #expect(lShape.coordinate(atMeasure: east) == Coordinate(0.01, 0))
        #expect(lShape.coordinate(atMeasure: east + north) == Coordinate(0.01, 0.01))
        let mid = lShape.coordinate(atMeasure: east / 4)
        #expect(abs(mid.longitude - 0.0025) < 1e-15 && mid.latitude == 0)
        #expect(lShape.coordinate(atMeasure: -5) == Coordinate(0, 0))
        #expect(lShape.coordinate(atMeasure: 1e12) == Coordinate(0.01, 0.01))
        #expect(lShape.coordinate(atMeasure: .nan) == Coordinate(0, 0))
        let loc = lShape.location(atMeasure: east + north / 4)
        #expect(loc.segmentIndex == 1 && abs(loc.fraction - 0.25) < 1e-12 && loc.side == .on)
    }

    @Test("substring across the corner keeps the corner and is exact at both ends")
    func substring() throws {
        let s = try #require(lShape.substring(from: east / 2, to: east + north / 2))
        #expect(s.count == 3)
        #expect(s.start == lShape.coordinate(atMeasure: east / 2))
        #expect(s.coordinates[1] == Coordinate(0.01, 0))
        #expect(s.end == lShape.coordinate(atMeasure: east + north / 2))
        #expect(abs(s.lengthMeters - (east / 2 + north / 2)) < 1e-6)
        // Reversed when from > to.
        #expect(lShape.substring(from: east + north / 2, to: east / 2) == s.reversed)
        // Within one segment: two points.
        let inside = try #require(lShape.substring(from: 100, to: 200))
        #expect(inside.count == 2 && abs(inside.lengthMeters - 100) < 1e-6)
        // Vertex to vertex: exactly the original segment.
        #expect(lShape.substring(from: 0, to: east)?.coordinates == [Coordinate(0, 0), Coordinate(0.01, 0)])
        // Clamped to the whole line; zero length and NaN give nil.
        #expect(lShape.substring(from: -100, to: 1e9) == lShape.line)
        #expect(lShape.substring(from: 300, to: 300) == nil)
        #expect(lShape.substring(from: 2e9, to: 1e9) == nil)
        #expect(lShape.substring(from: .nan, to: 10) == nil)
    }

    @Test("split at measures: pieces meet exactly and join into the original")
    func splitAtMeasures() {
        let pieces = lShape.split(atMeasures: [east + 10, 500, east, -3, 5_000, .nan, 500])
        #expect(pieces.map(\.fromMeters) == [0, 500, east, east + 10])
        #expect(pieces.map(\.toMeters) == [500, east, east + 10, lShape.lengthMeters])
        for (p, q) in zip(pieces, pieces.dropFirst()) { #expect(p.line.end == q.line.start) }
        var joined = pieces[0].line.coordinates
        for p in pieces.dropFirst() { joined += p.line.coordinates.dropFirst() }
        #expect(joined == [Coordinate(0, 0), lShape.coordinate(atMeasure: 500), Coordinate(0.01, 0),
                           lShape.coordinate(atMeasure: east + 10), Coordinate(0.01, 0.01)])
        #expect(lShape.split(atMeasures: []) == [MeasuredPolyline.Piece(fromMeters: 0, toMeters: lShape.lengthMeters, line: lShape.line)])
    }

    @Test("split every 100 m: ceil(length / 100) pieces, the last one the remainder")
    func splitEvery() throws {
        let pieces = try lShape.split(every: 100)
        let length = lShape.lengthMeters   // ≈ 2,218.9 m
        #expect(pieces.count == Int((length / 100).rounded(.up)))
        #expect(pieces.map(\.fromMeters) == (0..<pieces.count).map { Double($0) * 100 })
        for p in pieces.dropLast() { #expect(abs(p.line.lengthMeters - 100) < 1e-6) }
        #expect(abs(pieces.reduce(0) { $0 + $1.line.lengthMeters } - length) < 1e-6)
        #expect(try lShape.split(every: 10_000).count == 1)
        for bad in [0, -1, Double.nan, .infinity, 1e-9] {
            #expect(throws: LinearReferencingError.self) { try lShape.split(every: bad) }
        }
        #expect(throws: LinearReferencingError(.invalidSplitLength, "split length 0.0 m must be a finite number greater than 0")) {
            try lShape.split(every: 0)
        }
        #expect { try lShape.split(every: 1e-9) } throws: { ($0 as? LinearReferencingError)?.kind == .tooManyPieces }
    }

    @Test("a road across the antimeridian is measured across it, not around the world")
    func antimeridian() throws {
        let road = MeasuredPolyline(try Polyline([Coordinate(179.999, 0), Coordinate(-179.999, 0)]))
        #expect(abs(road.lengthMeters - 0.002 * LocalRuler(latitude: 0).metersPerDegreeLongitude) < 1e-6)
        let mid = road.coordinate(atMeasure: road.lengthMeters / 2)
        #expect(abs(abs(mid.longitude) - 180) < 1e-9)
        let at = road.locate(Coordinate(-179.9995, 0.0001))
        #expect(abs(at.measureMeters - road.lengthMeters * 0.75) < 1e-6)
    }
}
