import Testing
@testable import RoadGeo

@Suite("Road graph export: nodes and edges")
struct RoadGraphExportTests {
    let ruler = LocalRuler(latitude: 42.87)
    /// A point `east` and `north` metres from (74.60, 42.87).
    func at(_ east: Double, _ north: Double) -> Coordinate {
        Coordinate(74.60 + east / ruler.metersPerDegreeLongitude, 42.87 + north / ruler.metersPerDegreeLatitude)
    }

    @Test("a hand-checked T with a crossing: six stretches, their nodes, measures and one-way flags")
    func tinyNetwork() throws {
        // A: west-east, 200 m, with a vertex at 100 m that B starts from (a shared vertex).
        // B: north from A's 100 m vertex, 150 m, one-way. C: crosses A at 150 m, no shared vertex.
        let a = Road(id: "A", line: try Polyline([at(0, 0), at(100, 0), at(200, 0)]))
        let b = Road(id: "B", line: try Polyline([at(100, 0), at(100, 150)]), properties: ["oneway": "yes"])
        let c = Road(id: "C", line: try Polyline([at(150, -50), at(150, 50)]))
        let network = RoadNetwork(roads: [a, b, c])
        let graph = RoadGraph(network, options: .oneway)
        #expect(graph.nodeCount == 7)   // A's two ends, the T, the crossing, B's end, C's two ends
        let edges = graph.edges()
        #expect(edges.map(\.roadIndex) == [0, 0, 0, 1, 2, 2])
        let expected: [(Double, Double)] = [(0, 100), (100, 150), (150, 200), (0, 150), (0, 50), (50, 100)]
        for (e, (from, to)) in zip(edges, expected) {
            #expect(abs(e.fromMeters - from) < 0.05 && abs(e.toMeters - to) < 0.05, "\(e)")
            #expect(abs(e.lengthMeters - (to - from)) < 0.05)
        }
        // The T: A's first stretch ends where B starts; the crossing: A's second stretch ends
        // at the node where C's two stretches meet.
        #expect(edges[0].to == edges[1].from && edges[0].to == edges[3].from)
        #expect(edges[1].to == edges[2].from && edges[1].to == edges[4].to && edges[4].to == edges[5].from)
        #expect(Set(edges.flatMap { [$0.from, $0.to] }).count == 7)
        // B is one-way, the others two-way.
        #expect(edges.map(\.forward) == [true, true, true, true, true, true])
        #expect(edges.map(\.backward) == [true, true, true, false, true, true])
        // Without --oneway B is two-way too.
        #expect(RoadGraph(network).edges().allSatisfy { $0.forward && $0.backward })
        // Node positions: the T is A's 100 m vertex, the crossing A at 150 m (and C at 50 m).
        #expect(LocalRuler.distance(graph.nodeCoordinate(edges[0].to, in: network), at(100, 0)) < 0.01)
        #expect(LocalRuler.distance(graph.nodeCoordinate(edges[1].to, in: network), at(150, 0)) < 0.01)
        #expect(LocalRuler.distance(graph.nodeCoordinate(edges[3].to, in: network), at(100, 150)) < 1e-6)
        #expect(edges[2].stretch == RoadStretch(roadIndex: 0, fromMeters: edges[2].fromMeters, toMeters: edges[2].toMeters))
    }

    @Test("Moscow: edge lengths add up to the road length; nodes lie at every stop that names them")
    func moscow() throws {
        let network = TopologyFixtures.moscow
        #expect(network.roads.count == 588)
        let graph = RoadGraph(network, options: .oneway)
        let edges = graph.edges()
        let total = network.roads.reduce(0) { $0 + $1.line.lengthMeters }
        #expect(total > 100_000)
        #expect(abs(edges.reduce(0) { $0 + $1.lengthMeters } - total) < total * 1e-12)
        // Per road: its stretches tile it from 0 to its length, in order.
        var byRoad = [[RoadGraph.Edge]](repeating: [], count: network.roads.count)
        for e in edges { byRoad[e.roadIndex].append(e) }
        for (r, list) in byRoad.enumerated() {
            #expect(list.first?.fromMeters == 0)
            #expect(list.last?.toMeters == network.roads[r].line.lengthMeters)
            for (x, y) in zip(list, list.dropFirst()) { #expect(x.toMeters == y.fromMeters && x.to == y.from) }
            #expect(list.allSatisfy { $0.lengthMeters > 0 })
        }
        // Each end of each edge is the road's coordinate at that measure (to rounding of crossings).
        let points = graph.nodeCoordinates(in: network)
        #expect(points.count == graph.nodeCount)
        var worst = 0.0
        for e in edges {
            let line = network.road(of: e).line
            worst = max(worst, LocalRuler.distance(points[e.from], line.coordinate(atMeasure: e.fromMeters)))
            worst = max(worst, LocalRuler.distance(points[e.to], line.coordinate(atMeasure: e.toMeters)))
        }
        #expect(worst < 1e-6)
        // Every node is an end of some edge.
        #expect(Set(edges.flatMap { [$0.from, $0.to] }).count == graph.nodeCount)
    }

    @Test("the edges' travel flags expand to exactly the arcs the search follows, one-way and motor-vehicle")
    func edgesMatchArcs() throws {
        let network = TopologyFixtures.moscow
        for options in [RoadGraph.Options.undirected, .oneway, .motorVehicle] {
            let graph = RoadGraph(network, options: options)
            var fromEdges: [DirectedArc] = []
            for e in graph.edges() {
                if e.forward {
                    fromEdges.append(DirectedArc(from: e.from, to: e.to, road: e.roadIndex, fromMeters: e.fromMeters,
                                                 toMeters: e.toMeters, lengthMeters: e.lengthMeters))
                }
                if e.backward {
                    fromEdges.append(DirectedArc(from: e.to, to: e.from, road: e.roadIndex, fromMeters: e.toMeters,
                                                 toMeters: e.fromMeters, lengthMeters: e.lengthMeters))
                }
            }
            let arcs = graph.directedArcs
            #expect(arcs.count == fromEdges.count)
            #expect(Set(arcs) == Set(fromEdges))
            let oneWay = graph.edges().filter { $0.forward != $0.backward }.count
            let closed = graph.edges().filter { !$0.forward && !$0.backward }.count
            if options == .undirected { #expect(oneWay == 0 && closed == 0) } else { #expect(oneWay > 0) }
            if options == .motorVehicle { #expect(closed > 0) } else { #expect(closed == 0) }
        }
    }
}
