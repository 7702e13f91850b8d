extension RoadGraph {
    /// Reusable memory for ``shortestPath(from:to:scratch:)``: one per thread, so repeated
    /// queries allocate nothing once it has grown (distances are reset lazily by generation).
    ///
    /// ```swift
    /// var scratch = RoadGraph.PathScratch()
    /// for (a, b) in pairs { _ = graph.shortestPath(from: a, to: b, scratch: &scratch) }
    /// ```
    public struct PathScratch {
        var distance: [Double] = []
        /// Arc code that reached each node, or `leftByFromNode` / `leftByToNode` for a node
        /// reached straight from the start point.
        var via: [UInt32] = []
        var stamp: [UInt32] = []
        var generation: UInt32 = 0
        var heap = PathHeap()

        /// Creates empty scratch memory.
        public init() {}

        mutating func begin(nodeCount: Int) {
            if distance.count != nodeCount {
                distance = Array(repeating: .infinity, count: nodeCount)
                via = Array(repeating: 0, count: nodeCount)
                stamp = Array(repeating: 0, count: nodeCount)
                generation = 0
            }
            generation &+= 1
            if generation == 0 {
                for i in stamp.indices { stamp[i] = 0 }
                generation = 1
            }
            heap.removeAll()
        }

        @inline(__always) func current(_ v: Int) -> Double { stamp[v] == generation ? distance[v] : .infinity }

        @inline(__always) mutating func relax(_ v: Int, _ d: Double, via code: UInt32) -> Bool {
            guard d < current(v) else { return false }
            stamp[v] = generation
            distance[v] = d
            via[v] = code
            heap.push(d, UInt32(v))
            return true
        }
    }

    /// The shortest connected path along the roads between two snapped points.
    ///
    /// Dijkstra's algorithm on the node graph with a binary heap. The start enters its edge at
    /// its measure and may leave it by either end; the end is reached the same way, so the
    /// path begins and ends exactly at the snapped measures. Two points on one edge also
    /// consider the direct stretch between them. The search stops as soon as no unsettled
    /// node can improve the best complete path.
    ///
    /// - Parameters:
    ///   - start: Where the path begins (a ``RoadSnap`` from ``network``).
    ///   - end: Where it ends.
    ///   - scratch: Query memory reused between calls.
    /// - Returns: The path (sections in travel order, consecutive pieces of one road merged), or
    ///   `nil` when the two points are not connected (or a snap's road is not in the graph).
    /// - Complexity: O((V + E) log V) in the worst case; far less for nearby points.
    ///
    /// ```swift
    /// if let a = network.snap(p), let b = network.snap(q), let path = graph.shortestPath(from: a, to: b) {
    ///     print(path.lengthMeters)
    /// }
    /// ```
    /// Algorithm: E. W. Dijkstra, "A note on two problems in connexion with graphs" (1959).
    public func shortestPath(from start: RoadSnap, to end: RoadSnap, scratch: inout PathScratch) -> RoadPath? {
        guard let se = edge(onRoad: start.roadIndex, atMeasure: start.measureMeters),
              let te = edge(onRoad: end.roadIndex, atMeasure: end.measureMeters) else { return nil }
        let s = edges[se], t = edges[te]
        let m1 = min(max(start.measureMeters, s.fromMeters), s.toMeters)
        let m2 = min(max(end.measureMeters, t.fromMeters), t.toMeters)
        var best = Double.infinity
        var bestExit = -1  // -1: direct along one edge; 0: via t.fromNode; 1: via t.toNode
        if se == te {
            best = abs(m2 - m1)
        }
        scratch.begin(nodeCount: nodes.count)
        _ = scratch.relax(s.fromNode, m1 - s.fromMeters, via: leftByFromNode)
        _ = scratch.relax(s.toNode, s.toMeters - m1, via: leftByToNode)
        let tailFrom = m2 - t.fromMeters, tailTo = t.toMeters - m2
        arcs.withUnsafeBufferPointer { arcs in
            arcStart.withUnsafeBufferPointer { arcStart in
                while let (d, node) = scratch.heap.pop() {
                    if d >= best { break }
                    let v = Int(node)
                    if d > scratch.current(v) { continue }  // a stale heap entry
                    if v == t.fromNode, d + tailFrom < best { best = d + tailFrom; bestExit = 0 }
                    if v == t.toNode, d + tailTo < best { best = d + tailTo; bestExit = 1 }
                    for a in arcStart[v]..<arcStart[v + 1] {
                        let arc = arcs[a]
                        _ = scratch.relax(Int(arc.head), d + arc.length, via: arc.code)
                    }
                }
            }
        }
        guard best.isFinite else { return nil }
        // Walk back from the end.
        var reversed: [RoadSection] = []
        if bestExit < 0 {
            reversed.append(RoadSection(roadIndex: s.roadIndex, fromMeters: m1, toMeters: m2))
        } else {
            let exitNode = bestExit == 0 ? t.fromNode : t.toNode
            reversed.append(RoadSection(roadIndex: t.roadIndex, fromMeters: bestExit == 0 ? t.fromMeters : t.toMeters, toMeters: m2))
            var v = exitNode
            while scratch.via[v] < leftByToNode {
                let code = Int(scratch.via[v])
                let e = edges[code >> 1]
                let forward = code & 1 == 0
                reversed.append(RoadSection(roadIndex: e.roadIndex, fromMeters: forward ? e.fromMeters : e.toMeters,
                                            toMeters: forward ? e.toMeters : e.fromMeters))
                v = forward ? e.fromNode : e.toNode
            }
            reversed.append(RoadSection(roadIndex: s.roadIndex, fromMeters: m1,
                                        toMeters: scratch.via[v] == leftByFromNode ? s.fromMeters : s.toMeters))
        }
        return RoadPath(sections: mergedSections(reversed.reversed()), lengthMeters: best)
    }

    /// ``shortestPath(from:to:scratch:)`` with its own memory (allocates O(V) per call).
    /// - Parameters: start: Where the path begins. end: Where it ends.
    /// - Returns: The path or `nil` when not connected. - Complexity: O((V + E) log V).
    public func shortestPath(from start: RoadSnap, to end: RoadSnap) -> RoadPath? {
        var scratch = PathScratch()
        return shortestPath(from: start, to: end, scratch: &scratch)
    }
}

/// `via` marks of the nodes reached straight from the start point, by either end of its edge.
private let leftByFromNode = UInt32.max
private let leftByToNode = UInt32.max - 1

/// Joins consecutive sections that continue each other on one road; drops empty ones (keeps
/// one if all are empty).
private func mergedSections(_ sections: ReversedCollection<[RoadSection]>) -> [RoadSection] {
    let nonEmpty = sections.filter { $0.lengthMeters > 0 }
    guard let first = nonEmpty.first else { return sections.first.map { [$0] } ?? [] }
    var out = [first]
    for s in nonEmpty.dropFirst() {
        let last = out[out.count - 1]
        if last.roadIndex == s.roadIndex, last.toMeters == s.fromMeters, last.isForward == s.isForward {
            out[out.count - 1].toMeters = s.toMeters
        } else {
            out.append(s)
        }
    }
    return out
}

/// A flat binary min-heap of (distance, node) pairs; stale entries are skipped by the caller
/// (lazy deletion), which beats decrease-key on road graphs.
struct PathHeap {
    private var keys: [Double] = []
    private var values: [UInt32] = []

    var isEmpty: Bool { keys.isEmpty }

    mutating func removeAll() {
        keys.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
    }

    mutating func push(_ key: Double, _ value: UInt32) {
        keys.append(key)
        values.append(value)
        var i = keys.count - 1
        while i > 0 {
            let parent = (i - 1) >> 1
            guard keys[parent] > key else { break }
            keys[i] = keys[parent]
            values[i] = values[parent]
            i = parent
        }
        keys[i] = key
        values[i] = value
    }

    mutating func pop() -> (Double, UInt32)? {
        guard let lastKey = keys.popLast(), let lastValue = values.popLast() else { return nil }
        guard !keys.isEmpty else { return (lastKey, lastValue) }
        let top = (keys[0], values[0])
        let n = keys.count
        var i = 0
        while true {
            var child = 2 * i + 1
            if child >= n { break }
            if child + 1 < n && keys[child + 1] < keys[child] { child += 1 }
            guard keys[child] < lastKey else { break }
            keys[i] = keys[child]
            values[i] = values[child]
            i = child
        }
        keys[i] = lastKey
        values[i] = lastValue
        return top
    }
}
