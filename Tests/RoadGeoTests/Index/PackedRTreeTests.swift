import Testing
@testable import RoadGeo

@Suite("PackedRTree against brute force")
struct PackedRTreeTests {
    /// Regions the property tests run in: mid latitude, high latitudes both hemispheres,
    /// straddling the equator, and next to the antimeridian.
    static let regions: [(name: String, center: Coordinate, spread: Double)] = [
        ("Bishkek", Coordinate(74.6, 42.87), 0.05),
        ("north 60-80", Coordinate(20, 70), 10),
        ("south 60-80", Coordinate(-60, -70), 10),
        ("equator", Coordinate(10, 0), 0.5),
        ("antimeridian", Coordinate(179.9, 65), 0.2),
        ("wide", Coordinate(0, 0), 60),
    ]

    @Test("window search equals a linear scan (many seeds, node sizes, regions)")
    func windowSearch() {
        for seed in UInt64(1)...12 {
            var rng = SplitMix64(seed: seed)
            let region = Self.regions[Int(seed) % Self.regions.count]
            let n = [0, 1, 2, 15, 16, 17, 300, 2000][Int(seed) % 8]
            let data = IndexTestData.segments(n: n, center: region.center, spreadDegrees: region.spread,
                                              maxLengthDegrees: region.spread / 20, rng: &rng)
            let boxes = data.boxes
            let tree = PackedRTree(boxes: boxes, nodeSize: [2, 3, 4, 16, 64][Int(seed) % 5], packing: seed % 2 == 0 ? .hilbert : .sortTileRecursive)
            #expect(tree.count == n)
            for _ in 0..<60 {
                let window = n == 0 ? BoundingBox(minX: -1, minY: -1, maxX: 1, maxY: 1)
                                    : randomWindow(boxes, sizeDegrees: region.spread / 4, rng: &rng)
                let got = tree.search(window).sorted()
                let want = (0..<n).filter { boxes[$0].intersects(window) }
                #expect(got == want, "seed \(seed) \(region.name) n \(n)")
            }
        }
    }

    @Test("large trees, both packings, answer windows and nearest like a linear scan and round-trip")
    func largeTrees() {
        var rng = SplitMix64(seed: 404)
        for (n, nodeSize) in [(20_000, 16), (9_000, 4), (70_000, 64)] {
            let data = IndexTestData.segments(n: n, center: Coordinate(8.7, 49.4), spreadDegrees: 0.2,
                                              maxLengthDegrees: 0.002, rng: &rng)
            let boxes = data.boxes
            for packing in [PackedRTree.Packing.hilbert, .sortTileRecursive] {
                let tree = PackedRTree(boxes: boxes, nodeSize: nodeSize, packing: packing)
                #expect(Set(tree.indices.prefix(n)).count == n)
                #expect(tree == (try? PackedRTree(serialized: tree.serialized())))
                for _ in 0..<20 {
                    let w = randomWindow(boxes, sizeDegrees: 0.01, rng: &rng)
                    #expect(tree.search(w).sorted() == (0..<n).filter { boxes[$0].intersects(w) })
                }
                for _ in 0..<20 {
                    let p = randomWindow(boxes, sizeDegrees: 0.01, rng: &rng).center
                    let distance: (Int) -> Double? = { data.distance(p, $0) }
                    let got = tree.nearest(to: p, k: 3, metric: .itemDistance(distance))
                    #expect(sameNearest(got, bruteNearest(count: n, k: 3, maxDistance: .infinity, distance), distance))
                }
            }
        }
    }

    @Test("search visitor stops early when asked")
    func earlyStop() {
        var rng = SplitMix64(seed: 5)
        let data = IndexTestData.segments(n: 500, center: Coordinate(74.6, 42.87), spreadDegrees: 0.01,
                                          maxLengthDegrees: 0.001, rng: &rng)
        let tree = PackedRTree(boxes: data.boxes)
        var seen = 0
        let finished = tree.search(tree.bounds) { _ in seen += 1; return seen < 7 }
        #expect(!finished)
        #expect(seen == 7)
        #expect(tree.search(tree.bounds).count == 500)
    }

    @Test("nearest k = 1, 5, 50 with and without max distance and filter equals brute force")
    func nearestSegments() {
        var checked = 0
        for seed in UInt64(1)...18 {
            var rng = SplitMix64(seed: seed)
            let region = Self.regions[Int(seed) % Self.regions.count]
            let n = [0, 1, 3, 17, 400, 1500][Int(seed) % 6]
            let data = IndexTestData.segments(n: n, center: region.center, spreadDegrees: region.spread,
                                              maxLengthDegrees: region.spread / 30, rng: &rng)
            let tree = PackedRTree(boxes: data.boxes, nodeSize: [4, 16, 9][Int(seed) % 3], packing: seed % 2 == 0 ? .hilbert : .sortTileRecursive)
            var scratch = RTreeQueryScratch()
            for q in 0..<40 {
                let point = Coordinate(IndexTestData.clampLon(region.center.longitude + Double.random(in: -region.spread...region.spread, using: &rng)),
                                       max(-89.9, min(89.9, region.center.latitude + Double.random(in: -region.spread...region.spread, using: &rng))))
                let k = [1, 5, 50][q % 3]
                let reach = q % 2 == 0 ? Double.infinity : Double.random(in: 0...(region.spread * 50_000), using: &rng)
                let filtered = q % 4 == 3
                let distance: (Int) -> Double? = { i in filtered && i % 3 == 0 ? nil : data.distance(point, i) }
                let want = bruteNearest(count: n, k: k, maxDistance: reach, distance)
                let got = collected { tree.forEachNearest(to: point, k: k, maxDistanceMeters: reach, metric: .itemDistance(distance), scratch: &scratch, $0) }
                #expect(sameNearest(got, want, distance), "seed \(seed) \(region.name) q \(q) k \(k)")
                let fresh = tree.nearest(to: point, k: k, maxDistanceMeters: reach, metric: .itemDistance(distance))
                #expect(sameNearest(fresh, want, distance))
                let one = collected { tree.forEachNearest(to: point, k: 1, maxDistanceMeters: reach, metric: .itemDistance(distance), scratch: &scratch, $0) }.first
                #expect(one?.distanceMeters == want.first?.distanceMeters)
                let odd: (Int) -> Double? = { i in i % 2 == 1 ? distance(i) : nil }
                #expect(sameNearest(tree.nearest(to: point, k: k, maxDistanceMeters: reach, metric: .itemDistance(distance),
                                                 where: { $0 % 2 == 1 }), bruteNearest(count: n, k: k, maxDistance: reach, odd), odd))
                checked += 1
            }
        }
        #expect(checked == 18 * 40)
    }

    @Test("forEachNearest streams every item in increasing distance, equal distances by index")
    func streaming() {
        var rng = SplitMix64(seed: 77)
        let data = IndexTestData.segments(n: 700, center: Coordinate(-179.95, -75), spreadDegrees: 0.3,
                                          maxLengthDegrees: 0.01, rng: &rng)
        let tree = PackedRTree(boxes: data.boxes)
        var scratch = RTreeQueryScratch()
        let point = Coordinate(179.99, -75.1)
        let distance: (Int) -> Double? = { data.distance(point, $0) }
        let got = collected { tree.forEachNearest(to: point, metric: .itemDistance(distance), scratch: &scratch, $0) }
        #expect(sameNearest(got, bruteNearest(count: 700, k: 700, maxDistance: .infinity, distance), distance))
        // Filtered and cut by reach, and stopped early.
        let even: (Int) -> Double? = { $0 % 2 == 0 ? distance($0) : nil }
        let some = collected {
            tree.forEachNearest(to: point, maxDistanceMeters: 20_000, metric: .itemDistance(distance), where: { $0 % 2 == 0 },
                                scratch: &scratch, $0)
        }
        #expect(sameNearest(some, bruteNearest(count: 700, k: 700, maxDistance: 20_000, even), even))
        var taken = 0
        tree.forEachNearest(to: point, scratch: &scratch) { _, _ in taken += 1; return taken < 4 }
        #expect(taken == 4)
    }

    @Test("within distance equals brute force, segments and points")
    func within() {
        for seed in UInt64(1)...12 {
            var rng = SplitMix64(seed: seed &* 31)
            let region = Self.regions[Int(seed) % Self.regions.count]
            let data = IndexTestData.segments(n: [0, 1, 600][Int(seed) % 3], center: region.center, spreadDegrees: region.spread,
                                              maxLengthDegrees: region.spread / 30, rng: &rng)
            let n = data.a.count
            let tree = PackedRTree(boxes: data.boxes)
            let points = PackedRTree(boxes: data.a.map { BoundingBox($0) })
            for _ in 0..<30 {
                let point = Coordinate(IndexTestData.clampLon(region.center.longitude + Double.random(in: -region.spread...region.spread, using: &rng)),
                                       max(-89.9, min(89.9, region.center.latitude + Double.random(in: -region.spread...region.spread, using: &rng))))
                let reach = Double.random(in: 0...(region.spread * 40_000), using: &rng)
                let got = tree.within(distanceMeters: reach, of: point, metric: .itemDistance { data.distance(point, $0) })
                #expect(got.map(\.index).sorted() == bruteWithin(count: n, distance: reach) { data.distance(point, $0) })
                #expect(got.allSatisfy { $0.distanceMeters == data.distance(point, $0.index) })
                let pointHits = points.within(distanceMeters: reach, of: point)
                let pointWant = bruteWithin(count: n, distance: reach) { LocalRuler.distance(point, data.a[$0]) }
                #expect(pointHits.map(\.index).sorted() == pointWant, "seed \(seed) \(region.name)")
                let k = 1 + Int.random(in: 0..<20, using: &rng)
                let nearestPoints = points.nearest(to: point, k: k, maxDistanceMeters: reach)
                let pointOracle = bruteNearest(count: n, k: k, maxDistance: reach) { LocalRuler.distance(point, data.a[$0]) }
                #expect(sameNearest(nearestPoints, pointOracle) { LocalRuler.distance(point, data.a[$0]) })
            }
        }
    }

    @Test("the box bound never exceeds the true distance at high latitudes and across the equator")
    func boundIsALowerBound() {
        var rng = SplitMix64(seed: 99)
        let bound = { (q: Coordinate) in BoxDistanceBound(q, tables: .shared) }
        for _ in 0..<50_000 {
            let lat = Double.random(in: -89...89, using: &rng)
            let q = Coordinate(Double.random(in: -180...180, using: &rng), lat)
            let size = [0.0001, 0.01, 1, 10][Int.random(in: 0..<4, using: &rng)]
            let p1 = Coordinate(IndexTestData.clampLon(q.longitude + Double.random(in: -3 * size...3 * size, using: &rng)),
                                max(-90, min(90, q.latitude + Double.random(in: -3 * size...3 * size, using: &rng))))
            let p2 = Coordinate(min(180, p1.longitude + Double.random(in: 0...size, using: &rng)),
                                min(90, p1.latitude + Double.random(in: 0...size, using: &rng)))
            let box = BoundingBox(p1, p2)
            let lower = bound(q).squaredMeters(minX: box.minX, minY: box.minY, maxX: box.maxX, maxY: box.maxY).squareRoot()
            // Sample points of the box, measured with scales at the query latitude and at the mid-latitude.
            for _ in 0..<4 {
                let p = Coordinate(Double.random(in: box.minX...box.maxX, using: &rng), Double.random(in: box.minY...box.maxY, using: &rng))
                let atQuery = LocalRuler(latitude: q.latitude).planarDistance(q, p)
                let atMid = LocalRuler.distance(q, p)
                #expect(lower <= atQuery && lower <= atMid, "q \(q) box \(box)")
            }
        }
    }

    @Test("a point query across the antimeridian finds items on the other side")
    func antimeridian() {
        let boxes = [BoundingBox(Coordinate(-179.999, 10)), BoundingBox(Coordinate(179.0, 10))]
        let tree = PackedRTree(boxes: boxes)
        let hit = tree.nearest(to: Coordinate(179.999, 10), k: 1)
        #expect(hit.first?.index == 0)
        #expect(abs((hit.first?.distanceMeters ?? 0) - 0.002 * LocalRuler(latitude: 10).metersPerDegreeLongitude) < 1e-6)
    }

    @Test("empty tree and NaN boxes answer nothing and never crash")
    func emptyAndNaN() {
        let empty = PackedRTree(boxes: [])
        #expect(empty.isEmpty)
        #expect(empty.search(BoundingBox(minX: -180, minY: -90, maxX: 180, maxY: 90)).isEmpty)
        #expect(empty.nearest(to: Coordinate(0, 0), k: 3).isEmpty)
        #expect(empty.within(distanceMeters: 1e9, of: Coordinate(0, 0)).isEmpty)
        let nan = Double.nan
        let tree = PackedRTree(boxes: [BoundingBox(minX: nan, minY: nan, maxX: nan, maxY: nan), BoundingBox(Coordinate(1, 1)), .empty])
        #expect(tree.search(BoundingBox(minX: -10, minY: -10, maxX: 10, maxY: 10)) == [1])
        #expect(tree.nearest(to: Coordinate(0, 0), k: 3).map(\.index) == [1])
    }
}
