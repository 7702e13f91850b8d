import Foundation
import Testing
@testable import RoadGeo

/// Map matching on small networks whose right answer is known by construction.
@Suite("Map matching")
struct MapMatchTests {
    let ruler = LocalRuler(latitude: 42.87)
    /// A point `east` and `north` metres from (74.60, 42.87).
    func at(_ east: Double, _ north: Double) -> Coordinate {
        Coordinate(74.60 + east / ruler.metersPerDegreeLongitude, 42.87 + north / ruler.metersPerDegreeLatitude)
    }
    func road(_ id: String, _ points: [(Double, Double)], _ properties: JSONObject = [:]) throws -> Road {
        Road(id: id, line: try Polyline(points.map { at($0.0, $0.1) }), properties: properties)
    }
    /// Roads of the matched route, in order, one entry per change of road.
    func roadsDriven(_ result: MapMatch, _ network: RoadNetwork) -> [String] {
        var out: [String] = []
        for s in result.pieces.flatMap(\.stretches) where out.last != network.road(of: s).id {
            out.append(network.road(of: s).id)
        }
        return out
    }

    @Test("parallel carriageways 30 m apart: fixes nearer the other one stay on the road driven")
    func parallelCarriageways() throws {
        let network = RoadNetwork(roads: [
            try road("north", [(0, 0), (1000, 0)]), try road("south", [(0, -30), (1000, -30)]),
            try road("west link", [(0, 0), (0, -30)]), try road("east link", [(1000, 0), (1000, -30)]),
        ])
        let graph = RoadGraph(network)
        // Along the north road; every other fix 18 m south of it, 12 m from the south road.
        let fixes = stride(from: 100.0, through: 900, by: 50).enumerated().map { k, x in at(x, k % 2 == 0 ? 5 : -18) }
        let nearest = fixes.compactMap { network.snap($0)?.roadIndex }
        #expect(nearest.contains(1))
        let result = network.match(fixes, graph: graph)
        #expect(result.fixes.allSatisfy { $0.status == .matched && $0.snap?.roadIndex == 0 })
        #expect(result.pieces.count == 1 && result.breaks.isEmpty)
        let stretches = try #require(result.pieces.first?.stretches)
        #expect(stretches.count == 1 && stretches[0].roadIndex == 0)
        #expect(abs(stretches[0].fromMeters - 100) < 0.5 && abs(stretches[0].toMeters - 900) < 0.5)
        #expect(abs(result.lengthMeters - 800) < 1)
    }

    @Test("no route between two unconnected roads: two pieces and a break naming the fixes")
    func breakBetweenPieces() throws {
        let network = RoadNetwork(roads: [try road("A", [(0, 0), (1000, 0)]), try road("C", [(0, 500), (1000, 500)])])
        let fixes = (0..<5).map { at(100 + Double($0) * 100, 3) } + (0..<5).map { at(900 - Double($0) * 100, 497) }
        let result = network.match(fixes, graph: RoadGraph(network))
        #expect(result.pieces.count == 2)
        #expect(result.pieces.map(\.fixes) == [0...4, 5...9])
        #expect(result.breaks.count == 1)
        let gap = try #require(result.breaks.first)
        #expect(gap.afterFix == 4 && gap.beforeFix == 5)
        #expect(abs(gap.straightMeters - LocalRuler.distance(fixes[4], fixes[5])) < 1e-9)
        #expect(gap.description.hasPrefix("no route within"))
        #expect(result.fixes[0...4].allSatisfy { $0.piece == 0 && $0.snap?.roadIndex == 0 })
        #expect(result.fixes[5...9].allSatisfy { $0.piece == 1 && $0.snap?.roadIndex == 1 })
        #expect(abs(result.lengthMeters - 800) < 1)
    }

    @Test("invalid, far-off and stationary fixes each get their status; stationary ones lie on the route")
    func statuses() throws {
        let network = RoadNetwork(roads: [try road("A", [(0, 0), (1000, 0)])])
        let fixes = [at(100, 4), Coordinate(.nan, 42.87), at(200, -3), at(203, -2), at(300, 2000), at(400, 1),
                     Coordinate(200, 42.87), at(500, 2)]
        let result = network.match(fixes, graph: RoadGraph(network))
        #expect(result.fixes.map(\.status) == [.matched, .invalidCoordinate, .matched, .stationary, .noRoadWithinRadius,
                                               .matched, .invalidCoordinate, .matched])
        let still = try #require(result.fixes[3].snap)
        #expect(result.fixes[3].piece == 0)
        #expect(abs(still.measureMeters - 203) < 0.5 && abs(still.distanceMeters - 2) < 0.05)
        #expect(result.fixes[1].snap == nil && result.fixes[4].snap == nil && result.fixes[4].piece == nil)
        #expect(result.matchedCount == 5)
        #expect(abs(result.lengthMeters - 400) < 1)
    }

    @Test("a fix far off the way, with a road of its own nearby, is skipped as an outlier: no detour")
    func outlier() throws {
        let network = RoadNetwork(roads: [
            try road("A", [(0, 0), (1000, 0)]), try road("D", [(0, 150), (1000, 150)]), try road("link", [(0, 0), (0, 150)]),
        ])
        var fixes = stride(from: 300.0, through: 700, by: 20).map { at($0, 2) }
        fixes[10] = at(500, 147)
        let result = network.match(fixes, graph: RoadGraph(network), options: MatchOptions(sigmaMeters: 5))
        #expect(result.fixes[10].status == .outlier && result.fixes[10].snap == nil)
        #expect(result.fixes.enumerated().allSatisfy { $0.offset == 10 || $0.element.snap?.roadIndex == 0 })
        #expect(roadsDriven(result, network) == ["A"])
        #expect(abs(result.lengthMeters - 400) < 1)
    }

    @Test("a U-turn at the end of a dead end: along the road and back")
    func uTurn() throws {
        let network = RoadNetwork(roads: [try road("A", [(0, 0), (500, 0)]), try road("B", [(0, 0), (-300, 0)])])
        let out = stride(from: 100.0, through: 480, by: 40).map { at($0, 3) }
        let back = stride(from: 460.0, through: 60, by: -40).map { at($0, -3) }
        let result = network.match(out + back, graph: RoadGraph(network))
        let stretches = try #require(result.pieces.first?.stretches)
        #expect(result.pieces.count == 1)
        #expect(stretches.count == 2 && stretches.allSatisfy { $0.roadIndex == 0 })
        #expect(stretches[0].fromMeters < stretches[0].toMeters && stretches[1].fromMeters > stretches[1].toMeters)
        #expect(abs(result.lengthMeters - ((460 - 100) + (460 - 60))) < 2)
    }

    @Test("one-way streets: with a one-way graph a drive against the street is matched to the two-way road beside it")
    func oneway() throws {
        let network = RoadNetwork(roads: [
            try road("one-way", [(0, 0), (1000, 0)], ["oneway": "yes"]), try road("two-way", [(0, -25), (1000, -25)]),
            try road("west link", [(0, 0), (0, -25)]), try road("east link", [(1000, 0), (1000, -25)]),
        ])
        // Westward, on the one-way street's line.
        let fixes = stride(from: 900.0, through: 100, by: -40).map { at($0, -2) }
        let free = network.match(fixes, graph: RoadGraph(network))
        #expect(roadsDriven(free, network) == ["one-way"])
        let directed = network.match(fixes, graph: RoadGraph(network, options: .oneway))
        #expect(roadsDriven(directed, network) == ["two-way"])
        #expect(directed.fixes.allSatisfy { $0.snap?.roadIndex == 1 })
        // Driving with the street, GPS jitter a few metres backwards is not a U-turn.
        var along = stride(from: 100.0, through: 900, by: 40).map { at($0, -2) }
        along[5] = at(100 + 4 * 40 - 6, -2)
        let jitter = network.match(along, graph: RoadGraph(network, options: .oneway),
                                   options: { var o = MatchOptions(sigmaMeters: 10); o.stationaryMeters = 0; return o }())
        #expect(roadsDriven(jitter, network) == ["one-way"])
        #expect(jitter.lengthMeters < 800 + 2 * 6 + 1)
    }

    @Test("batch matching on two threads equals matching one by one")
    func batch() throws {
        let network = try RoadNetwork(contentsOf: Fixtures.data("heidelberg_roads.geojson"))
        let graph = RoadGraph(network)
        var sim = TraceSimulator(network: network, graph: graph, random: SplitMix64(seed: 3))
        let traces = (0..<8).compactMap { _ in sim.trace(lengths: 500...3_000, interval: 5, sigma: 10)?.fixes }
        #expect(traces.count == 8)
        let many = network.match(traces, graph: graph, threads: 2)
        var scratch = MatchScratch()
        let one = traces.map { network.match($0, graph: graph, scratch: &scratch) }
        #expect(many == one)
        #expect(many.allSatisfy { $0.matchedCount > 0 })
    }

    @Test("route mismatch: hand-computed cases")
    func routeMismatch() {
        typealias S = RoadStretch
        let truth = [S(roadIndex: 0, fromMeters: 0, toMeters: 100), S(roadIndex: 1, fromMeters: 50, toMeters: 0)]
        #expect(MapMatch.routeMismatch(truth: truth, matched: truth) == 0)
        // Direction and repetition do not matter.
        #expect(MapMatch.routeMismatch(truth: truth, matched: [S(roadIndex: 1, fromMeters: 0, toMeters: 50),
                                                               S(roadIndex: 0, fromMeters: 100, toMeters: 0),
                                                               S(roadIndex: 0, fromMeters: 20, toMeters: 60)]) == 0)
        // 30 m of road 0 missed, 40 m of road 2 added: (30 + 40) / 150.
        let m = MapMatch.routeMismatch(truth: truth, matched: [S(roadIndex: 0, fromMeters: 30, toMeters: 100),
                                                               S(roadIndex: 1, fromMeters: 50, toMeters: 0),
                                                               S(roadIndex: 2, fromMeters: 0, toMeters: 40)])
        #expect(abs(m - 70.0 / 150) < 1e-12)
        #expect(MapMatch.routeMismatch(truth: truth, matched: []) == 1)
        #expect(MapMatch.routeMismatch(truth: [], matched: truth) == 0)
    }

    @Test("condition bins: count, mean, percentiles and times per 100 m, the road's end in its last bin")
    func conditionBins() throws {
        let network = RoadNetwork(roads: [try road("A", [(0, 0), (250, 0)]), try road("B", [(0, 100), (0, 400)])])
        let a = network.roads[0].line, b = network.roads[1].line
        func fix(_ road: Int, _ m: Double) -> MatchedFix {
            let line = road == 0 ? a : b
            return MatchedFix(snap: RoadSnap(roadIndex: road, location: line.location(atMeasure: m)), piece: 0, status: .matched)
        }
        let match = MapMatch(fixes: [fix(0, 10), fix(0, 20), fix(0, 90), fix(0, a.lengthMeters), fix(0, 150),
                                     MatchedFix(snap: nil, piece: nil, status: .outlier), fix(1, 5)],
                             pieces: [], breaks: [])
        var bins = RoadConditionBins(network: network, sectionLengthMeters: 100)
        bins.add(match, values: [1, 3, 2, 7, .nan, 9, 4], times: [100, 101, 102, 103, 104, 105, 106])
        let out = bins.bins()
        #expect(out.count == 3)
        #expect(bins.skippedNaN == 1 && bins.skippedUnplaced == 1)
        let first = out[0]
        #expect(first.roadIndex == 0 && first.fromMeters == 0 && first.toMeters == 100 && first.count == 3)
        #expect(first.mean == 2 && first.p50 == 2)
        #expect(abs(first.p90 - 2.8) < 1e-12)   // 2 + 0.8 · (3 - 2)
        #expect(first.firstTime == 100 && first.lastTime == 102)
        let end = out[1]
        #expect(end.fromMeters == 200 && abs(end.toMeters - a.lengthMeters) < 1e-9 && end.count == 1 && end.mean == 7)
        #expect(out[2].roadIndex == 1 && out[2].count == 1 && out[2].p90 == 4)
        let features = bins.tileFeatures()
        #expect(features.count == 3)
        #expect(features[0].properties["road_id"] == .string("A"))
        #expect(features[0].properties["first_time"] == .string("1970-01-01T00:01:40Z"))
        if case .line(let line) = features[1].geometry { #expect(abs(line.lengthMeters - (a.lengthMeters - 200)) < 0.01) } else {
            Issue.record("a bin is drawn as its stretch of road")
        }
    }
}
