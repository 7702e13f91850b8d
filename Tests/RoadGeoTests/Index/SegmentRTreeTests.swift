import Foundation
import Testing
@testable import RoadGeo

@Suite("SegmentRTree against brute force")
struct SegmentRTreeTests {
    /// The documented distance: `QueryPlane.closest` on the original end points, in order.
    static func planeDistance(_ q: Coordinate, _ a: Coordinate, _ b: Coordinate) -> Double {
        QueryPlane(q).closest(a, b).squaredMeters.squareRoot()
    }

    @Test("nearest k = 1, 3, 20, within and filters equal a linear scan, to the bit (many seeds and regions)")
    func againstBruteForce() {
        var checked = 0
        for seed in UInt64(1)...18 {
            var rng = SplitMix64(seed: seed &* 7)
            let region = PackedRTreeTests.regions[Int(seed) % PackedRTreeTests.regions.count]
            let n = [0, 1, 2, 17, 300, 1200][Int(seed) % 6]
            let data = IndexTestData.segments(n: n, center: region.center, spreadDegrees: region.spread,
                                              maxLengthDegrees: region.spread / 30, rng: &rng)
            let index = SegmentRTree(starts: data.a, ends: data.b, nodeSize: [4, 16, 7][Int(seed) % 3],
                                     packing: seed % 2 == 0 ? .hilbert : .sortTileRecursive)
            #expect(index.count == n)
            var scratch = RTreeQueryScratch()
            for q in 0..<30 {
                let point = Coordinate(IndexTestData.clampLon(region.center.longitude + Double.random(in: -region.spread...region.spread, using: &rng)),
                                       max(-89.9, min(89.9, region.center.latitude + Double.random(in: -region.spread...region.spread, using: &rng))))
                let distance: (Int) -> Double? = { i in Self.planeDistance(point, data.a[i], data.b[i]) }
                let reach = q % 2 == 0 ? Double.infinity : Double.random(in: 0...(region.spread * 40_000), using: &rng)
                let want1 = bruteNearest(count: n, k: 1, maxDistance: reach, distance)
                let got1 = collected { index.forEachNearest(to: point, k: 1, maxDistanceMeters: reach, scratch: &scratch, $0) }.first
                #expect(got1?.distanceMeters == want1.first?.distanceMeters, "seed \(seed) \(region.name) q \(q)")
                if let got1 { #expect(distance(got1.index) == got1.distanceMeters) }

                let k = [1, 3, 20][q % 3]
                #expect(sameNearest(collected { index.forEachNearest(to: point, k: k, maxDistanceMeters: reach, scratch: &scratch, $0) },
                                    bruteNearest(count: n, k: k, maxDistance: reach, distance), distance))
                let odd: (Int) -> Double? = { i in i % 2 == 1 ? distance(i) : nil }
                #expect(sameNearest(index.nearest(to: point, k: k, maxDistanceMeters: reach, where: { $0 % 2 == 1 }),
                                    bruteNearest(count: n, k: k, maxDistance: reach, odd), odd))

                let radius = Double.random(in: 0...(region.spread * 20_000), using: &rng)
                let within = index.within(distanceMeters: radius, of: point)
                #expect(within.map(\.index).sorted() == bruteWithin(count: n, distance: radius, distance))
                #expect(within.allSatisfy { distance($0.index) == $0.distanceMeters })
                #expect(index.within(distanceMeters: radius, of: point, where: { $0 % 2 == 1 }).map(\.index).sorted()
                        == bruteWithin(count: n, distance: radius, odd))
                // The lazy stream: every segment within reach, nearest first, equally near by index.
                let streamed = collected { index.forEachNearest(to: point, maxDistanceMeters: radius, scratch: &scratch, $0) }
                #expect(sameNearest(streamed, bruteNearest(count: n, k: n, maxDistance: radius, distance), distance))
                let streamedOdd = collected {
                    index.forEachNearest(to: point, maxDistanceMeters: radius, where: { $0 % 2 == 1 }, scratch: &scratch, $0)
                }
                #expect(sameNearest(streamedOdd, bruteNearest(count: n, k: n, maxDistance: radius, odd), odd))
                checked += 1
            }
        }
        #expect(checked == 18 * 30)
    }

    @Test("on the real Moscow network it answers like PackedRTree with a distance closure")
    func realRoads() {
        let network = RoadNetwork(lines: TestRoadLines.named("moscow"))
        let a = network.segments.map(\.a), b = network.segments.map(\.b)
        let index = SegmentRTree(starts: a, ends: b)
        let tree = PackedRTree(boxes: zip(a, b).map { BoundingBox($0, $1) }, packing: .sortTileRecursive)
        #expect(index.memoryBytes == tree.memoryBytes + a.count)
        var rng = SplitMix64(seed: 5)
        var s1 = RTreeQueryScratch(), s2 = RTreeQueryScratch()
        for _ in 0..<3_000 {
            let i = Int.random(in: 0..<a.count, using: &rng)
            let t = Double.random(in: 0...1, using: &rng)
            let p = Coordinate(a[i].longitude + (b[i].longitude - a[i].longitude) * t + Double.random(in: -0.002...0.002, using: &rng),
                               a[i].latitude + (b[i].latitude - a[i].latitude) * t + Double.random(in: -0.002...0.002, using: &rng))
            let want = collected { tree.forEachNearest(to: p, k: 1, metric: .itemDistance { j in Self.planeDistance(p, a[j], b[j]) }, scratch: &s2, $0) }.first
            let got = collected { index.forEachNearest(to: p, k: 1, scratch: &s1, $0) }.first
            #expect(got?.distanceMeters == want?.distanceMeters)
            #expect(got.map { Self.planeDistance(p, a[$0.index], b[$0.index]) } == got?.distanceMeters)
        }
    }

    @Test("every orientation and degenerate segments read back their own end points")
    func orientations() {
        let p = Coordinate(74.60, 42.87), q = Coordinate(74.61, 42.88)
        let starts = [p, q, Coordinate(p.longitude, q.latitude), Coordinate(q.longitude, p.latitude), p]
        let ends = [q, p, Coordinate(q.longitude, p.latitude), Coordinate(p.longitude, q.latitude), p]
        let index = SegmentRTree(starts: starts, ends: ends, nodeSize: 2)
        for probe in [Coordinate(74.605, 42.871), Coordinate(74.599, 42.885), Coordinate(74.62, 42.86), p, q] {
            for (i, hit) in index.within(distanceMeters: 10_000, of: probe) {
                #expect(hit == Self.planeDistance(probe, starts[i], ends[i]), "segment \(i) from \(probe)")
            }
            #expect(index.within(distanceMeters: 10_000, of: probe).count == 5)
        }
        // A zero-length segment at the query point is at distance 0.
        #expect(index.nearest(to: p, k: 5).first?.distanceMeters == 0)
    }

    @Test("empty index, NaN end points and NaN queries answer nothing and never crash")
    func emptyAndNaN() {
        var scratch = RTreeQueryScratch()
        let empty = SegmentRTree(starts: [], ends: [])
        #expect(empty.nearest(to: Coordinate(0, 0)).isEmpty)
        #expect(collected { empty.forEachNearest(to: Coordinate(0, 0), scratch: &scratch, $0) }.isEmpty)
        #expect(empty.within(distanceMeters: 1e9, of: Coordinate(0, 0)).isEmpty)
        let nan = Double.nan
        let index = SegmentRTree(starts: [Coordinate(nan, 1), Coordinate(1, 1)], ends: [Coordinate(2, 2), Coordinate(1, 2)])
        #expect(index.nearest(to: Coordinate(0, 0), k: 5).map(\.index) == [1])
        #expect(collected { index.forEachNearest(to: Coordinate(0, 0), scratch: &scratch, $0) }.map(\.index) == [1])
        #expect(index.nearest(to: Coordinate(nan, nan)).isEmpty)
        #expect(index.nearest(to: Coordinate(0, 0), maxDistanceMeters: -1).isEmpty)
        #expect(index.within(distanceMeters: .infinity, of: Coordinate(0, 0)).map(\.index) == [1])
    }
}

@Suite("Window-first nearest search")
struct WindowFirstTests {
    @Test("the metric window holds every point within its radius, at any latitude and radius")
    func windowHoldsTheBall() {
        var rng = SplitMix64(seed: 77)
        var checked = 0
        for _ in 0..<4_000 {
            let q = Coordinate(Double.random(in: -179...179, using: &rng), Double.random(in: -88...88, using: &rng))
            let r = [0.5, 20, 300, 5_000, 80_000][Int.random(in: 0..<5, using: &rng)]
            guard let w = metricWindow(around: q, radiusMeters: r, tables: .shared) else { continue }
            // Points on (and just inside) the circle in the query's plane and by the
            // mid-latitude ruler: every one must be inside the window.
            let ruler = LocalRuler(latitude: q.latitude)
            for step in 0..<16 {
                let angle = Double(step) * .pi / 8
                let p = Coordinate(q.longitude + r * 0.999_999 * cos(angle) / ruler.metersPerDegreeLongitude,
                                   q.latitude + r * 0.999_999 * sin(angle) / ruler.metersPerDegreeLatitude)
                #expect(p.longitude >= w.minX && p.longitude <= w.maxX && p.latitude >= w.minY && p.latitude <= w.maxY)
                if LocalRuler.distance(q, p) <= r {
                    #expect(p.longitude >= w.minX && p.longitude <= w.maxX && p.latitude >= w.minY && p.latitude <= w.maxY)
                }
            }
            checked += 1
        }
        #expect(checked > 3_000)
        // No window across the antimeridian, at the poles, or for a NaN point.
        #expect(metricWindow(around: Coordinate(179.9999, 10), radiusMeters: 100, tables: .shared) == nil)
        #expect(metricWindow(around: Coordinate(10, 89.95), radiusMeters: 100, tables: .shared) == nil)
        #expect(metricWindow(around: Coordinate(.nan, 10), radiusMeters: 100, tables: .shared) == nil)
    }

    @Test("answers do not depend on what the scratch learnt from earlier queries")
    func independentOfHistory() {
        var rng = SplitMix64(seed: 78)
        let data = IndexTestData.segments(n: 3_000, center: Coordinate(74.6, 42.87), spreadDegrees: 0.1,
                                          maxLengthDegrees: 0.002, rng: &rng)
        let tree = PackedRTree(boxes: data.boxes, packing: .sortTileRecursive)
        var shared = RTreeQueryScratch()
        var fallbacks = 0, settled = 0
        for i in 0..<1_500 {
            // Mostly near a segment, sometimes kilometres out: both phases and a moving radius.
            let far = i % 10 == 0
            let s = Int.random(in: 0..<data.a.count, using: &rng)
            let spread = far ? 0.05 : 0.0002
            let p = Coordinate(data.a[s].longitude + Double.random(in: -spread...spread, using: &rng),
                               data.a[s].latitude + Double.random(in: -spread...spread, using: &rng))
            let distance: (Int) -> Double? = { data.distance(p, $0) }
            let radius = shared.storage.windowRadiusMeters
            let got = collected { tree.forEachNearest(to: p, k: 3, metric: .itemDistance(distance), scratch: &shared, $0) }
            var fresh = RTreeQueryScratch()
            #expect(sameNearest(got, collected { tree.forEachNearest(to: p, k: 3, metric: .itemDistance(distance), scratch: &fresh, $0) }, distance))
            #expect(sameNearest(got, bruteNearest(count: data.a.count, k: 3, maxDistance: .infinity, distance), distance))
            if got.count == 3 && got[2].distanceMeters <= radius * (1 - 1e-9) { settled += 1 } else { fallbacks += 1 }
        }
        #expect(settled > 1_000)
        #expect(fallbacks > 50)
    }

    @Test("a tree with longitudes beyond ±180 skips the window phase and stays exact")
    func outOfRangeLongitudes() {
        let boxes = [BoundingBox(Coordinate(181, 10)), BoundingBox(Coordinate(179.5, 10)), BoundingBox(Coordinate(-179.9, 10))]
        let tree = PackedRTree(boxes: boxes, nodeSize: 2)
        let distance: (Int) -> Double? = { i in boxDistanceMeters(Coordinate(-179.95, 10), boxes[i]) }
        let want = bruteNearest(count: 3, k: 3, maxDistance: .infinity, distance)
        #expect(sameNearest(tree.nearest(to: Coordinate(-179.95, 10), k: 3, metric: .itemDistance(distance)), want, distance))
    }
}

@Suite("Sort-Tile-Recursive packing")
struct SortTileRecursivePackingTests {
    @Test("the order is a permutation with full runs, and its leaf nodes are tighter than Hilbert's (real roads)", arguments: [4, 16, 9])
    func permutationAndTiles(nodeSize: Int) {
        let network = RoadNetwork(lines: TestRoadLines.named("moscow"))
        let boxes = network.segments.map { BoundingBox($0.a, $0.b) }
        let levels = packedLevelBounds(count: boxes.count, nodeSize: nodeSize).count - 1
        let order = sortTileRecursiveOrder(boxes, nodeSize: nodeSize, levels: levels)
        #expect(order.count == boxes.count)
        #expect(Set(order).count == boxes.count)
        #expect(order.allSatisfy { Int($0) < boxes.count })
        func leafArea(_ tree: PackedRTree) -> Double {
            let leaves = tree.levelBounds[1]
            return (tree.count..<leaves).reduce(0) { sum, node in
                let b = tree.boxes[node]
                return sum + (b.maxX - b.minX) * (b.maxY - b.minY)
            }
        }
        let str = PackedRTree(boxes: boxes, nodeSize: nodeSize, packing: .sortTileRecursive)
        let hilbert = PackedRTree(boxes: boxes, nodeSize: nodeSize, packing: .hilbert)
        #expect(str.packedOrder == order.map { Int($0) })
        #expect(leafArea(str) < leafArea(hilbert))
        // Small inputs: identity, no crash.
        #expect(sortTileRecursiveOrder(Array(boxes.prefix(3)), nodeSize: nodeSize, levels: 1) == [0, 1, 2])
        #expect(sortTileRecursiveOrder([], nodeSize: nodeSize, levels: 0).isEmpty)
    }
}
