import Testing
@testable import RoadGeo

@Suite("DynamicRTree against brute force")
struct DynamicRTreeTests {
    /// The live items of a model: id -> box.
    struct Model {
        var boxes: [Int: BoundingBox] = [:]
        func window(_ w: BoundingBox) -> [Int] { boxes.filter { $0.value.intersects(w) }.map(\.key).sorted() }
    }

    static func randomBox(around c: Coordinate, spread: Double, rng: inout SplitMix64) -> BoundingBox {
        let x = c.longitude + Double.random(in: -spread...spread, using: &rng)
        let y = max(-89.9, min(89.9, c.latitude + Double.random(in: -spread...spread, using: &rng)))
        if Double.random(in: 0..<1, using: &rng) < 0.2 { return BoundingBox(Coordinate(x, y)) }   // a point
        return BoundingBox(minX: x, minY: y, maxX: x + Double.random(in: 0...(spread / 20), using: &rng),
                           maxY: min(90, y + Double.random(in: 0...(spread / 20), using: &rng)))
    }

    @Test("random insert / remove / update sequences match brute force and keep the invariants")
    func randomOperations() throws {
        for seed in UInt64(1)...10 {
            var rng = SplitMix64(seed: seed)
            let center = [Coordinate(74.6, 42.87), Coordinate(20, 72), Coordinate(-40, -0.01)][Int(seed) % 3]
            let spread = [0.05, 5, 0.5][Int(seed) % 3]
            var tree = DynamicRTree(maxEntries: [4, 5, 8, 16][Int(seed) % 4])
            var model = Model()
            for step in 0..<1500 {
                let roll = Double.random(in: 0..<1, using: &rng)
                if roll < 0.55 || model.boxes.isEmpty {
                    var box = Self.randomBox(around: center, spread: spread, rng: &rng)
                    if let existing = model.boxes.values.first, roll < 0.05 { box = existing }   // duplicate
                    let id = tree.insert(box)
                    #expect(model.boxes[id] == nil, "id \(id) reused while live")
                    model.boxes[id] = box
                } else if roll < 0.85 {
                    let id = model.boxes.keys.sorted()[Int.random(in: 0..<model.boxes.count, using: &rng)]
                    let removed = tree.remove(id)
                    #expect(removed)
                    model.boxes[id] = nil
                } else {
                    let id = model.boxes.keys.sorted()[Int.random(in: 0..<model.boxes.count, using: &rng)]
                    let box = Self.randomBox(around: center, spread: spread, rng: &rng)
                    let updated = tree.update(id, to: box)
                    #expect(updated)
                    model.boxes[id] = box
                }
                if step % 25 == 0 || step < 40 {
                    try tree.checkInvariants()
                    #expect(tree.count == model.boxes.count)
                    let w = Self.randomBox(around: center, spread: spread, rng: &rng).expanded(by: spread / 5, spread / 5)
                    #expect(tree.search(w).sorted() == model.window(w), "seed \(seed) step \(step)")
                }
            }
            try tree.checkInvariants()
            let bogus = tree.remove(-1) || tree.remove(1_000_000)
            #expect(!bogus)
            // Drain completely, checking as we go.
            for (n, id) in model.boxes.keys.sorted().enumerated() {
                let removed = tree.remove(id)
                #expect(removed)
                if n % 50 == 0 { try tree.checkInvariants() }
            }
            try tree.checkInvariants()
            #expect(tree.isEmpty && tree.search(BoundingBox(minX: -180, minY: -90, maxX: 180, maxY: 90)).isEmpty)
        }
    }

    @Test("nearest and within on a dynamic tree equal brute force, segments and points")
    func nearestAndWithin() throws {
        for seed in UInt64(1)...8 {
            var rng = SplitMix64(seed: seed &+ 100)
            let region = PackedRTreeTests.regions[Int(seed) % PackedRTreeTests.regions.count]
            let data = IndexTestData.segments(n: [1, 40, 900][Int(seed) % 3], center: region.center, spreadDegrees: region.spread,
                                              maxLengthDegrees: region.spread / 30, rng: &rng)
            let n = data.a.count
            // Half bulk-loaded, half inserted, a few removed and reinserted.
            var tree = DynamicRTree(boxes: Array(data.boxes.prefix(n / 2)), maxEntries: 6)
            for box in data.boxes.dropFirst(n / 2) { tree.insert(box) }
            for id in stride(from: 0, to: n, by: 7) {
                let updated = tree.update(id, to: data.boxes[id])
                #expect(updated)
            }
            try tree.checkInvariants()
            var points = DynamicRTree()
            points.insert(contentsOf: data.a.map { BoundingBox($0) })
            var scratch = RTreeQueryScratch()
            for q in 0..<30 {
                let point = Coordinate(IndexTestData.clampLon(region.center.longitude + Double.random(in: -region.spread...region.spread, using: &rng)),
                                       max(-89.9, min(89.9, region.center.latitude + Double.random(in: -region.spread...region.spread, using: &rng))))
                let k = [1, 5, 50][q % 3]
                let reach = q % 2 == 0 ? Double.infinity : Double.random(in: 0...(region.spread * 50_000), using: &rng)
                let filtered = q % 4 == 3
                let distance: (Int) -> Double? = { i in filtered && i % 3 == 0 ? nil : data.distance(point, i) }
                let want = bruteNearest(count: n, k: k, maxDistance: reach, distance)
                #expect(sameNearest(collected { tree.forEachNearest(to: point, k: k, maxDistanceMeters: reach, metric: .itemDistance(distance), scratch: &scratch, $0) }, want, distance))
                #expect(tree.nearest(to: point, maxDistanceMeters: reach, metric: .itemDistance(distance)).first?.distanceMeters == want.first?.distanceMeters)
                let r = reach.isFinite ? reach : region.spread * 20_000
                #expect(tree.within(distanceMeters: r, of: point, metric: .itemDistance { data.distance(point, $0) }).map(\.index).sorted()
                        == bruteWithin(count: n, distance: r) { data.distance(point, $0) })
                let pd: (Int) -> Double? = { LocalRuler.distance(point, data.a[$0]) }
                #expect(points.within(distanceMeters: r, of: point).map(\.index).sorted() == bruteWithin(count: n, distance: r, pd))
                #expect(sameNearest(points.nearest(to: point, k: k, maxDistanceMeters: reach), bruteNearest(count: n, k: k, maxDistance: reach, pd), pd))
            }
        }
    }

    @Test("bulk load passes the invariants at every size and node capacity")
    func bulkLoad() throws {
        var rng = SplitMix64(seed: 11)
        for maxEntries in [4, 9, 16] {
            for n in [0, 1, 2, 3, 4, 5, 15, 16, 17, 100, 257, 1000] {
                let boxes = (0..<n).map { _ in Self.randomBox(around: Coordinate(10, 50), spread: 1, rng: &rng) }
                let tree = DynamicRTree(boxes: boxes, maxEntries: maxEntries)
                try tree.checkInvariants()
                #expect(tree.count == n)
                for (i, b) in boxes.enumerated() { #expect(tree.box(of: i) == b) }
            }
        }
    }

    @Test("NaN boxes are kept, never found, and removable")
    func nanBoxes() throws {
        var tree = DynamicRTree(maxEntries: 4)
        let nan = tree.insert(BoundingBox(minX: .nan, minY: 0, maxX: 1, maxY: 1))
        let ok = tree.insert(BoundingBox(Coordinate(0.5, 0.5)))
        #expect(tree.search(BoundingBox(minX: -10, minY: -10, maxX: 10, maxY: 10)) == [ok])
        #expect(tree.nearest(to: Coordinate(0, 0), k: 5).map(\.index) == [ok])
        let removed = tree.remove(nan)
        #expect(removed)
        try tree.checkInvariants()
    }
}
