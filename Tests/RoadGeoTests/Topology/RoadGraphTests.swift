import Foundation
import Testing
@testable import RoadGeo

/// Networks shared by the topology tests (built once).
enum TopologyFixtures {
    static let moscow: RoadNetwork = {
        // The bundled file is valid; a failure here fails every test that uses it.
        (try? RoadNetwork(contentsOfGeoJSON: Fixtures.data("moscow_roads.geojson"))) ?? RoadNetwork(roads: [])
    }()
    static let moscowGraph: RoadGraph? = try? RoadGraph(network: moscow)
    static let andorra: RoadNetwork = {
        (try? RoadNetwork(contentsOfGeoJSON: Fixtures.path("network/andorra_roads.geojson"))) ?? RoadNetwork(roads: [])
    }()
    static let andorraGraph: RoadGraph? = try? RoadGraph(network: andorra)

    static func line(_ points: [(Double, Double)]) -> Polyline {
        Polyline(uncheckedCoordinates: points.map { Coordinate($0.0, $0.1) })
    }
}

/// Shortest path by Bellman-Ford over the whole edge list, with the same virtual start and end
/// as `RoadGraph.shortestPath` (enter and leave edges at the snapped measures).
func bellmanFordLength(_ graph: RoadGraph, from a: RoadSnap, to b: RoadSnap) -> Double? {
    guard let se = graph.edge(onRoad: a.roadIndex, atMeasure: a.measureMeters),
          let te = graph.edge(onRoad: b.roadIndex, atMeasure: b.measureMeters) else { return nil }
    let s = graph.edges[se], t = graph.edges[te]
    var dist = [Double](repeating: .infinity, count: graph.nodes.count)
    dist[s.fromNode] = min(dist[s.fromNode], a.measureMeters - s.fromMeters)
    dist[s.toNode] = min(dist[s.toNode], s.toMeters - a.measureMeters)
    var changed = true
    while changed {
        changed = false
        for e in graph.edges {
            let l = e.toMeters - e.fromMeters
            if dist[e.fromNode] + l < dist[e.toNode] { dist[e.toNode] = dist[e.fromNode] + l; changed = true }
            if dist[e.toNode] + l < dist[e.fromNode] { dist[e.fromNode] = dist[e.toNode] + l; changed = true }
        }
    }
    var best = min(dist[t.fromNode] + (b.measureMeters - t.fromMeters), dist[t.toNode] + (t.toMeters - b.measureMeters))
    if se == te { best = min(best, abs(b.measureMeters - a.measureMeters)) }
    return best.isFinite ? best : nil
}

@Suite("Road graph: noding by level class, shortest paths")
struct RoadGraphTests {
    @Test("a bridge over a road is not noded; a road of the same level crossing it is")
    func bridgeNotNoded() throws {
        // Ground road west-east; a bridge north-south over it, joined to ground roads at its ends;
        // a second ground road crossing the first further east.
        let ground = Road(id: "ground", line: TopologyFixtures.line([(0, 0), (0.02, 0)]))
        let bridge = Road(id: "bridge", line: TopologyFixtures.line([(0.005, -0.002), (0.005, 0.002)]),
                          attributes: ["bridge": "yes", "layer": "1"])
        let southRamp = Road(id: "south", line: TopologyFixtures.line([(0.005, -0.002), (0.005, -0.01)]))
        let northRamp = Road(id: "north", line: TopologyFixtures.line([(0.005, 0.002), (0.005, 0.01)]))
        let crossing = Road(id: "crossing", line: TopologyFixtures.line([(0.015, -0.003), (0.015, 0.003)]))
        let network = RoadNetwork(roads: [ground, bridge, southRamp, northRamp, crossing])
        let graph = try RoadGraph(network: network)
        #expect(graph.levelClasses.count == 2)
        #expect(graph.roadLevelClass[1] != graph.roadLevelClass[0])
        // Ground is cut only at the same-level crossing at x = 0.015.
        let groundEdges = graph.edges[graph.edgeRange(ofRoad: 0)]
        #expect(groundEdges.count == 2)
        let cut = try #require(groundEdges.first).toMeters
        #expect(abs(cut - LocalRuler.distance(Coordinate(0, 0), Coordinate(0.015, 0))) < 0.01)
        #expect(graph.edgeRange(ofRoad: 1).count == 1)   // the bridge: one edge, end to end
        #expect(graph.edgeRange(ofRoad: 4).count == 2)   // the crossing road: cut at the ground road
        #expect(!graph.nodes.contains(Coordinate(0.005, 0)))
        // The bridge's ends join the ramps (shared end points across classes).
        let b = graph.edges[graph.edgeRange(ofRoad: 1).lowerBound]
        #expect(graph.edges[graph.edgeRange(ofRoad: 2).lowerBound].fromNode == b.fromNode)
        #expect(graph.edges[graph.edgeRange(ofRoad: 3).lowerBound].fromNode == b.toNode)
        // Ground and bridge are not connected: no ramp reaches the ground road.
        let onGround = try #require(network.snap(Coordinate(0.004, 0.00001), options: SnapOptions(maxDistanceMeters: 5)))
        let onBridge = try #require(network.snap(Coordinate(0.00501, 0.001), options: SnapOptions(maxDistanceMeters: 5)))
        #expect(onGround.roadIndex == 0 && onBridge.roadIndex == 1)
        #expect(graph.shortestPath(from: onGround, to: onBridge) == nil)
        #expect(graph.snapSection(from: Coordinate(0.004, 0.00001), to: Coordinate(0.00501, 0.001),
                                  options: SnapOptions(maxDistanceMeters: 5)) == .notConnected(start: onGround, end: onBridge))
    }

    @Test("level class text: defaults, flags, building passages")
    func levelClassText() {
        #expect(RoadGraph.levelClass(of: [:]) == "0|no|no")
        #expect(RoadGraph.levelClass(of: ["layer": "0", "bridge": "no"]) == "0|no|no")
        #expect(RoadGraph.levelClass(of: ["layer": "1", "bridge": "yes"]) == "1|yes|no")
        #expect(RoadGraph.levelClass(of: ["layer": "-1", "tunnel": "building_passage"]) == "-1|no|building_passage")
    }

    @Test("every road is covered by its edges, in order, and every GEOS node of a class lies on the roads", arguments: ["moscow", "andorra"])
    func edgesCoverRoads(_ name: String) throws {
        let network = name == "moscow" ? TopologyFixtures.moscow : TopologyFixtures.andorra
        let graph = try #require(name == "moscow" ? TopologyFixtures.moscowGraph : TopologyFixtures.andorraGraph)
        #expect(network.roads.count > 500)
        for r in network.roads.indices {
            let range = graph.edgeRange(ofRoad: r)
            let edges = graph.edges[range]
            #expect(edges.first?.fromMeters == 0)
            #expect(edges.last?.toMeters == network.roads[r].line.lengthMeters)
            for (e, next) in zip(edges, edges.dropFirst()) { #expect(e.toMeters == next.fromMeters && e.toNode == next.fromNode) }
            for e in edges {
                let at = network.roads[r].line.coordinate(atMeasure: e.fromMeters)
                #expect(LocalRuler.distance(at, graph.nodes[e.fromNode]) < 0.01)
            }
        }
        // GEOS's own noding of each class: every piece end is a node of the graph.
        let geos = try GEOSContext()
        for c in graph.levelClasses.indices {
            let members = network.roads.indices.filter { graph.roadLevelClass[$0] == c }.map { network.roads[$0].line.line }
            let nodeSet = Set(graph.nodes)
            for piece in try geos.node(members) {
                #expect(nodeSet.contains(piece.coordinates[0]))
                #expect(nodeSet.contains(piece.coordinates[piece.coordinates.count - 1]))
            }
        }
    }

    @Test("shortest paths on real networks equal Bellman-Ford; sections are continuous", arguments: ["moscow", "andorra"])
    func pathsAgainstBellmanFord(_ name: String) throws {
        let network = name == "moscow" ? TopologyFixtures.moscow : TopologyFixtures.andorra
        let graph = try #require(name == "moscow" ? TopologyFixtures.moscowGraph : TopologyFixtures.andorraGraph)
        var rng = SplitMix64(seed: 5)
        var scratch = RoadGraph.PathScratch()
        var connected = 0, disconnected = 0
        for _ in 0..<(name == "moscow" ? 120 : 40) {
            func randomSnap() -> RoadSnap {
                let r = Int.random(in: 0..<network.roads.count, using: &rng)
                let line = network.roads[r].line
                let m = Double.random(in: 0...line.lengthMeters, using: &rng)
                return RoadSnap(roadIndex: r, location: line.location(atMeasure: m))
            }
            let a = randomSnap(), b = randomSnap()
            let expected = bellmanFordLength(graph, from: a, to: b)
            let path = graph.shortestPath(from: a, to: b, scratch: &scratch)
            #expect((expected == nil) == (path == nil))
            guard let expected, let path else { disconnected += 1; continue }
            connected += 1
            #expect(abs(path.lengthMeters - expected) <= 1e-6 * max(1, expected))
            #expect(abs(path.sections.reduce(0) { $0 + $1.lengthMeters } - path.lengthMeters) <= 1e-6 * max(1, expected))
            let first = try #require(path.sections.first), last = try #require(path.sections.last)
            #expect(first.roadIndex == a.roadIndex && first.fromMeters == a.measureMeters)
            #expect(last.roadIndex == b.roadIndex && last.toMeters == b.measureMeters)
            for (s, next) in zip(path.sections, path.sections.dropFirst()) {
                let end = network.roads[s.roadIndex].line.coordinate(atMeasure: s.toMeters)
                let start = network.roads[next.roadIndex].line.coordinate(atMeasure: next.fromMeters)
                #expect(LocalRuler.distance(end, start) < 0.01)
            }
            // No path is shorter than the straight line between its ends.
            #expect(path.lengthMeters >= LocalRuler.distance(a.coordinate, b.coordinate) * 0.999)
        }
        #expect(connected > 10)
        _ = disconnected
    }

    @Test("a path between two points on one edge may go round when that is shorter")
    func sameEdgeShortcut() throws {
        // A long U-shaped road whose two arms are joined by a short cross road.
        let u = Road(id: "u", line: TopologyFixtures.line([(0, 0.01), (0, 0), (0.001, 0), (0.001, 0.01)]))
        let link = Road(id: "link", line: TopologyFixtures.line([(0, 0.009), (0.001, 0.009)]))
        let network = RoadNetwork(roads: [u, link])
        let graph = try RoadGraph(network: network)
        let a = try #require(network.snap(Coordinate(-0.00001, 0.0095)))
        let b = try #require(network.snap(Coordinate(0.00101, 0.0095)))
        #expect(a.roadIndex == 0 && b.roadIndex == 0)
        let path = try #require(graph.shortestPath(from: a, to: b))
        #expect(path.lengthMeters < 230)   // 55 m down, 111 m across, 55 m up (not 2.2 km round the U)
        #expect(path.sections.count == 3)
        #expect(path.sections[1].roadIndex == 1)
        #expect(abs(path.lengthMeters - (try #require(bellmanFordLength(graph, from: a, to: b)))) < 1e-6)
    }
}
