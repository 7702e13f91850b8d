import Testing
@testable import RoadGeo

@Suite("Road graph and paths")
struct RoadGraphTests {
    let ruler = LocalRuler(latitude: 42.87)
    /// A point `east` and `north` metres from (74.60, 42.87).
    func at(_ east: Double, _ north: Double) -> Coordinate {
        Coordinate(74.60 + east / ruler.metersPerDegreeLongitude, 42.87 + north / ruler.metersPerDegreeLatitude)
    }

    /// Checks a path: consecutive stretches meet, and their lengths add up to the total.
    func checkChain(_ path: RoadGraph.Path, _ network: RoadNetwork, from a: RoadSnap, to b: RoadSnap) {
        let point = { (s: RoadStretch, m: Double) in network.road(of: s).line.coordinate(atMeasure: m) }
        #expect(abs(path.stretches.reduce(0) { $0 + $1.lengthMeters } - path.lengthMeters) < 1e-6)
        if let first = path.stretches.first { #expect(LocalRuler.distance(point(first, first.fromMeters), a.coordinate) < 0.01) }
        if let last = path.stretches.last { #expect(LocalRuler.distance(point(last, last.toMeters), b.coordinate) < 0.01) }
        for (x, y) in zip(path.stretches, path.stretches.dropFirst()) {
            #expect(LocalRuler.distance(point(x, x.toMeters), point(y, y.fromMeters)) < 0.01)
        }
    }

    @Test("streets of a grid that cross without shared vertices are noded: paths follow the grid")
    func grid() throws {
        var lines: [Polyline] = []
        for k in 0..<3 {
            let d = Double(k) * 200
            lines.append(try Polyline([at(-100, d), at(500, d)]))   // east-west streets
            lines.append(try Polyline([at(d, -100), at(d, 500)]))   // north-south streets
        }
        let network = RoadNetwork(lines: lines)
        let graph = RoadGraph(network)
        let a = try #require(network.snap(at(50, 0))), b = try #require(network.snap(at(400, 350)))
        let path = try #require(graph.path(from: a, to: b))
        #expect(abs(path.lengthMeters - 700) < 0.5)
        checkChain(path, network, from: a, to: b)
        let back = try #require(graph.path(from: b, to: a))
        #expect(abs(back.lengthMeters - path.lengthMeters) < 1e-6)
        // Along one street: a single stretch.
        let c = try #require(network.snap(at(300, 0)))
        #expect(graph.path(from: a, to: c)?.stretches.count == 1)
        #expect(abs((graph.path(from: a, to: c)?.lengthMeters ?? 0) - 250) < 0.1)
    }

    @Test("a bridge does not connect to the road it crosses; the path goes round by the ramp")
    func bridge() throws {
        let deck = Road(id: "bridge", line: try Polyline([at(0, 0), at(1_000, 0)]), properties: ["bridge": "yes", "layer": "1"])
        let below = Road(id: "below", line: try Polyline([at(500, -500), at(500, 500)]))
        let ramp = Road(id: "ramp", line: try Polyline([at(1_000, 0), at(500, -500)]))
        let withRamp = RoadNetwork(roads: [deck, below, ramp])
        let p = try #require(withRamp.snap(at(400, 0))), q = try #require(withRamp.snap(at(500, 100)))
        #expect(p.roadIndex == 0 && q.roadIndex == 1)
        let path = try #require(RoadGraph(withRamp).path(from: p, to: q))
        let rampLength = withRamp.roads[2].line.lengthMeters
        #expect(abs(path.lengthMeters - (600 + rampLength + 600)) < 0.5)
        #expect(path.stretches.map(\.roadIndex) == [0, 2, 1])
        checkChain(path, withRamp, from: p, to: q)
        // Without the ramp they are not connected.
        let noRamp = RoadNetwork(roads: [deck, below])
        let p2 = try #require(noRamp.snap(at(400, 0))), q2 = try #require(noRamp.snap(at(500, 100)))
        #expect(RoadGraph(noRamp).path(from: p2, to: q2) == nil)
        // The same crossing on one level is a junction.
        let flat = RoadNetwork(lines: [deck.line.line, below.line.line])
        let p3 = try #require(flat.snap(at(400, 0))), q3 = try #require(flat.snap(at(500, 100)))
        #expect(abs((RoadGraph(flat).path(from: p3, to: q3)?.lengthMeters ?? 0) - 200) < 0.1)
    }

    @Test("real roads: paths are symmetric, never shorter than the straight line, and chain up")
    func moscow() throws {
        let network = RoadNetwork(lines: TestRoadLines.moscow)
        let graph = RoadGraph(network)
        var rng = SplitMix64(seed: 41)
        var connected = 0
        for _ in 0..<150 {
            let r1 = network.roads[Int.random(in: 0..<network.roads.count, using: &rng)].line
            let r2 = network.roads[Int.random(in: 0..<network.roads.count, using: &rng)].line
            guard let a = network.snap(r1.coordinate(atMeasure: Double.random(in: 0...r1.lengthMeters, using: &rng))),
                  let b = network.snap(r2.coordinate(atMeasure: Double.random(in: 0...r2.lengthMeters, using: &rng))) else { continue }
            let ab = graph.path(from: a, to: b), ba = graph.path(from: b, to: a)
            #expect((ab == nil) == (ba == nil))
            guard let ab, let ba else { continue }
            connected += 1
            #expect(abs(ab.lengthMeters - ba.lengthMeters) < 1e-6)
            #expect(ab.lengthMeters >= Geodesic.wgs84.distance(a.coordinate, b.coordinate) * (1 - 0.0005) - 0.01)
            checkChain(ab, network, from: a, to: b)
        }
        #expect(connected > 100)
    }
}

@Suite("Road graph against GEOS noding")
struct RoadGraphGEOSTests {
    @Test("on one level, the graph's edges are GEOSNode_r's pieces: same count, same total length",
          arguments: [Fixtures.data("moscow_roads.geojson"), Fixtures.path("network/andorra_roads.geojson")])
    func oneLevel(_ file: String) throws {
        let all = try RoadNetwork(contentsOfGeoJSON: file)
        let ground = all.roads.filter { r in
            (r.text("layer") ?? "0") == "0" && (r.text("bridge") ?? "no") == "no" && (r.text("tunnel") ?? "no") == "no"
        }
        let network = RoadNetwork(roads: ground)
        let graph = RoadGraph(network)
        let edges = graph.arcs.count / 2
        let pieces = try GEOS.node(ground.map(\.line.line))
        let total = MultiPolyline(parts: pieces).lengthMeters
        #expect(edges == pieces.count)
        #expect(abs(total - MultiPolyline(parts: ground.map(\.line.line)).lengthMeters) < 0.001 * total)
    }
}
