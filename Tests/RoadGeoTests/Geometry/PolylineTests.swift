import Testing
@testable import RoadGeo

@Suite("Polyline validation")
struct PolylineTests {
    @Test("consecutive duplicates are dropped, and a line needs two distinct points")
    func duplicates() throws {
        let line = try Polyline([Coordinate(74.6, 42.8), Coordinate(74.6, 42.8), Coordinate(74.7, 42.8)])
        #expect(line.count == 2)
        #expect(throws: GeometryError(.tooFewPoints, "a polyline needs at least 2 distinct coordinates, got 1")) {
            try Polyline([Coordinate(1, 1), Coordinate(1, 1)])
        }
        #expect(throws: GeometryError(.invalidCoordinate, "latitude 95.0 is outside -90...90 (are longitude and latitude swapped?)")) {
            try Coordinate.validated(74.6, 95)
        }
        #expect(throws: GeometryError.self) { try Polyline([]) }
    }

    @Test("NaN, infinite and out-of-range coordinates are rejected with the vertex named")
    func badCoordinates() {
        let cases: [(Coordinate, String)] = [
            (Coordinate(.nan, 1), "not finite"),
            (Coordinate(1, .infinity), "not finite"),
            (Coordinate(42.8, 174.6), "swapped"),
            (Coordinate(181, 1), "longitude 181.0 is outside"),
        ]
        for (bad, phrase) in cases {
            do {
                _ = try Polyline([Coordinate(0, 0), bad])
                Issue.record("accepted \(bad)")
            } catch {
                #expect(error.message.contains("vertex 1"))
                #expect(error.message.contains(phrase), "\(error.message)")
            }
        }
    }

    @Test("length is the sum of segment lengths and matches the geodesic")
    func length() throws {
        let line = try Polyline([Coordinate(74.60, 42.87), Coordinate(74.61, 42.87), Coordinate(74.61, 42.88)])
        let exact = Geodesic.wgs84.distance(line.coordinates[0], line.coordinates[1])
            + Geodesic.wgs84.distance(line.coordinates[1], line.coordinates[2])
        #expect(abs(line.lengthMeters - exact) / exact < 1e-5)
        #expect(line.boundingBox == BoundingBox(minX: 74.60, minY: 42.87, maxX: 74.61, maxY: 42.88))
    }
}
