import Foundation
import Testing
@testable import RoadGeo

/// Networks shared by the topology tests (built once).
enum TopologyFixtures {
    static let moscow: RoadNetwork = {
        // The bundled file is valid; a failure here fails every test that uses it.
        (try? RoadNetwork(contentsOfGeoJSON: Fixtures.data("moscow_roads.geojson"))) ?? RoadNetwork(roads: [])
    }()
    static let moscowGraph: RoadGraph? = RoadGraph(moscow)
    static let andorra: RoadNetwork = {
        (try? RoadNetwork(contentsOfGeoJSON: Fixtures.path("network/andorra_roads.geojson"))) ?? RoadNetwork(roads: [])
    }()
    static let andorraGraph: RoadGraph? = RoadGraph(andorra)

    static func line(_ points: [(Double, Double)]) -> Polyline {
        Polyline(uncheckedCoordinates: points.map { Coordinate($0.0, $0.1) })
    }
}

/// The stops of a road on either side of a measure (equal when the measure is on a stop).
func stopsAround(_ graph: RoadGraph, _ snap: RoadSnap) -> (Stop, Stop) {
    let list = graph.stops[snap.roadIndex]
    let below = list.last { $0.measure <= snap.measureMeters } ?? list[0]
    let above = list.first { $0.measure >= snap.measureMeters } ?? list[list.count - 1]
    return (below, above)
}

/// Shortest path length by Bellman-Ford over every edge, entering and leaving the roads at the
/// snapped measures (by the stops on either side), plus the straight way along one stretch.
func bellmanFordLength(_ graph: RoadGraph, from a: RoadSnap, to b: RoadSnap) -> Double? {
    let (sa, sb) = stopsAround(graph, a), (ta, tb) = stopsAround(graph, b)
    var dist = [Double](repeating: .infinity, count: graph.nodeCount)
    dist[sa.node] = min(dist[sa.node], abs(a.measureMeters - sa.measure))
    dist[sb.node] = min(dist[sb.node], abs(sb.measure - a.measureMeters))
    let edges = graph.directedArcs
    var changed = true
    while changed {
        changed = false
        for e in edges where dist[e.from] + e.lengthMeters < dist[e.to] {
            dist[e.to] = dist[e.from] + e.lengthMeters
            changed = true
        }
    }
    var best = min(dist[ta.node] + abs(b.measureMeters - ta.measure), dist[tb.node] + abs(tb.measure - b.measureMeters))
    if a.roadIndex == b.roadIndex && sa.measure == ta.measure { best = min(best, abs(b.measureMeters - a.measureMeters)) }
    return best.isFinite ? best : nil
}

@Suite("Road graph: levels, paths against Bellman-Ford on real networks")
struct TopologyGraphTests {
    @Test("a bridge over a road is not noded; a road of the same level crossing it is; the bridge joins ramps at shared ends")
    func bridgeNotNoded() throws {
        // Ground road west-east; a bridge north-south over it, joined to ground ramps at its ends;
        // a second ground road crossing the first further east.
        let ground = Road(id: "ground", line: TopologyFixtures.line([(0, 0), (0.02, 0)]))
        let bridge = Road(id: "bridge", line: TopologyFixtures.line([(0.005, -0.002), (0.005, 0.002)]),
                          properties: ["bridge": "yes", "layer": "1"])
        let southRamp = Road(id: "south", line: TopologyFixtures.line([(0.005, -0.002), (0.005, -0.01)]))
        let northRamp = Road(id: "north", line: TopologyFixtures.line([(0.005, 0.002), (0.005, 0.01)]))
        let crossing = Road(id: "crossing", line: TopologyFixtures.line([(0.015, -0.003), (0.015, 0.003)]))
        let network = RoadNetwork(roads: [ground, bridge, southRamp, northRamp, crossing])
        let graph = RoadGraph(network)
        // Ground: its two ends and the same-level crossing at x = 0.015; nothing under the bridge.
        let groundStops = graph.stops[0].map(\.measure)
        #expect(groundStops.count == 3)
        #expect(abs(groundStops[1] - LocalRuler.distance(Coordinate(0, 0), Coordinate(0.015, 0))) < 0.01)
        #expect(graph.stops[1].count == 2)   // the bridge: end to end
        #expect(graph.stops[4].count == 3)   // the crossing road: cut at the ground road
        #expect(graph.stops[2][0].node == graph.stops[1][0].node)   // ramps share the bridge's ends
        #expect(graph.stops[3][0].node == graph.stops[1][1].node)
        // Ground and bridge are not connected: no ramp reaches the ground road.
        let options = SnapOptions(maxDistanceMeters: 5)
        let onGround = try #require(network.snap(Coordinate(0.004, 0.00001), options: options))
        let onBridge = try #require(network.snap(Coordinate(0.00501, 0.001), options: options))
        #expect(onGround.roadIndex == 0 && onBridge.roadIndex == 1)
        #expect(graph.path(from: onGround, to: onBridge) == nil)
        #expect(network.snapSection(from: Coordinate(0.004, 0.00001), to: Coordinate(0.00501, 0.001), options: options,
                                    graph: graph) == .notConnected(start: onGround, end: onBridge))
        // The crossing road does reach the ground road, through the crossing.
        let onCrossing = try #require(network.snap(Coordinate(0.01501, 0.002), options: options))
        let path = try #require(graph.path(from: onGround, to: onCrossing))
        let expected = LocalRuler.distance(onGround.coordinate, Coordinate(0.015, 0)) + LocalRuler.distance(Coordinate(0.015, 0), onCrossing.coordinate)
        #expect(abs(path.lengthMeters - expected) < 0.05)
    }

    @Test("stops cover every road in order and sit on it; every GEOSNode_r crossing of one level is a node", arguments: ["moscow", "andorra"])
    func stopsCoverRoads(_ name: String) throws {
        let network = name == "moscow" ? TopologyFixtures.moscow : TopologyFixtures.andorra
        let graph = try #require(name == "moscow" ? TopologyFixtures.moscowGraph : TopologyFixtures.andorraGraph)
        #expect(network.roads.count > 500)
        var nodePlaces: [Int: Coordinate] = [:]
        for r in network.roads.indices {
            let stops = graph.stops[r]
            #expect(stops.first?.measure == 0)
            #expect(stops.last?.measure == network.roads[r].line.lengthMeters)
            #expect(zip(stops, stops.dropFirst()).allSatisfy { $0.measure < $1.measure })
            for stop in stops {
                let at = network.roads[r].line.coordinate(atMeasure: stop.measure)
                if let known = nodePlaces[stop.node] {
                    #expect(LocalRuler.distance(at, known) < 0.01)   // one node, one place
                } else {
                    nodePlaces[stop.node] = at
                }
            }
        }
        // GEOS's own noding of the roads of one level (no layer/bridge/tunnel): every piece end
        // is a place where the graph has a node.
        let flat = network.roads.filter { ($0.text("layer") ?? "0") == "0" && $0.text("bridge") == nil && $0.text("tunnel") == nil }
        let pieces = try GEOS.node(flat.map(\.line.line))
        let places = Array(nodePlaces.values)
        let index = PackedRTree(boxes: places.map { BoundingBox($0) })
        var missing = 0
        for piece in pieces {
            for end in [piece.coordinates[0], piece.coordinates[piece.coordinates.count - 1]]
            where index.nearest(to: end, k: 1, maxDistanceMeters: 0.01).isEmpty { missing += 1 }
        }
        #expect(missing == 0)
    }

    @Test("shortest paths on real networks equal Bellman-Ford; sections are continuous", arguments: ["moscow", "andorra"])
    func pathsAgainstBellmanFord(_ name: String) throws {
        let network = name == "moscow" ? TopologyFixtures.moscow : TopologyFixtures.andorra
        let graph = try #require(name == "moscow" ? TopologyFixtures.moscowGraph : TopologyFixtures.andorraGraph)
        var rng = SplitMix64(seed: 5)
        var connected = 0
        for _ in 0..<(name == "moscow" ? 120 : 40) {
            func randomSnap() -> RoadSnap {
                let r = Int.random(in: 0..<network.roads.count, using: &rng)
                let line = network.roads[r].line
                let m = Double.random(in: 0...line.lengthMeters, using: &rng)
                return RoadSnap(roadIndex: r, location: line.location(atMeasure: m))
            }
            let a = randomSnap(), b = randomSnap()
            let expected = bellmanFordLength(graph, from: a, to: b)
            let path = graph.path(from: a, to: b)
            #expect((expected == nil) == (path == nil))
            guard let expected, let path else { continue }
            connected += 1
            #expect(abs(path.lengthMeters - expected) <= 1e-6 * max(1, expected))
            #expect(abs(path.stretches.reduce(0) { $0 + $1.lengthMeters } - path.lengthMeters) <= 1e-6 * max(1, expected))
            let first = try #require(path.stretches.first), last = try #require(path.stretches.last)
            #expect(first.roadIndex == a.roadIndex && first.fromMeters == a.measureMeters)
            #expect(last.roadIndex == b.roadIndex && last.toMeters == b.measureMeters)
            for (s, next) in zip(path.stretches, path.stretches.dropFirst()) {
                let end = network.road(of: s).line.coordinate(atMeasure: s.toMeters)
                let start = network.road(of: next).line.coordinate(atMeasure: next.fromMeters)
                #expect(LocalRuler.distance(end, start) < 0.01)
            }
            // No path is shorter than the straight line between its ends.
            #expect(path.lengthMeters >= LocalRuler.distance(a.coordinate, b.coordinate) * 0.999)
        }
        #expect(connected > 10)
    }

    @Test("A* with a reused scratch equals plain Dijkstra (the previous search) on random pairs", arguments: ["moscow", "andorra"])
    func aStarEqualsDijkstra(_ name: String) throws {
        let network = name == "moscow" ? TopologyFixtures.moscow : TopologyFixtures.andorra
        let graph = try #require(name == "moscow" ? TopologyFixtures.moscowGraph : TopologyFixtures.andorraGraph)
        var rng = SplitMix64(seed: 11)
        var scratch = RoadGraph.SearchScratch()
        var connected = 0, identical = 0
        let count = 400
        for _ in 0..<count {
            func randomSnap() -> RoadSnap {
                let r = Int.random(in: 0..<network.roads.count, using: &rng)
                let line = network.roads[r].line
                let m = Double.random(in: 0...line.lengthMeters, using: &rng)
                return RoadSnap(roadIndex: r, location: line.location(atMeasure: m))
            }
            let a = randomSnap(), b = randomSnap()
            let old = graph.dijkstraPath(from: a, to: b)
            let new = graph.path(from: a, to: b, scratch: &scratch)
            #expect((old == nil) == (new == nil))
            #expect(graph.path(from: a, to: b) == new)   // a fresh scratch gives the same answer
            guard let old, let new else { continue }
            connected += 1
            #expect(abs(new.lengthMeters - old.lengthMeters) <= 1e-9 * max(1, old.lengthMeters))
            #expect(abs(new.stretches.reduce(0) { $0 + $1.lengthMeters } - new.lengthMeters) <= 1e-6 * max(1, new.lengthMeters))
            if new.stretches == old.stretches { identical += 1 }
        }
        #expect(connected > count / 4)
        // Paths of exactly equal length are rare on real roads: nearly all are the same stretches.
        #expect(identical >= connected * 95 / 100)
    }

    @Test("a ring road (one stretch from a node back to itself) gets both its arcs and connects to nothing else")
    func ringRoad() throws {
        let apart = Road(id: "apart", line: TopologyFixtures.line([(1, 1), (1.01, 1)]))
        let ring = Road(id: "ring", line: TopologyFixtures.line([(0, 0), (0.01, 0), (0.01, 0.01), (0, 0.01), (0, 0)]))
        let network = RoadNetwork(roads: [apart, ring])
        let graph = RoadGraph(network)
        #expect(graph.nodeCount == 3)
        #expect(graph.directedArcs.filter { $0.road == 1 }.count == 2)
        #expect(graph.directedArcs.allSatisfy { $0.lengthMeters > 0 })
        let onRing = RoadSnap(roadIndex: 1, location: ring.line.location(atMeasure: 100))
        let nearEnd = RoadSnap(roadIndex: 1, location: ring.line.location(atMeasure: ring.line.lengthMeters - 100))
        let onApart = RoadSnap(roadIndex: 0, location: apart.line.location(atMeasure: 10))
        #expect(graph.path(from: onRing, to: onApart) == nil)
        #expect(graph.dijkstraPath(from: onRing, to: onApart) == nil)
        // Round through the node where the ring closes: 200 m, not the 4.2 km the other way.
        let path = try #require(graph.path(from: onRing, to: nearEnd))
        #expect(abs(path.lengthMeters - 200) < 1e-6)
        // Starting near the end of the ring, the path leaves it by its end (measure = length).
        let back = try #require(graph.path(from: nearEnd, to: onRing))
        #expect(abs(back.lengthMeters - 200) < 1e-6)
        #expect(abs(back.stretches.reduce(0) { $0 + $1.lengthMeters } - 200) < 1e-6)
        #expect(graph.dijkstraPath(from: nearEnd, to: onRing) == back)
    }

    @Test("two points on one stretch may be joined the short way round")
    func sameStretchShortcut() throws {
        // A long U-shaped road whose two arms are joined by a short cross road.
        let u = Road(id: "u", line: TopologyFixtures.line([(0, 0.01), (0, 0), (0.001, 0), (0.001, 0.01)]))
        let link = Road(id: "link", line: TopologyFixtures.line([(0, 0.009), (0.001, 0.009)]))
        let network = RoadNetwork(roads: [u, link])
        let graph = RoadGraph(network)
        let a = try #require(network.snap(Coordinate(-0.00001, 0.0095)))
        let b = try #require(network.snap(Coordinate(0.00101, 0.0095)))
        #expect(a.roadIndex == 0 && b.roadIndex == 0)
        let path = try #require(graph.path(from: a, to: b))
        #expect(path.lengthMeters < 230)   // 55 m down, 111 m across, 55 m up (not 2.2 km round the U)
        #expect(path.stretches.count == 3)
        #expect(path.stretches.count == 3 && path.stretches[1].roadIndex == 1)
        #expect(abs(path.lengthMeters - (try #require(bellmanFordLength(graph, from: a, to: b)))) < 1e-6)
    }
}
