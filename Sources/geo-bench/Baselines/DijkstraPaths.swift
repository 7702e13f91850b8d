import HeapModule
@_spi(Baseline) import RoadGeo

/// N2's baseline: the shortest-path search `RoadGraph.path` replaced, plain Dijkstra with its
/// arrays allocated per query and a swift-collections `Heap`, stopping once nothing in the queue
/// can beat the best way found. It walks the library's own arcs (`baselineArcs`) from the same
/// start and end nodes (`baselineEnds`), so the two searches differ only in the algorithm.
struct DijkstraPaths {
    let graph: RoadGraph
    private let start: [Int32], targets: [Int32], lengths: [Double]

    init(_ graph: RoadGraph) {
        self.graph = graph
        (start, targets, lengths) = graph.baselineArcs
    }

    /// The length of the shortest path, metres, or `nil` when the points are not connected.
    func lengthMeters(from a: RoadSnap, to b: RoadSnap) -> Double? {
        guard let ends = graph.baselineEnds(from: a, to: b) else { return nil }
        var best = ends.directMeters ?? .infinity
        var distance = [Double](repeating: .infinity, count: graph.nodeCount)
        // The arc each node was reached by, as the path search it stands for kept (for its layout).
        var previous = [Int?](repeating: nil, count: graph.nodeCount)
        var heap = Heap<Entry>()
        for seed in ends.seeds where seed.meters < distance[seed.node] {
            distance[seed.node] = seed.meters
            heap.insert(Entry(distance: seed.meters, node: seed.node))
        }
        var bound = best
        while let top = heap.popMin() {
            guard top.distance == distance[top.node] else { continue }
            if top.distance >= bound { break }
            for leave in ends.leaves where top.node == leave.node { bound = Swift.min(bound, top.distance + leave.meters) }
            for k in Int(start[top.node])..<Int(start[top.node + 1]) {
                let to = Int(targets[k]), d = top.distance + lengths[k]
                if d < distance[to] {
                    distance[to] = d
                    previous[to] = k
                    heap.insert(Entry(distance: d, node: to))
                }
            }
        }
        for leave in ends.leaves where distance[leave.node].isFinite && leave.meters.isFinite {
            best = Swift.min(best, distance[leave.node] + leave.meters)
        }
        withExtendedLifetime(previous) {}
        return best.isFinite ? best : nil
    }

    /// A queue entry, ordered by distance then node.
    private struct Entry: Comparable {
        var distance: Double
        var node: Int
        static func < (a: Entry, b: Entry) -> Bool { (a.distance, a.node) < (b.distance, b.node) }
    }
}
