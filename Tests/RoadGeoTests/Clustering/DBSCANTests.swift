import Foundation
import Testing
@testable import RoadGeo

@Suite("DBSCAN")
struct DBSCANTests {
    /// Metres east of `c` at its latitude.
    private func east(_ c: Coordinate, _ meters: Double) -> Coordinate {
        Coordinate(c.longitude + meters / LocalRuler(latitude: c.latitude).metersPerDegreeLongitude, c.latitude)
    }

    @Test("matches all-pairs DBSCAN label for label on seeded points", arguments: [0.0, 42.87, 60.0, -60.0])
    func matchesBruteForce(latitude: Double) {
        for (seed, minPoints) in [(UInt64(1), 2), (2, 3), (3, 5), (4, 1)] {
            let points = ClusterOracle.reports(count: 3_000, center: Coordinate(74.6, latitude), spreadMeters: 1_500, seed: seed)
            let ours = DBSCAN(epsMeters: 15, minPoints: minPoints).cluster(points)
            let oracle = ClusterOracle.dbscan(points, eps: 15, minPoints: minPoints)
            #expect(ours.labels == oracle.labels, "seed \(seed) minPoints \(minPoints) lat \(latitude)")
            #expect(ours.isCore == oracle.isCore)
            #expect(ClusterOracle.adjustedRandIndex(ours.labels, oracle.labels) == 1.0)
            #expect(ours.clusterCount == Set(oracle.labels.filter { $0 >= 0 }).count)
            // Enough structure for the comparison to mean something.
            #expect(ours.clusterCount > 50 && ours.noiseCount > 100 || minPoints == 1)
        }
    }

    @Test("longitude scale at 60 degrees: 0.0002 deg of longitude is 11.2 m there, 22.3 m at the equator")
    func longitudeScaleAt60() {
        let north = [Coordinate(10, 60), Coordinate(10.0002, 60)]
        let equator = [Coordinate(10, 0), Coordinate(10.0002, 0)]
        // Hand values: 0.0002 * 55,800 m/deg ≈ 11.16 m; 0.0002 * 111,319 m/deg ≈ 22.26 m.
        #expect(abs(LocalRuler.distance(north[0], north[1]) - 11.16) < 0.01)
        #expect(DBSCAN(epsMeters: 15, minPoints: 2).cluster(north).labels == [0, 0])
        #expect(DBSCAN(epsMeters: 15, minPoints: 2).cluster(equator).labels == [-1, -1])
        // A search box of 15/111,000 deg in both axes (a known pitfall) would miss this pair at 60°.
        let pair = [Coordinate(10, 60), east(Coordinate(10, 60), 14.9)]
        #expect(pair[1].longitude - pair[0].longitude > 15.0 / 111_000)
        #expect(DBSCAN(epsMeters: 15, minPoints: 2).cluster(pair).labels == [0, 0])
    }

    @Test("duplicates at identical coordinates form one cluster; a single duplicate pair is a cluster")
    func identicalCoordinates() {
        let p = Coordinate(74.6, 42.87)
        let points = [p, p, p, Coordinate(74.7, 42.87), Coordinate(74.7, 42.87), Coordinate(74.8, 42.87)]
        let r = DBSCAN(epsMeters: 15, minPoints: 2).cluster(points)
        #expect(r.labels == [0, 0, 0, 1, 1, -1])
        #expect(r.isCore == [true, true, true, true, true, false])
        // minPoints 4: three identical points are not enough.
        #expect(DBSCAN(epsMeters: 15, minPoints: 4).cluster(points).labels == [-1, -1, -1, -1, -1, -1])
        // eps 0 still links identical coordinates.
        #expect(DBSCAN(epsMeters: 0, minPoints: 2).cluster(points).labels == [0, 0, 0, 1, 1, -1])
    }

    @Test("a chain of reports 10 m apart links into one cluster; 16 m apart stays noise")
    func chains() {
        let start = Coordinate(74.6, 42.87)
        let close = (0..<20).map { east(start, Double($0) * 10) }
        let r = DBSCAN(epsMeters: 15, minPoints: 2).cluster(close)
        #expect(r.clusterCount == 1 && r.noiseCount == 0)
        let sparse = (0..<20).map { east(start, Double($0) * 16) }
        #expect(DBSCAN(epsMeters: 15, minPoints: 2).cluster(sparse).noiseCount == 20)
        // Two groups (0-10 m, 38-48 m) joined by a bridge point at 24 m (14 m from both ends).
        let bridged = [0.0, 5, 10, 38, 43, 48, 24].map { east(start, $0) }
        #expect(DBSCAN(epsMeters: 15, minPoints: 2).cluster(bridged).labels == [0, 0, 0, 0, 0, 0, 0])
        let unbridged = Array(bridged.prefix(6))
        #expect(DBSCAN(epsMeters: 15, minPoints: 2).cluster(unbridged).labels == [0, 0, 0, 1, 1, 1])
    }

    @Test("a border point between two clusters goes to the one with the earliest core point")
    func borderAssignment() {
        let o = Coordinate(74.6, 42.87)
        // Two dense groups of 4 (each member has the 3 others within 6 m: core with minPoints 4)
        // and a point midway, 40 m from the nearest member of each: 2 neighbours, so a border point.
        let eastSide = [40.0, 42, 44, 46].map { east(o, $0) }
        let west = [-40.0, -42, -44, -46].map { east(o, $0) }
        let border = o
        let dbscan = DBSCAN(epsMeters: 40.5, minPoints: 4)
        // The east group comes first in the input, so the border point joins it.
        let r = dbscan.cluster(eastSide + west + [border])
        #expect(r.labels == [0, 0, 0, 0, 1, 1, 1, 1, 0])
        #expect(r.isCore == [true, true, true, true, true, true, true, true, false])
        #expect(dbscan.cluster(west + eastSide + [border]).labels == [0, 0, 0, 0, 1, 1, 1, 1, 0])
        // Ids by first appearance: the border point listed first gets id 0, its cluster (east) too.
        #expect(dbscan.cluster([border] + eastSide + west).labels == [0, 0, 0, 0, 0, 1, 1, 1, 1])
        // ... and with the west group first in input order, the border point joins the west group.
        #expect(dbscan.cluster([border] + west + eastSide).labels == [0, 0, 0, 0, 0, 1, 1, 1, 1])
        let oracle = ClusterOracle.dbscan([border] + eastSide + west, eps: 40.5, minPoints: 4)
        #expect(oracle.labels == [0, 0, 0, 0, 0, 1, 1, 1, 1])
    }

    @Test("category constraint: a chain does not pass through a report of another category")
    func categoryConstraint() {
        let o = Coordinate(74.6, 42.87)
        let points = [0.0, 10, 20, 30, 40].map { east(o, $0) }
        let kinds: [Int32] = [1, 1, 2, 1, 1]
        let rules = ClusterConstraints(sameCategory: true)
        let r = DBSCAN(epsMeters: 15, minPoints: 2, constraints: rules).cluster(points, categories: kinds)
        #expect(r.labels == [0, 0, -1, 1, 1])
        #expect(DBSCAN(epsMeters: 15, minPoints: 2).cluster(points, categories: kinds).labels == [0, 0, 0, 0, 0])
    }

    @Test("time window: reports of the same spot a year apart are not duplicates")
    func timeWindow() {
        let p = Coordinate(74.6, 42.87)
        let points = [p, p, p, p]
        let day = 86_400.0
        let times = [0, 2 * day, 400 * day, 401 * day]
        let rules = ClusterConstraints(timeWindowSeconds: 30 * day)
        let r = DBSCAN(epsMeters: 15, minPoints: 2, constraints: rules).cluster(points, timesSeconds: times)
        #expect(r.labels == [0, 0, 1, 1])
        // Exactly at the window is inside.
        let edge = DBSCAN(epsMeters: 15, minPoints: 2, constraints: ClusterConstraints(timeWindowSeconds: 2 * day))
        #expect(edge.cluster([p, p], timesSeconds: [0, 2 * day]).labels == [0, 0])
    }

    @Test("constraints match all-pairs DBSCAN with the same constraints on seeded data")
    func constraintsMatchBruteForce() {
        let points = ClusterOracle.reports(count: 2_500, center: Coordinate(74.6, 60), spreadMeters: 800, seed: 9)
        var rng = SplitMix64(seed: 10)
        let kinds = points.map { _ in Int32.random(in: 0...2, using: &rng) }
        let times = points.map { _ in Double.random(in: 0...(100 * 86_400), using: &rng) }
        let rules = ClusterConstraints(sameCategory: true, timeWindowSeconds: 20 * 86_400)
        let ours = DBSCAN(epsMeters: 15, minPoints: 2, constraints: rules).cluster(points, categories: kinds, timesSeconds: times)
        let oracle = ClusterOracle.dbscan(points, eps: 15, minPoints: 2, categories: kinds, times: times, window: 20 * 86_400)
        #expect(ours.labels == oracle.labels)
        #expect(ours.clusterCount > 20)
    }

    @Test("both neighbour paths (leaf windows, per-point fallback) agree with all-pairs: dense blob, antimeridian, pole")
    func fallbackPaths() {
        var rng = SplitMix64(seed: 17)
        var points: [Coordinate] = []
        // A blob of 1,500 reports within 10 m: leaf windows see more candidates than the limit.
        let blob = Coordinate(74.6, 42.87)
        for _ in 0..<1_500 {
            points.append(Coordinate(blob.longitude + Double.random(in: -0.00006...0.00006, using: &rng),
                                     blob.latitude + Double.random(in: -0.00004...0.00004, using: &rng)))
        }
        // Pairs and chains straddling the antimeridian, and reports near the north pole.
        for k in 0..<200 {
            let lat = -10 + Double(k) * 0.0001
            points.append(Coordinate(179.99996 - Double.random(in: 0...0.0001, using: &rng), lat))
            points.append(Coordinate(-179.99996 + Double.random(in: 0...0.0001, using: &rng), lat))
            points.append(Coordinate(Double.random(in: -180...180, using: &rng), 89.9999 + Double.random(in: 0...0.0001, using: &rng)))
        }
        for minPoints in [2, 4] {
            let ours = DBSCAN(epsMeters: 15, minPoints: minPoints).cluster(points)
            let oracle = ClusterOracle.dbscan(points, eps: 15, minPoints: minPoints)
            #expect(ours.labels == oracle.labels, "minPoints \(minPoints)")
            #expect(ours.clusterCount >= 2)
        }
    }

    @Test("invalid coordinates are nobody's neighbour and do not crash")
    func invalidCoordinates() {
        let p = Coordinate(74.6, 42.87)
        let points = [p, Coordinate(.nan, 42.87), p, Coordinate(200, 42.87), Coordinate(200, 42.87), Coordinate(74.6, .infinity)]
        let r = DBSCAN(epsMeters: 15, minPoints: 2).cluster(points)
        #expect(r.labels == [0, -1, 0, -1, -1, -1])
        #expect(DBSCAN(epsMeters: 15, minPoints: 1).cluster(points).labels == [0, 1, 0, 2, 3, 4])
        #expect(DBSCAN().cluster([]).clusterCount == 0)
    }

    @Test("the neighbour-callback form gives the same labels as the R-tree form")
    func callbackForm() {
        let points = ClusterOracle.reports(count: 1_000, center: Coordinate(74.6, 42.87), spreadMeters: 500, seed: 5)
        let dbscan = DBSCAN(epsMeters: 15, minPoints: 3)
        let viaCallback = dbscan.cluster(count: points.count) { i, report in
            for j in points.indices where LocalRuler.distance(points[i], points[j]) <= 15 { report(j) }
        }
        #expect(viaCallback == dbscan.cluster(points))
    }

    @Test("adjusted Rand index oracle: hand values")
    func adjustedRandIndexValues() {
        #expect(ClusterOracle.adjustedRandIndex([0, 0, 1, 1], [5, 5, 3, 3]) == 1)
        // Classic example: {0,0,0,1,1,1} vs {0,0,1,1,2,2}: ARI = 0.2424...
        let v = ClusterOracle.adjustedRandIndex([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2])
        #expect(abs(v - 0.242424) < 1e-5)
        #expect(ClusterOracle.adjustedRandIndex([0, 0, 1, 1], [0, 1, 0, 1]) < 0)
    }
}
