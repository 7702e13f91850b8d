import Testing
@testable import RoadGeo

@Suite("Road network index packing")
struct NetworkTreePackingTests {
    /// The network's segment boxes, in segment order (as `RoadNetwork` numbers them).
    static func segmentBoxes(_ network: RoadNetwork) -> [BoundingBox] {
        network.segments.map { BoundingBox($0.a, $0.b) }
    }

    @Test("snaps on the STR-packed network equal snaps on a Hilbert-packed one (real roads)", arguments: ["moscow", "andorra"])
    func sameSnaps(_ name: String) {
        let str = RoadNetwork(lines: TestRoadLines.named(name))
        let hilbert = RoadNetwork(roads: str.roads, tree: PackedRTree(boxes: Self.segmentBoxes(str), packing: .hilbert))
        var rng = SplitMix64(seed: 31)
        let points = (0..<4_000).map { _ -> Coordinate in
            let road = str.roads[Int.random(in: 0..<str.roads.count, using: &rng)].line
            let on = road.coordinate(atMeasure: Double.random(in: 0...road.lengthMeters, using: &rng))
            // Some exactly on the road (vertices included), most pushed up to 80 m away.
            if Double.random(in: 0..<1, using: &rng) < 0.2 { return on }
            return Geodesic.wgs84.destination(from: on, azimuth: Double.random(in: 0..<360, using: &rng),
                                              meters: Double.random(in: 0...80, using: &rng))
        }
        let options = SnapOptions(maxDistanceMeters: 50)
        var a = RTreeQueryScratch(), b = RTreeQueryScratch()
        var matched = 0
        for p in points {
            let x = str.snap(p, options: options, scratch: &a)
            #expect(x == hilbert.snap(p, options: options, scratch: &b))
            if x != nil { matched += 1 }
        }
        #expect(matched > points.count / 2)
        for p in points.prefix(300) {
            #expect(str.candidates(near: p, limit: 3, options: options) == hilbert.candidates(near: p, limit: 3, options: options))
        }
    }
}
