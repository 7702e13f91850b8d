import HeapModule
@testable import RoadGeo

extension RoadGraph {
    /// The shortest path by plain Dijkstra with arrays allocated per query and a `HeapModule`
    /// heap, stopping once nothing in the queue can beat the best way found: the search
    /// ``path(from:to:scratch:)`` replaced, kept as the oracle the tests compare the A* search
    /// with (geo-bench times the same search in `Baselines/DijkstraPaths.swift`).
    ///
    /// - Parameters:
    ///   - start: Where the path starts.
    ///   - end: Where it ends.
    /// - Returns: The same length as ``path(from:to:scratch:)`` (sections may differ between
    ///   paths of exactly equal length), or `nil` when not connected.
    /// - Complexity: O((V + E) log V) for the part of the graph nearer the start than the end; allocates O(V).
    ///
    /// ```swift
    /// graph.dijkstraPath(from: a, to: b)?.lengthMeters
    /// ```
    func dijkstraPath(from start: RoadSnap, to end: RoadSnap) -> Path? {
        guard stops.indices.contains(start.roadIndex), stops.indices.contains(end.roadIndex),
              !stops[start.roadIndex].isEmpty, !stops[end.roadIndex].isEmpty else { return nil }
        let (sa, sb) = around(start), (ta, tb) = around(end)
        var best = straightPath(from: start, to: end, sa, ta)
        var distance = [Double](repeating: .infinity, count: nodeCount)
        var previous = [Int?](repeating: nil, count: nodeCount)
        var heap = Heap<DijkstraEntry>()
        for (stop, d) in seeds(start, sa, sb) where d < distance[stop.node] {
            distance[stop.node] = d
            heap.insert(DijkstraEntry(distance: d, node: stop.node))
        }
        var bound = best?.lengthMeters ?? .infinity
        while let top = heap.popMin() {
            guard top.distance == distance[top.node] else { continue }
            if top.distance >= bound { break }
            for (stop, leave) in leaves(end, ta, tb) where top.node == stop.node { bound = Swift.min(bound, top.distance + leave) }
            for k in Int(arcStart[top.node])..<Int(arcStart[top.node + 1]) {
                let arc = arcs[k]
                let d = top.distance + arc.lengthMeters
                if d < distance[Int(arc.to)] {
                    distance[Int(arc.to)] = d
                    previous[Int(arc.to)] = k
                    heap.insert(DijkstraEntry(distance: d, node: Int(arc.to)))
                }
            }
        }
        for (stop, leave) in leaves(end, ta, tb) where distance[stop.node].isFinite && leave.isFinite {
            let total = distance[stop.node] + leave
            guard total < best?.lengthMeters ?? .infinity else { continue }
            best = layOut(from: start, sa, sb, to: end, via: stop, lengthMeters: total) { previous[$0] }
        }
        return best
    }

    /// Every arc (a directed half of an edge) as source, target, road, measures and length, in
    /// the order the search relaxes them, for oracles that walk the arcs themselves.
    /// - Complexity: O(E).
    var directedArcs: [DirectedArc] {
        arcs.indices.map { k in
            let d = arcDetails[k]
            return DirectedArc(from: Int(d.from), to: Int(arcs[k].to), road: Int(d.road), fromMeters: d.fromMeters,
                               toMeters: d.toMeters, lengthMeters: arcs[k].lengthMeters)
        }
    }
}

/// A directed half of an edge: to a node along a road between two measures.
struct DirectedArc: Hashable, Sendable {
    var from: Int
    var to: Int
    var road: Int
    var fromMeters: Double
    var toMeters: Double
    var lengthMeters: Double
}

/// Dijkstra's queue entry, ordered by distance then node.
private struct DijkstraEntry: Comparable {
    var distance: Double
    var node: Int
    static func < (a: DijkstraEntry, b: DijkstraEntry) -> Bool { (a.distance, a.node) < (b.distance, b.node) }
}
