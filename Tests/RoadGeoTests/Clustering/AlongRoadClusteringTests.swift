import Foundation
import Testing
@testable import RoadGeo

@Suite("AlongRoadClustering")
struct AlongRoadClusteringTests {
    @Test("reports on the same road within eps cluster; other roads (median, crossing) never merge")
    func sameRoadOnly() {
        // Road 1 and road 2 are the two carriageways of a divided road: measures line up.
        let positions = [RoadPosition(roadIndex: 1, measureMeters: 100), RoadPosition(roadIndex: 1, measureMeters: 110),
                         RoadPosition(roadIndex: 2, measureMeters: 100), RoadPosition(roadIndex: 2, measureMeters: 105),
                         RoadPosition(roadIndex: 3, measureMeters: 50)]
        let r = AlongRoadClustering(epsMeters: 15, minPoints: 2).cluster(positions)
        #expect(r.labels == [0, 0, 1, 1, -1])
    }

    @Test("chains along a road link; a gap over eps separates")
    func chains() {
        let measures = [0.0, 12, 24, 36, 60, 70]
        let positions = measures.map { RoadPosition(roadIndex: 7, measureMeters: $0) }
        #expect(AlongRoadClustering(epsMeters: 15, minPoints: 2).cluster(positions).labels == [0, 0, 0, 0, 1, 1])
        // Input order does not matter for the partition; ids follow first appearance.
        let shuffled = [positions[5], positions[0], positions[3], positions[4], positions[1], positions[2]]
        #expect(AlongRoadClustering(epsMeters: 15, minPoints: 2).cluster(shuffled).labels == [0, 1, 1, 0, 1, 1])
    }

    @Test("clusters cross a junction only when the topology connects the road ends")
    func junctions() {
        // Road 1 is 100 m long and ends where road 2 starts; road 3 ends at the same point.
        let positions = [RoadPosition(roadIndex: 1, measureMeters: 95), RoadPosition(roadIndex: 2, measureMeters: 6),
                         RoadPosition(roadIndex: 3, measureMeters: 195)]
        var topology = RoadConnections()
        topology.setLength(100, of: 1)
        topology.setLength(80, of: 2)
        topology.setLength(200, of: 3)
        #expect(AlongRoadClustering(epsMeters: 15, minPoints: 2).cluster(positions).labels == [-1, -1, -1])
        topology.connect(RoadEnd(roadIndex: 1, atEnd: true), RoadEnd(roadIndex: 2, atEnd: false))
        // 1@95 -> 2@6: 5 + 6 = 11 m. Road 3 is not connected yet.
        #expect(AlongRoadClustering(epsMeters: 15, minPoints: 2, connections: topology).cluster(positions).labels == [0, 0, -1])
        topology.connect(RoadEnd(roadIndex: 3, atEnd: true), RoadEnd(roadIndex: 1, atEnd: true))
        // 3@195 -> 1@95: 5 + 5 = 10 m (end to end).
        #expect(AlongRoadClustering(epsMeters: 15, minPoints: 2, connections: topology).cluster(positions).labels == [0, 0, 0])
        // The adjacency-dictionary form gives the same topology.
        let fromDictionary = RoadConnections(lengthsMeters: [1: 100, 2: 80, 3: 200],
                                             adjacency: [RoadEnd(roadIndex: 1, atEnd: true): [RoadEnd(roadIndex: 2, atEnd: false), RoadEnd(roadIndex: 3, atEnd: true)]])
        #expect(fromDictionary == topology)
    }

    @Test("matches all-pairs along-road DBSCAN on seeded snapped reports with junctions, crossings and constraints")
    func bruteForce() {
        var rng = SplitMix64(seed: 31)
        let roads = 60
        var topology = RoadConnections()
        var lengths: [Int: Double] = [:]
        for r in 0..<roads {
            let l = Double.random(in: 20...300, using: &rng)
            lengths[r] = l
            topology.setLength(l, of: r)
        }
        for _ in 0..<80 {
            topology.connect(RoadEnd(roadIndex: Int.random(in: 0..<roads, using: &rng), atEnd: Bool.random(using: &rng)),
                             RoadEnd(roadIndex: Int.random(in: 0..<roads, using: &rng), atEnd: Bool.random(using: &rng)))
        }
        // Crossings mid-road (and a few at an end of one of the two roads).
        for _ in 0..<60 {
            let a = Int.random(in: 0..<roads, using: &rng), b = Int.random(in: 0..<roads, using: &rng)
            let mb = Bool.random(using: &rng) ? Double.random(in: 0...(lengths[b] ?? 0), using: &rng) : .infinity
            topology.connect(RoadPosition(roadIndex: a, measureMeters: Double.random(in: 0...(lengths[a] ?? 0), using: &rng)),
                             RoadPosition(roadIndex: b, measureMeters: mb))
        }
        var positions: [RoadPosition] = []
        for _ in 0..<2_000 {
            let r = Int.random(in: 0..<roads, using: &rng)
            positions.append(RoadPosition(roadIndex: r, measureMeters: Double.random(in: 0...(lengths[r] ?? 0), using: &rng)))
        }
        let kinds = positions.map { _ in Int32.random(in: 0...1, using: &rng) }
        func clamp(_ m: Double, _ road: Int) -> Double { min(max(m, 0), lengths[road] ?? 0) }
        func alongDistance(_ a: RoadPosition, _ b: RoadPosition) -> Double {
            var best = a.roadIndex == b.roadIndex ? abs(a.measureMeters - b.measureMeters) : .infinity
            for j in topology.junctions[a.roadIndex] ?? [] {
                for other in j.meets where other.roadIndex == b.roadIndex {
                    best = min(best, abs(a.measureMeters - clamp(j.measureMeters, a.roadIndex))
                                   + abs(b.measureMeters - clamp(other.measureMeters, b.roadIndex)))
                }
            }
            return best
        }
        for (minPoints, sameCategory) in [(2, false), (3, false), (2, true)] {
            let rules = ClusterConstraints(sameCategory: sameCategory)
            let ours = AlongRoadClustering(epsMeters: 15, minPoints: minPoints, constraints: rules, connections: topology)
                .cluster(positions, categories: kinds)
            let oracle = ClusterOracle.dbscan(count: positions.count, minPoints: minPoints) { i, j in
                alongDistance(positions[i], positions[j]) <= 15 && (!sameCategory || kinds[i] == kinds[j])
            }
            #expect(ours.labels == oracle.labels, "minPoints \(minPoints) sameCategory \(sameCategory)")
            #expect(ours.clusterCount > 30)
        }
    }

    @Test("topology from a RoadNetwork: shared ends and same-level crossings join, a bridge over a road does not")
    func networkTopology() throws {
        let a = Coordinate(74.60, 42.87), b = Coordinate(74.601, 42.87), c = Coordinate(74.602, 42.87)
        let crossingLine = try Polyline([Coordinate(74.6005, 42.869), Coordinate(74.6005, 42.871)])   // crosses road 0 mid-way
        let bridgeLine = try Polyline([Coordinate(74.6015, 42.869), Coordinate(74.6015, 42.871)])     // over road 1 mid-way
        let network = RoadNetwork(roads: [Road(id: "a", line: try Polyline([a, b])), Road(id: "b", line: try Polyline([b, c])),
                                          Road(id: "crossing", line: crossingLine),
                                          Road(id: "bridge", line: bridgeLine, properties: ["bridge": "yes", "layer": "1"])])
        let t = RoadConnections(network: network)
        let len = (0..<4).map { t.lengthsMeters[$0] ?? .nan }
        #expect(abs(len[0] - LocalRuler.distance(a, b)) < 1e-6)
        // Road 0's end meets road 1's start; road 0 and road 2 cross half-way along each.
        #expect(t.junctions[0]?.last?.meets == [RoadPosition(roadIndex: 1, measureMeters: 0)])
        let crossing = t.junctions[2]?.first { $0.measureMeters > 0 && $0.measureMeters < len[2] }
        #expect(crossing?.meets.map(\.roadIndex) == [0])
        #expect(abs((crossing?.measureMeters ?? 0) - len[2] / 2) < 0.01)
        #expect(abs((crossing?.meets.first?.measureMeters ?? 0) - len[0] / 2) < 0.01)
        // The bridge meets nothing: its two ends only.
        #expect(t.junctions[3] == nil)
        // Reports 5 m before and after the end junction; 4 m either side of the crossing on
        // roads 0 and 2; 4 m either side of the bridge on road 1 and on the bridge.
        let positions = [RoadPosition(roadIndex: 0, measureMeters: len[0] - 5), RoadPosition(roadIndex: 1, measureMeters: 5),
                         RoadPosition(roadIndex: 0, measureMeters: len[0] / 2 - 4), RoadPosition(roadIndex: 2, measureMeters: len[2] / 2 + 4),
                         RoadPosition(roadIndex: 1, measureMeters: len[1] / 2 + 4), RoadPosition(roadIndex: 3, measureMeters: len[3] / 2 - 4)]
        let labels = AlongRoadClustering(epsMeters: 15, minPoints: 2, connections: t).cluster(positions).labels
        #expect(labels == [0, 0, 1, 1, -1, -1])
        // The same reports by plane distance: the pair at the bridge does cluster.
        let points = positions.map { network.road(of: $0).line.coordinate(atMeasure: $0.measureMeters) }
        #expect(DBSCAN(epsMeters: 15, minPoints: 2).cluster(points).labels == [0, 0, 1, 1, 2, 2])
    }

    @Test("on the real Andorra network, clusters follow RoadGraph's nodes exactly (all-pairs oracle)")
    func realNetworkAgainstGraph() throws {
        let network = TopologyFixtures.andorra
        let graph = try #require(TopologyFixtures.andorraGraph)
        #expect(network.roads.count > 100)
        let topology = RoadConnections(graph: graph)
        // Reports near nodes where several roads meet (so junctions matter), a few metres off.
        var rng = SplitMix64(seed: 12)
        var positions: [RoadPosition] = []
        while positions.count < 800 {
            let r = Int.random(in: 0..<network.roads.count, using: &rng)
            let stops = graph.stops[r]
            guard let stop = stops.randomElement(using: &rng) else { continue }
            let m = min(max(stop.measure + Double.random(in: -12...12, using: &rng), 0), stops.last?.measure ?? 0)
            positions.append(RoadPosition(roadIndex: r, measureMeters: m))
        }
        // The oracle reads the graph itself: directly along one road, or through one node.
        func alongDistance(_ p: RoadPosition, _ q: RoadPosition) -> Double {
            var best = p.roadIndex == q.roadIndex ? abs(p.measureMeters - q.measureMeters) : .infinity
            for sp in graph.stops[p.roadIndex] {
                for sq in graph.stops[q.roadIndex] where sq.node == sp.node && (p.roadIndex != q.roadIndex || sq.measure != sp.measure) {
                    best = min(best, abs(p.measureMeters - sp.measure) + abs(q.measureMeters - sq.measure))
                }
            }
            return best
        }
        let ours = AlongRoadClustering(epsMeters: 15, minPoints: 2, connections: topology).cluster(positions)
        let oracle = ClusterOracle.dbscan(count: positions.count, minPoints: 2) { i, j in
            alongDistance(positions[i], positions[j]) <= 15
        }
        #expect(ours.labels == oracle.labels)
        // Some clusters span roads (through nodes), and fewer reports cluster than with no topology.
        let alone = AlongRoadClustering(epsMeters: 15, minPoints: 2).cluster(positions)
        #expect(ours.clusterCount > 30)
        #expect(ours.labels.filter { $0 >= 0 }.count > alone.labels.filter { $0 >= 0 }.count)
    }

    @Test("NaN and infinite measures are nobody's neighbours")
    func badMeasures() {
        let positions = [RoadPosition(roadIndex: 1, measureMeters: 0), RoadPosition(roadIndex: 1, measureMeters: .nan),
                         RoadPosition(roadIndex: 1, measureMeters: 3), RoadPosition(roadIndex: 1, measureMeters: -.infinity),
                         RoadPosition(roadIndex: 1, measureMeters: .infinity)]
        var topology = RoadConnections()
        topology.setLength(10, of: 1)
        topology.connect(RoadEnd(roadIndex: 1, atEnd: false), RoadEnd(roadIndex: 1, atEnd: true))
        let r = AlongRoadClustering(epsMeters: 15, minPoints: 2, connections: topology).cluster(positions)
        #expect(r.labels == [0, -1, 0, -1, -1])
    }
}

@Suite("ClusterSummary")
struct ClusterSummaryTests {
    @Test("representative is the exact medoid, box, times, categories and road ranges")
    func summaryFields() {
        let o = Coordinate(74.6, 42.87)
        let ruler = LocalRuler(latitude: o.latitude)
        func at(_ dx: Double, _ dy: Double) -> Coordinate {
            Coordinate(o.longitude + dx / ruler.metersPerDegreeLongitude, o.latitude + dy / ruler.metersPerDegreeLatitude)
        }
        // Three reports in a line and one off to the side: the middle one minimises the distance sum.
        let points = [at(0, 0), at(6, 0), at(12, 0), at(6, 5), at(500, 500)]
        let labels = DBSCAN(epsMeters: 15, minPoints: 2).cluster(points)
        #expect(labels.labels == [0, 0, 0, 0, -1])
        let times = [100.0, 50, 300, 200, 0]
        let kinds: [Int32] = [1, 1, 2, 1, 3]
        let positions = [RoadPosition(roadIndex: 4, measureMeters: 10), RoadPosition(roadIndex: 4, measureMeters: 16),
                         RoadPosition(roadIndex: 4, measureMeters: 22), RoadPosition(roadIndex: 5, measureMeters: 3),
                         RoadPosition(roadIndex: 9, measureMeters: 0)]
        let s = ClusterSummary.summarize(labels, points: points, positions: positions, categories: kinds, timesSeconds: times)
        #expect(s.count == 1)
        let c = s[0]
        #expect(c.memberCount == 4 && c.representative == 1 && c.representativeCoordinate == points[1])
        #expect(c.boundingBox == BoundingBox(covering: points.prefix(4)))
        #expect(c.firstTimeSeconds == 50 && c.lastTimeSeconds == 300)
        #expect(c.categoryCounts == [1: 3, 2: 1])
        #expect(c.roadRanges == [RoadRange(stretch: RoadStretch(roadIndex: 4, fromMeters: 10, toMeters: 22), count: 3),
                                 RoadRange(stretch: RoadStretch(roadIndex: 5, fromMeters: 3, toMeters: 3), count: 1)])
        // Medoid equals brute force on random clusters (exact path).
        let cloud = ClusterOracle.reports(count: 400, center: o, spreadMeters: 60, seed: 3)
        let all = ClusterLabels(labels: [Int32](repeating: 0, count: cloud.count), isCore: [Bool](repeating: true, count: cloud.count), clusterCount: 1)
        let rep = ClusterSummary.summarize(all, points: cloud)[0].representative
        let sums = cloud.indices.map { i in cloud.reduce(0.0) { $0 + LocalRuler.distance(cloud[i], $1) } }
        #expect(sums[rep] == sums.min())
    }

    @Test("approximate medoid for big clusters is within 1% of the exact distance sum")
    func bigClusterMedoid() {
        let cloud = ClusterOracle.reports(count: 1_500, center: Coordinate(74.6, 42.87), spreadMeters: 100, seed: 4)
        let all = ClusterLabels(labels: [Int32](repeating: 0, count: cloud.count), isCore: [Bool](repeating: true, count: cloud.count), clusterCount: 1)
        let rep = ClusterSummary.summarize(all, points: cloud)[0].representative
        func sum(_ i: Int) -> Double { cloud.reduce(0.0) { $0 + LocalRuler.distance(cloud[i], $1) } }
        let best = cloud.indices.map(sum).min()!
        #expect(sum(rep) <= best * 1.01)
    }

    @Test("priority formula: log2(1 + members) x 0.5^(age / half-life) x road weight")
    func priority() {
        var s = ClusterSummary(cluster: 0, memberCount: 7, representative: 0, representativeCoordinate: Coordinate(0, 0),
                               boundingBox: .empty, roadRanges: [], firstTimeSeconds: 0, lastTimeSeconds: 1_000, categoryCounts: [:])
        #expect(s.priority(nowSeconds: 1_000) == 3)                                  // log2(8)
        #expect(abs(s.priority(nowSeconds: 1_000 + 7 * 86_400, roadClassWeight: 2) - 3) < 1e-12)   // half x 2
        #expect(s.priority(nowSeconds: 0) == 3)                                     // future reports: age 0
        s.lastTimeSeconds = nil
        #expect(s.priority(nowSeconds: 1e9) == 3)
    }

    @Test("incremental summary uses report handles")
    func incrementalSummary() {
        var live = IncrementalClusterer(epsMeters: 15, minPoints: 2)
        let o = Coordinate(74.6, 42.87)
        _ = live.add(Coordinate(100, 0))   // handle 0, far away
        let a = live.add(o, category: 2, timeSeconds: 10)
        let b = live.add(Coordinate(74.60005, 42.87), category: 2, timeSeconds: 20)
        let c = live.add(Coordinate(74.6001, 42.87), category: 1, timeSeconds: 30)
        let s = live.summary(of: c.cluster!)!
        #expect(s.memberCount == 3 && s.representative == b.report)
        #expect(s.categoryCounts == [2: 2, 1: 1] && s.firstTimeSeconds == 10 && s.lastTimeSeconds == 30)
        #expect(live.summary(of: 12_345) == nil)
        _ = a
    }
}
