import Foundation
import Testing
@testable import RoadGeo

@Suite("IncrementalClusterer")
struct IncrementalClustererTests {
    private func east(_ c: Coordinate, _ meters: Double) -> Coordinate {
        Coordinate(c.longitude + meters / LocalRuler(latitude: c.latitude).metersPerDegreeLongitude, c.latitude)
    }

    /// Checks the documented equality with batch DBSCAN on the surviving reports: same core points,
    /// same noise, identical core partition (ARI 1.0), each border point in a cluster holding one
    /// of its core neighbours.
    private func expectEqualsBatch(_ live: IncrementalClusterer, points: [Coordinate], categories: [Int32], times: [Double],
                                   sourceLocation: SourceLocation = #_sourceLocation) {
        let handles = live.reports
        let pts = handles.map { points[$0] }
        let cats = handles.map { categories[$0] }
        let ts = handles.map { times[$0] }
        let batch = DBSCAN(epsMeters: live.epsMeters, minPoints: live.minPoints, constraints: live.constraints)
            .cluster(pts, categories: cats, timesSeconds: ts)
        let ours = handles.map { Int32(live.cluster(of: $0) ?? -1) }
        let oursCore = handles.map { live.isCore($0) }
        #expect(oursCore == batch.isCore, sourceLocation: sourceLocation)
        #expect(ours.map { $0 < 0 } == batch.labels.map { $0 < 0 }, "noise sets differ", sourceLocation: sourceLocation)
        let coreIndices = handles.indices.filter { batch.isCore[$0] }
        let ari = ClusterOracle.adjustedRandIndex(coreIndices.map { ours[$0] }, coreIndices.map { batch.labels[$0] })
        #expect(ari == 1.0, "core partition ARI \(ari)", sourceLocation: sourceLocation)
        #expect(live.clusterCount == batch.clusterCount, sourceLocation: sourceLocation)
        for k in handles.indices where !batch.isCore[k] && ours[k] >= 0 {
            let valid = handles.indices.contains { j in
                batch.isCore[j] && ours[j] == ours[k] && LocalRuler.distance(pts[k], pts[j]) <= live.epsMeters
                    && (!live.constraints.sameCategory || cats[j] == cats[k])
                    && (live.constraints.timeWindowSeconds.map { abs(ts[j] - ts[k]) <= $0 } ?? true)
            }
            #expect(valid, "border report \(handles[k]) is in a cluster without a core neighbour", sourceLocation: sourceLocation)
        }
        var memberTotal = 0
        for id in live.clusterIDs {
            let m = live.members(of: id)
            memberTotal += m.count
            #expect(m.allSatisfy { live.cluster(of: $0) == id }, sourceLocation: sourceLocation)
        }
        #expect(memberTotal == ours.filter { $0 >= 0 }.count, sourceLocation: sourceLocation)
    }

    @Test("random add/remove sequences equal batch DBSCAN on the survivors",
          arguments: [(UInt64(1), 2, 42.87, 400.0), (2, 3, 60.0, 400), (3, 4, 0.0, 400), (4, 1, 42.87, 400),
                      (5, 3, 42.87, 120), (6, 5, 60.0, 100)])   // the last two: dense, large clusters
    func randomSequences(seed: UInt64, minPoints: Int, latitude: Double, spread: Double) {
        let points = ClusterOracle.reports(count: 1_500, center: Coordinate(74.6, latitude), spreadMeters: spread, seed: seed)
        var rng = SplitMix64(seed: seed &+ 100)
        let categories = points.map { _ in Int32.random(in: 0...1, using: &rng) }
        let times = points.map { _ in Double.random(in: 0...1_000, using: &rng) }
        var live = IncrementalClusterer(epsMeters: 15, minPoints: minPoints)
        // The clusterer's handles are slots; keep a map from handle to the point it holds.
        var held: [Int: Int] = [:]   // handle -> point index
        var heldPoints = [Coordinate](repeating: Coordinate(0, 0), count: points.count)
        var heldCats = [Int32](repeating: 0, count: points.count)
        var heldTimes = [Double](repeating: 0, count: points.count)
        var next = 0
        var sawMerge = false, sawSplit = false
        for step in 0..<2_400 {
            let removing = !held.isEmpty && (next >= points.count || Double.random(in: 0..<1, using: &rng) < 0.35)
            if removing {
                let handle = held.keys.sorted()[Int.random(in: 0..<held.count, using: &rng)]
                let r = live.remove(handle)
                #expect(r != nil)
                if !(r?.newClusters.isEmpty ?? true) { sawSplit = true }
                held[handle] = nil
            } else if next < points.count {
                let r = live.add(points[next], category: categories[next], timeSeconds: times[next])
                if case .merged = r.outcome { sawMerge = true }
                held[r.report] = next
                heldPoints[r.report] = points[next]; heldCats[r.report] = categories[next]; heldTimes[r.report] = times[next]
                next += 1
            }
            if step % 400 == 399 {
                expectEqualsBatch(live, points: heldPoints, categories: heldCats, times: heldTimes)
            }
        }
        expectEqualsBatch(live, points: heldPoints, categories: heldCats, times: heldTimes)
        #expect(sawMerge || minPoints == 1)
        #expect(sawSplit || minPoints == 1)
    }

    @Test("constraints: incremental equals batch with category and time window")
    func constrainedSequences() {
        let points = ClusterOracle.reports(count: 1_200, center: Coordinate(74.6, 42.87), spreadMeters: 300, seed: 12)
        var rng = SplitMix64(seed: 13)
        let categories = points.map { _ in Int32.random(in: 0...2, using: &rng) }
        let times = points.map { _ in Double.random(in: 0...(60 * 86_400), using: &rng) }
        let rules = ClusterConstraints(sameCategory: true, timeWindowSeconds: 14 * 86_400)
        var live = IncrementalClusterer(epsMeters: 15, minPoints: 2, constraints: rules)
        var handles: [Int] = []
        for i in points.indices { handles.append(live.add(points[i], category: categories[i], timeSeconds: times[i]).report) }
        for k in stride(from: 0, to: handles.count, by: 3) { _ = live.remove(handles[k]) }
        var heldPoints = points, heldCats = categories, heldTimes = times
        for (i, h) in handles.enumerated() { heldPoints[h] = points[i]; heldCats[h] = categories[i]; heldTimes[h] = times[i] }
        expectEqualsBatch(live, points: heldPoints, categories: heldCats, times: heldTimes)
    }

    @Test("bulk load equals batch DBSCAN, then keeps equality under updates")
    func bulkLoad() {
        let points = ClusterOracle.reports(count: 2_000, center: Coordinate(74.6, 60), spreadMeters: 500, seed: 21)
        var live = IncrementalClusterer(epsMeters: 15, minPoints: 2)
        let handles = live.bulkLoad(Array(points.prefix(1_500)))
        #expect(handles == Array(0..<1_500))
        let zeros = [Int32](repeating: 0, count: points.count), noTimes = [Double](repeating: 0, count: points.count)
        expectEqualsBatch(live, points: points, categories: zeros, times: noTimes)
        for i in 1_500..<2_000 { _ = live.add(points[i]) }
        for h in stride(from: 0, to: 1_500, by: 4) { _ = live.remove(h) }
        expectEqualsBatch(live, points: points, categories: zeros, times: noTimes)
    }

    @Test("add reports created, joined and merged with the absorbed ids; remove reports splits and dissolves")
    func outcomesAndEvents() {
        let o = Coordinate(74.6, 42.87)
        var live = IncrementalClusterer(epsMeters: 15, minPoints: 2)
        let a = live.add(o)
        #expect(a.outcome == .noise && a.cluster == nil)
        let b = live.add(east(o, 5))
        #expect(b.outcome == .created && b.cluster != nil && live.cluster(of: a.report) == b.cluster)
        let c = live.add(east(o, 10))
        #expect(c.outcome == .joined && c.cluster == b.cluster)
        // A second group 40-46 m east.
        _ = live.add(east(o, 40))
        let e = live.add(east(o, 46))
        #expect(e.outcome == .created)
        let left = b.cluster!, right = e.cluster!
        let bridge = live.add(east(o, 24))
        // 24 m is 14 m from 10 m and 16 m from 40 m: it only joins the left group.
        #expect(bridge.outcome == .joined && bridge.cluster == left)
        let bridge2 = live.add(east(o, 30))
        // 30 m: 6 m from 24 m and 10 m from 40 m: merges; the larger (left, 4 members) keeps its id.
        #expect(bridge2.outcome == .merged(absorbed: [right]) && bridge2.cluster == left)
        #expect(bridge2.events == [.merged(into: left, absorbed: right)])
        #expect(live.clusterCount == 1 && live.members(of: left).count == 7)
        // Removing the 30 m bridge splits them again; the larger part keeps the id.
        let split = live.remove(bridge2.report)
        #expect(split?.formerCluster == left)
        #expect(split?.newClusters.count == 1)
        #expect(live.clusterCount == 2 && live.cluster(of: bridge.report) == left)
        // Removing 40 m leaves 46 m alone: the split-off cluster dissolves.
        let newID = split!.newClusters[0]
        let gone = live.remove(live.members(of: newID)[0])
        #expect(gone?.events == [.dissolved(cluster: newID)])
        #expect(live.clusterCount == 1)
        #expect(live.remove(999) == nil)
        #expect(live.remove(a.report) != nil && live.remove(a.report) == nil)
    }

    @Test("removing a cut point splits off the small parts; the long rest keeps its id")
    func splitKeepsLargestPart() {
        let o = Coordinate(74.6, 42.87)
        var live = IncrementalClusterer(epsMeters: 15, minPoints: 2)
        // A chain 0...990 m (10 m steps), a cut point at 1,000 m, then a short tail 1,010-1,030 m,
        // and a side spur of two reports hanging off the cut point to the north.
        var handles: [Int] = []
        for k in 0...99 { handles.append(live.add(east(o, Double(k) * 10)).report) }
        let cut = live.add(east(o, 1_000)).report
        for k in 1...3 { handles.append(live.add(east(o, 1_000 + Double(k) * 10)).report) }
        let ruler = LocalRuler(latitude: o.latitude)
        let north = { (m: Double) in Coordinate(east(o, 1_000).longitude, o.latitude + m / ruler.metersPerDegreeLatitude) }
        let spur = [live.add(north(14)).report, live.add(north(28)).report]   // 17.2 m from 990 and 1,010 m
        #expect(live.clusterCount == 1)
        let big = live.cluster(of: handles[0])!
        let r = live.remove(cut)!
        #expect(r.formerCluster == big && r.newClusters.count == 2)
        #expect(live.cluster(of: handles[0]) == big && live.members(of: big).count == 100)
        let tail = live.cluster(of: handles[100])!, side = live.cluster(of: spur[0])!
        #expect(Set([tail, side]) == Set(r.newClusters))
        #expect(live.members(of: tail).count == 3 && live.members(of: side).count == 2)
    }

    @Test("a removed report's slot is reused and the state stays consistent")
    func slotReuse() {
        let o = Coordinate(74.6, 42.87)
        var live = IncrementalClusterer(epsMeters: 15, minPoints: 2)
        let a = live.add(o), b = live.add(east(o, 3))
        _ = live.remove(a.report)
        #expect(live.cluster(of: b.report) == nil && live.count == 1)
        let c = live.add(east(o, 100))
        #expect(c.report == a.report && c.outcome == .noise)
        #expect(live.coordinate(of: c.report) == east(o, 100))
    }

    @Test("invalid coordinates are held as noise and never neighbours")
    func invalidCoordinates() {
        var live = IncrementalClusterer(epsMeters: 15, minPoints: 2)
        let p = Coordinate(74.6, 42.87)
        let bad = live.add(Coordinate(.nan, 42.87))
        let good = live.add(p)
        #expect(bad.outcome == .noise && good.outcome == .noise)
        #expect(live.add(p).outcome == .created)
        #expect(live.remove(bad.report) != nil)
        #expect(live.count == 2 && live.clusterCount == 1)
    }

    @Test("grid neighbours across the antimeridian and near the pole match the metric")
    func antimeridianAndPole() {
        var live = IncrementalClusterer(epsMeters: 15, minPoints: 2)
        let west = live.add(Coordinate(-179.99995, 10))
        let eastSide = live.add(Coordinate(179.99995, 10))   // 0.0001 deg apart across 180: ~11 m
        #expect(eastSide.outcome == .created && live.cluster(of: west.report) == eastSide.cluster)
        #expect(DBSCAN(epsMeters: 15, minPoints: 2).cluster([Coordinate(-179.99995, 10), Coordinate(179.99995, 10)]).labels == [0, 0])
        let polar = live.add(Coordinate(0, 89.9999))
        let polar2 = live.add(Coordinate(90, 89.9999))   // ~15.7 m apart at this latitude
        let d = LocalRuler.distance(Coordinate(0, 89.9999), Coordinate(90, 89.9999))
        #expect((polar2.cluster != nil) == (d <= 15))
        #expect(live.cluster(of: polar.report) == polar2.cluster)
    }
}
