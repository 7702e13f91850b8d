import Foundation
import Testing
@testable import RoadGeo

@Suite("AlongRoadClustering")
struct AlongRoadClusteringTests {
    @Test("reports on the same road within eps cluster; other roads (median, crossing) never merge")
    func sameRoadOnly() {
        // Road 1 and road 2 are the two carriageways of a divided road: measures line up.
        let positions = [RoadPosition(road: 1, measureMeters: 100), RoadPosition(road: 1, measureMeters: 110),
                         RoadPosition(road: 2, measureMeters: 100), RoadPosition(road: 2, measureMeters: 105),
                         RoadPosition(road: 3, measureMeters: 50)]
        let r = AlongRoadClustering(epsMeters: 15, minPoints: 2).cluster(positions)
        #expect(r.labels == [0, 0, 1, 1, -1])
    }

    @Test("chains along a road link; a gap over eps separates")
    func chains() {
        let measures = [0.0, 12, 24, 36, 60, 70]
        let positions = measures.map { RoadPosition(road: 7, measureMeters: $0) }
        #expect(AlongRoadClustering(epsMeters: 15, minPoints: 2).cluster(positions).labels == [0, 0, 0, 0, 1, 1])
        // Input order does not matter for the partition; ids follow first appearance.
        let shuffled = [positions[5], positions[0], positions[3], positions[4], positions[1], positions[2]]
        #expect(AlongRoadClustering(epsMeters: 15, minPoints: 2).cluster(shuffled).labels == [0, 1, 1, 0, 1, 1])
    }

    @Test("clusters cross a junction only when the topology connects the road ends")
    func junctions() {
        // Road 1 is 100 m long and ends where road 2 starts; road 3 ends at the same point.
        let positions = [RoadPosition(road: 1, measureMeters: 95), RoadPosition(road: 2, measureMeters: 6),
                         RoadPosition(road: 3, measureMeters: 195)]
        var topology = RoadConnections()
        topology.setLength(100, of: 1)
        topology.setLength(80, of: 2)
        topology.setLength(200, of: 3)
        #expect(AlongRoadClustering(epsMeters: 15, minPoints: 2).cluster(positions).labels == [-1, -1, -1])
        topology.connect(RoadEnd(road: 1, atEnd: true), RoadEnd(road: 2, atEnd: false))
        // 1@95 -> 2@6: 5 + 6 = 11 m. Road 3 is not connected yet.
        #expect(AlongRoadClustering(epsMeters: 15, minPoints: 2, connections: topology).cluster(positions).labels == [0, 0, -1])
        topology.connect(RoadEnd(road: 3, atEnd: true), RoadEnd(road: 1, atEnd: true))
        // 3@195 -> 1@95: 5 + 5 = 10 m (end to end).
        #expect(AlongRoadClustering(epsMeters: 15, minPoints: 2, connections: topology).cluster(positions).labels == [0, 0, 0])
        // The adjacency-dictionary form gives the same topology.
        let fromDictionary = RoadConnections(lengthsMeters: [1: 100, 2: 80, 3: 200],
                                             adjacency: [RoadEnd(road: 1, atEnd: true): [RoadEnd(road: 2, atEnd: false), RoadEnd(road: 3, atEnd: true)]])
        #expect(fromDictionary == topology)
    }

    @Test("matches all-pairs along-road DBSCAN on seeded snapped reports with junctions and constraints")
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
            topology.connect(RoadEnd(road: Int.random(in: 0..<roads, using: &rng), atEnd: Bool.random(using: &rng)),
                             RoadEnd(road: Int.random(in: 0..<roads, using: &rng), atEnd: Bool.random(using: &rng)))
        }
        var positions: [RoadPosition] = []
        for _ in 0..<2_000 {
            let r = Int.random(in: 0..<roads, using: &rng)
            positions.append(RoadPosition(road: r, measureMeters: Double.random(in: 0...lengths[r]!, using: &rng)))
        }
        let kinds = positions.map { _ in Int32.random(in: 0...1, using: &rng) }
        func toEnd(_ p: RoadPosition, _ atEnd: Bool) -> Double { atEnd ? lengths[p.road]! - p.measureMeters : p.measureMeters }
        func alongDistance(_ a: RoadPosition, _ b: RoadPosition) -> Double {
            var best = a.road == b.road ? abs(a.measureMeters - b.measureMeters) : .infinity
            for endA in [false, true] {
                for other in topology.links[RoadEnd(road: a.road, atEnd: endA)] ?? [] where other.road == b.road {
                    best = min(best, toEnd(a, endA) + toEnd(b, other.atEnd))
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

    @Test("topology from a RoadNetwork: shared end points connect, a crossing without a shared node does not")
    func networkTopology() throws {
        let a = Coordinate(74.60, 42.87), b = Coordinate(74.601, 42.87), c = Coordinate(74.602, 42.87)
        let roads = [try Polyline([a, b]), try Polyline([b, c]),
                     try Polyline([Coordinate(74.6005, 42.869), Coordinate(74.6005, 42.871)])]   // crosses road 0 mid-way
        let network = RoadNetwork(lines: roads)
        let t = RoadConnections(network: network)
        #expect(t.links[RoadEnd(road: 0, atEnd: true)] == [RoadEnd(road: 1, atEnd: false)])
        #expect(t.links[RoadEnd(road: 2, atEnd: false)] == nil && t.links[RoadEnd(road: 2, atEnd: true)] == nil)
        #expect(abs(t.lengthsMeters[0]! - LocalRuler.distance(a, b)) < 1e-6)
        // Snapped reports 5 m before the junction on road 0, 5 m after it on road 1, and on the
        // crossing road right at the crossing point (close in the plane, far along the roads).
        let len0 = t.lengthsMeters[0]!
        let positions = [RoadPosition(road: 0, measureMeters: len0 - 5), RoadPosition(road: 1, measureMeters: 5),
                         RoadPosition(road: 2, measureMeters: t.lengthsMeters[2]! / 2),
                         RoadPosition(road: 0, measureMeters: len0 / 2)]
        let labels = AlongRoadClustering(epsMeters: 15, minPoints: 2, connections: t).cluster(positions).labels
        #expect(labels == [0, 0, -1, -1])
        // The same reports by plane distance: the crossing pair does cluster.
        let points = positions.map { network.roads[$0.road].line.coordinate(atMeasure: $0.measureMeters) }
        #expect(DBSCAN(epsMeters: 15, minPoints: 2).cluster(points).labels == [0, 0, 1, 1])
    }

    @Test("NaN and infinite measures are nobody's neighbours")
    func badMeasures() {
        let positions = [RoadPosition(road: 1, measureMeters: 0), RoadPosition(road: 1, measureMeters: .nan),
                         RoadPosition(road: 1, measureMeters: 3), RoadPosition(road: 1, measureMeters: -.infinity),
                         RoadPosition(road: 1, measureMeters: .infinity)]
        var topology = RoadConnections()
        topology.setLength(10, of: 1)
        topology.connect(RoadEnd(road: 1, atEnd: false), RoadEnd(road: 1, atEnd: true))
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
        let positions = [RoadPosition(road: 4, measureMeters: 10), RoadPosition(road: 4, measureMeters: 16),
                         RoadPosition(road: 4, measureMeters: 22), RoadPosition(road: 5, measureMeters: 3),
                         RoadPosition(road: 9, measureMeters: 0)]
        let s = ClusterSummary.summarize(labels, points: points, positions: positions, categories: kinds, timesSeconds: times)
        #expect(s.count == 1)
        let c = s[0]
        #expect(c.memberCount == 4 && c.representative == 1 && c.representativeCoordinate == points[1])
        #expect(c.boundingBox == BoundingBox(covering: points.prefix(4)))
        #expect(c.firstTimeSeconds == 50 && c.lastTimeSeconds == 300)
        #expect(c.categoryCounts == [1: 3, 2: 1])
        #expect(c.roadRanges == [RoadRange(road: 4, minMeasureMeters: 10, maxMeasureMeters: 22, count: 3),
                                 RoadRange(road: 5, minMeasureMeters: 3, maxMeasureMeters: 3, count: 1)])
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
