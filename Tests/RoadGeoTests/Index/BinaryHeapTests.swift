import Testing
@testable import RoadGeo

@Suite("BinaryHeap, the one heap behind the R-tree queues and the path search")
struct BinaryHeapTests {
    /// Whether `h[0..<count]` is a heap under `first`: no element belongs above its parent.
    func isHeap(_ h: UnsafeMutablePointer<Int>, _ count: Int, by first: (Int, Int) -> Bool) -> Bool {
        (1..<max(1, count)).allSatisfy { !first(h[$0], h[($0 - 1) / 2]) }
    }

    @Test("random pushes, pops and replace-tops keep the invariant and pop in order, over many seeds")
    func againstSorting() {
        for seed in UInt64(1)...40 {
            var rng = SplitMix64(seed: seed)
            let h = UnsafeMutablePointer<Int>.allocate(capacity: 600)
            defer { h.deallocate() }
            var count = 0
            var model: [Int] = []
            for _ in 0..<500 {
                let v = Int.random(in: 0..<50, using: &rng)   // many equal keys
                switch Int.random(in: 0..<4, using: &rng) {
                case 0 where count > 0:
                    let top = BinaryHeap.pop(h, &count, by: <)
                    #expect(top == model.min())
                    model.remove(at: model.firstIndex(of: top)!)
                case 1 where count > 0:
                    let top = h[0]
                    #expect(top == model.min())
                    BinaryHeap.replaceTop(h, count, v, by: <)
                    model[model.firstIndex(of: top)!] = v
                default:
                    BinaryHeap.push(h, &count, v, by: <)
                    model.append(v)
                }
                #expect(count == model.count)
                #expect(isHeap(h, count, by: <), "seed \(seed)")
            }
            var drained: [Int] = []
            while count > 0 { drained.append(BinaryHeap.pop(h, &count, by: <)) }
            #expect(drained == model.sorted())
        }
    }

    @Test("the k-best max-heap keeps the k first in answer order, ties by ref")
    func kBest() {
        var rng = SplitMix64(seed: 9)
        let h = UnsafeMutablePointer<RTreeQueueEntry>.allocate(capacity: 8)
        defer { h.deallocate() }
        var found = 0
        var all: [RTreeQueueEntry] = []
        for ref in 0..<300 {
            let e = RTreeQueueEntry(distance: Double(Int.random(in: 0..<40, using: &rng)), ref: ref)
            all.append(e)
            _ = offerBest(h, &found, k: 8, e)
        }
        let kept = (0..<found).map { h[$0] }.sorted { $0.precedes($1) }
        let want = all.sorted { $0.precedes($1) }.prefix(8)
        #expect(kept.map(\.ref) == want.map(\.ref))
    }
}
