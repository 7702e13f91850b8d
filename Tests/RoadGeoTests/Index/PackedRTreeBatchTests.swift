import Testing
@testable import RoadGeo

@Suite("PackedRTree batch query order")
struct PackedRTreeBatchTests {
    @Test("localityOrder is a permutation, also with empty, single and non-finite input")
    func permutation() {
        #expect(PackedRTree.localityOrder(of: []).isEmpty)
        #expect(PackedRTree.localityOrder(of: [Coordinate(74.6, 42.9)]) == [0])
        var rng = SplitMix64(seed: 5)
        var points = (0..<5_000).map { _ in
            Coordinate(Double.random(in: 74.5...74.7, using: &rng), Double.random(in: 42.8...42.9, using: &rng))
        }
        points[7] = Coordinate(.nan, 42.85)
        points[8] = Coordinate(74.6, .infinity)
        points[9] = Coordinate(-.infinity, .nan)
        points.append(contentsOf: Array(repeating: Coordinate(74.6, 42.85), count: 10))   // all one cell
        let order = PackedRTree.localityOrder(of: points)
        #expect(order.count == points.count)
        #expect(order.sorted() == Array(points.indices))
        let same = [Coordinate](repeating: Coordinate(1, 2), count: 4)
        #expect(PackedRTree.localityOrder(of: same).sorted() == [0, 1, 2, 3])
    }

    @Test("consecutive points in locality order are far closer than in input order")
    func locality() {
        var rng = SplitMix64(seed: 11)
        let points = (0..<20_000).map { _ in
            Coordinate(Double.random(in: 74.5...74.7, using: &rng), Double.random(in: 42.8...42.9, using: &rng))
        }
        func path(_ order: [Int]) -> Double {
            zip(order, order.dropFirst()).reduce(0) { $0 + LocalRuler.distance(points[$1.0], points[$1.1]) }
        }
        let ordered = path(PackedRTree.localityOrder(of: points)), input = path(Array(points.indices))
        // A Hilbert tour of n uniform points is about 1/sqrt(n) of a random tour's length.
        #expect(ordered * 20 < input)
    }

    @Test("nearest answered in locality order equals nearest one by one")
    func sameAnswers() {
        var rng = SplitMix64(seed: 3)
        let data = IndexTestData.segments(n: 3_000, center: Coordinate(74.6, 42.87), spreadDegrees: 0.05,
                                          maxLengthDegrees: 0.002, rng: &rng)
        let tree = PackedRTree(boxes: data.boxes)
        let queries = (0..<2_000).map { _ in
            Coordinate(Double.random(in: 74.55...74.65, using: &rng), Double.random(in: 42.82...42.92, using: &rng))
        }
        var scratch = RTreeQueryScratch()
        var batch = [Double](repeating: -1, count: queries.count)
        for i in PackedRTree.localityOrder(of: queries) {
            batch[i] = collected {
                tree.forEachNearest(to: queries[i], k: 1, metric: .itemDistance { data.distance(queries[i], $0) }, scratch: &scratch, $0)
            }.first?.distanceMeters ?? -1
        }
        for (i, q) in queries.enumerated() {
            let brute = data.a.indices.map { data.distance(q, $0) }.min() ?? -1
            #expect(batch[i] == brute)
        }
    }
}
