import Testing
@testable import RoadGeo

/// Every GEOS operation against values worked out by hand on small planar shapes.
@Suite("GEOS wrapper")
struct GEOSTests {
    /// (0,0) -> (3,0) -> (3,4): length 7, a right-angle corner at (3,0).
    let lShape = Polyline(uncheckedCoordinates: [Coordinate(0, 0), Coordinate(3, 0), Coordinate(3, 4)])

    @Test("length of an L-shaped line is 3 + 4, and of a multi-part line the sum")
    func length() throws {
        #expect(try GEOS.length(lShape) == 7)
        let second = try Polyline([Coordinate(10, 10), Coordinate(10, 12)])
        #expect(try GEOS.length(MultiPolyline(parts: [lShape, second])) == 9)
        #expect(try GEOS.length(MultiPolyline(parts: [])) == 0)
    }

    @Test("distance and nearest points, point to line and line to line")
    func distance() throws {
        #expect(try GEOS.distance(Coordinate(1, 1), lShape) == 1)
        #expect(try GEOS.distance(Coordinate(4, 2), lShape) == 1)
        #expect(try GEOS.distance(Coordinate(-3, -4), lShape) == 5)
        #expect(try GEOS.nearestPoint(on: lShape, to: Coordinate(1, 1)) == Coordinate(1, 0))
        #expect(try GEOS.nearestPoint(on: lShape, to: Coordinate(5, 6)) == Coordinate(3, 4))
        let a = try Polyline([Coordinate(0, 0), Coordinate(1, 0)])
        let b = try Polyline([Coordinate(0, 2), Coordinate(1, 3)])
        #expect(try GEOS.distance(a, b) == 2)
        let (pa, pb) = try GEOS.nearestPoints(a, b)
        #expect(pa == Coordinate(0, 0) && pb == Coordinate(0, 2))
        let crossing = try Polyline([Coordinate(0.5, -1), Coordinate(0.5, 1)])
        #expect(try GEOS.distance(a, crossing) == 0)
    }

    @Test("project and interpolate, plain and normalized, clamp at the ends")
    func linearReferencing() throws {
        #expect(try GEOS.project(Coordinate(4, 2), onto: lShape) == 5)
        #expect(abs(try GEOS.project(Coordinate(4, 2), onto: lShape, normalized: true) - 5.0 / 7) < 1e-15)
        #expect(try GEOS.project(Coordinate(-1, -1), onto: lShape) == 0)
        #expect(try GEOS.interpolate(lShape, distance: 5) == Coordinate(3, 2))
        #expect(try GEOS.interpolate(lShape, distance: 1.5) == Coordinate(1.5, 0))
        #expect(try GEOS.interpolate(lShape, distance: 0.5, normalized: true) == Coordinate(3, 0.5))
        #expect(try GEOS.interpolate(lShape, distance: 100) == Coordinate(3, 4))
    }

    @Test("two crossing lines are noded into four pieces at the crossing point")
    func node() throws {
        let h = try Polyline([Coordinate(0, 0), Coordinate(2, 0)])
        let v = try Polyline([Coordinate(1, -1), Coordinate(1, 1)])
        let pieces = try GEOS.node([h, v])
        let got = Set(pieces.map(\.coordinates))
        let expected: Set<[Coordinate]> = [
            [Coordinate(0, 0), Coordinate(1, 0)], [Coordinate(1, 0), Coordinate(2, 0)],
            [Coordinate(1, -1), Coordinate(1, 0)], [Coordinate(1, 0), Coordinate(1, 1)],
        ]
        #expect(pieces.count == 4)
        #expect(got == expected)
        #expect(try GEOS.node([]).isEmpty)
        // A line that does not cross anything stays whole.
        #expect(try GEOS.node([h]).map(\.coordinates) == [h.coordinates])
    }

    @Test("two lines that touch end to start merge into one; a T junction does not")
    func lineMerge() throws {
        let a = try Polyline([Coordinate(0, 0), Coordinate(1, 0)])
        let b = try Polyline([Coordinate(1, 0), Coordinate(2, 1)])
        let merged = try GEOS.lineMerge([a, b])
        #expect(merged.count == 1)
        let coords = merged.first?.coordinates ?? []
        let expected = [Coordinate(0, 0), Coordinate(1, 0), Coordinate(2, 1)]
        #expect(coords == expected || coords == expected.reversed())
        let c = try Polyline([Coordinate(1, 0), Coordinate(1, -1)])
        #expect(try GEOS.lineMerge([a, b, c]).count == 3)
        #expect(try GEOS.lineMerge([]).isEmpty)
    }

    @Test("clip by rectangle: a crossing line, a line that leaves and re-enters, a line outside")
    func clip() throws {
        let box = BoundingBox(minX: 0, minY: 0, maxX: 2, maxY: 1)
        let through = try Polyline([Coordinate(-1, 0.5), Coordinate(3, 0.5)])
        #expect(try GEOS.clip(through, to: box).map(\.coordinates) == [[Coordinate(0, 0.5), Coordinate(2, 0.5)]])
        let wave = try Polyline([Coordinate(-1, 0.5), Coordinate(1, 0.5), Coordinate(1, 2), Coordinate(1.5, 2),
                                 Coordinate(1.5, 0.5), Coordinate(3, 0.5)])
        let pieces = Set(try GEOS.clip(wave, to: box).map(\.coordinates))
        #expect(pieces == [[Coordinate(0, 0.5), Coordinate(1, 0.5), Coordinate(1, 1)],
                           [Coordinate(1.5, 1), Coordinate(1.5, 0.5), Coordinate(2, 0.5)]])
        let outside = try Polyline([Coordinate(5, 5), Coordinate(6, 6)])
        #expect(try GEOS.clip(outside, to: box).isEmpty)
        #expect(try GEOS.clip(through, to: .empty).isEmpty)
        // Touching the box in a single corner point yields no line.
        let corner = try Polyline([Coordinate(2, 1), Coordinate(3, 2)])
        #expect(try GEOS.clip(corner, to: box).isEmpty)
    }

    @Test("simplify drops a vertex within tolerance, keeps it outside; a collapsed loop gives nil")
    func simplify() throws {
        let bump = try Polyline([Coordinate(0, 0), Coordinate(1, 0.1), Coordinate(2, 0)])
        #expect(try GEOS.simplify(bump, tolerance: 0.2)?.coordinates == [Coordinate(0, 0), Coordinate(2, 0)])
        #expect(try GEOS.simplify(bump, tolerance: 0.05) == bump)
        #expect(try GEOS.simplify(bump, tolerance: 0.2, preservingTopology: true)?.coordinates == [Coordinate(0, 0), Coordinate(2, 0)])
        let loop = try Polyline([Coordinate(0, 0), Coordinate(0.01, 0), Coordinate(0.01, 0.01), Coordinate(0, 0)])
        #expect(try GEOS.simplify(loop, tolerance: 1) == nil)
        #expect(try GEOS.simplify(loop, tolerance: 1, preservingTopology: true) != nil)
        #expect(throws: GEOSError(.invalidArgument, "tolerance -1.0 is not a finite non-negative number", operation: "simplify")) {
            try GEOS.simplify(bump, tolerance: -1)
        }
        #expect(try GEOS.simplify(MultiPolyline(parts: [bump, loop]), tolerance: 1).parts.count == 1)
    }

    @Test("validity: a square is valid, a bow tie self-intersects at its centre, a NaN vertex is invalid")
    func validity() throws {
        let square = [Coordinate(0, 0), Coordinate(1, 0), Coordinate(1, 1), Coordinate(0, 1), Coordinate(0, 0)]
        let ok = try GEOS.validity(ofPolygonRings: [square])
        #expect(ok.isValid && ok.reason == "Valid Geometry")
        let bowTie = [Coordinate(0, 0), Coordinate(1, 1), Coordinate(1, 0), Coordinate(0, 1), Coordinate(0, 0)]
        let bad = try GEOS.validity(ofPolygonRings: [bowTie])
        #expect(!bad.isValid)
        #expect(bad.reason == "Self-intersection[0.5 0.5]")
        let nan = try GEOS.validity(ofLine: [Coordinate(0, 0), Coordinate(.nan, 1)])
        #expect(!nan.isValid && nan.reason.hasPrefix("Invalid Coordinate"))
        #expect(try GEOS.isValid(lShape))
    }

    @Test("GEOS exceptions become GEOSError with GEOS's message")
    func errors() throws {
        do {
            _ = try GEOS.validity(ofLine: [Coordinate(0, 0)])
            Issue.record("a one-point line must fail")
        } catch {
            #expect(error.kind == .geosFailure)
            #expect(error.operation == "GEOSGeom_createLineString_r")
            #expect(error.message.contains("IllegalArgumentException"))
            #expect(error.description == "GEOSGeom_createLineString_r: \(error.message)")
        }
        do {
            _ = try GEOS.validity(ofPolygonRings: [[Coordinate(0, 0), Coordinate(1, 0), Coordinate(1, 1), Coordinate(0, 1)]])
            Issue.record("an unclosed ring must fail")
        } catch {
            #expect(error.operation == "GEOSGeom_createLinearRing_r")
            #expect(error.message.contains("closed"))
        }
    }

    @Test("one context serves many calls; an error does not stick to the next call")
    func contextReuse() throws {
        let geos = try GEOSContext()
        #expect(throws: GEOSError.self) { try geos.validity(ofLine: [Coordinate(0, 0)]) }
        #expect(geos.lastError != nil)
        #expect(try geos.length(lShape) == 7)
        #expect(geos.lastError == nil)
        let bowTie = [Coordinate(0, 0), Coordinate(1, 1), Coordinate(1, 0), Coordinate(0, 1), Coordinate(0, 0)]
        _ = try geos.validity(ofPolygonRings: [bowTie])
        #expect(geos.lastNotice?.contains("Self-intersection") == true)
        #expect(GEOSContext.version.hasPrefix("3."))
    }

    @Test("real Moscow roads survive the round trip through GEOS unchanged")
    func roundTrip() throws {
        let lines = TestRoadLines.moscow
        #expect(lines.count > 100)
        let geos = try GEOSContext()
        for line in lines {
            let box = line.boundingBox.expanded(by: 1e-6, 1e-6)
            #expect(try geos.clip(line, to: box) == [line])
            var planar = 0.0
            for (a, b) in zip(line.coordinates, line.coordinates.dropFirst()) {
                planar += ((b.longitude - a.longitude) * (b.longitude - a.longitude)
                           + (b.latitude - a.latitude) * (b.latitude - a.latitude)).squareRoot()
            }
            #expect(abs(try geos.length(line) - planar) <= 1e-12 * Swift.max(1, planar))
        }
        // Noding the whole network keeps its total length.
        let noded = try geos.node(lines)
        let total = MultiPolyline(parts: lines).lengthMeters
        #expect(abs(MultiPolyline(parts: noded).lengthMeters - total) < 1e-6 * total)
    }
}
