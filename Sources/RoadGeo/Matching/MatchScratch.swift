/// Memory that ``RoadNetwork/match(_:times:graph:options:scratch:)`` reuses between traces on
/// one thread: the candidates and scores of every step, and the arrays of the bounded route
/// searches. One per thread; it grows to the longest trace and the largest graph it meets.
///
/// - Complexity: 12 bytes per graph node once the first route is searched, and about 120 bytes
///   per candidate of the longest trace; nothing is allocated per fix once grown.
///
/// ```swift
/// var scratch = MatchScratch()
/// for trace in traces { results.append(network.match(trace.coordinates, graph: graph, scratch: &scratch)) }
/// ```
public struct MatchScratch: Sendable {
    /// The candidates of every step, step after step.
    var candidates: [MatchCandidate] = []
    /// Where each step's candidates start in ``candidates`` (one more entry than steps).
    var stepStart: [Int32] = []
    /// The fix of each step.
    var stepFix: [Int32] = []
    /// Per candidate, the best score of a path ending there and the candidate it came from (-1 at a piece's start).
    var scores: [Double] = []
    var back: [Int32] = []
    /// The index query memory.
    var query = RTreeQueryScratch()
    /// The search: tentative distance and generation stamp per node, whether a node is a target
    /// of the current step (by its own stamp), and the queue.
    var distance: [Double] = []
    var stamp: [UInt32] = []
    var generation: UInt32 = 0
    var targetStamp: [UInt32] = []
    var targetGeneration: UInt32 = 0
    var heap = FlatHeap()
    /// The distinct source and target nodes of a step and the node-to-node distances between them.
    var sourceNodes: [Int32] = []
    var targetNodes: [Int32] = []
    var nodeDistances: [Double] = []
    /// The path search, for laying out the chosen route.
    var paths = RoadGraph.SearchScratch()

    /// Empty scratch; sized on first use.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// var scratch = MatchScratch()
    /// ```
    public init() {}

    /// Clears the per-trace arrays, keeping their memory.
    mutating func startTrace() {
        candidates.removeAll(keepingCapacity: true)
        stepStart.removeAll(keepingCapacity: true)
        stepFix.removeAll(keepingCapacity: true)
        scores.removeAll(keepingCapacity: true)
        back.removeAll(keepingCapacity: true)
        stepStart.append(0)
    }

    /// Distances along the graph from `source` to every node of ``targetNodes`` (written to
    /// ``nodeDistances`` at `row`), searching no farther than `bound` metres and stopping once
    /// every target is settled. Unreached targets get infinity.
    mutating func search(_ graph: RoadGraph, from source: Int32, bound: Double, row: Int) {
        let n = graph.nodeCount
        if stamp.count < n {
            distance = [Double](repeating: .infinity, count: n)
            stamp = [UInt32](repeating: 0, count: n)
            targetStamp = [UInt32](repeating: 0, count: n)
            generation = 0
            targetGeneration = 0
        }
        generation &+= 1
        if generation == 0 {
            for i in stamp.indices { stamp[i] = 0 }
            generation = 1
        }
        let gen = generation, targetGen = targetGeneration
        let width = targetNodes.count
        var remaining = 0
        for t in targetNodes where targetStamp[Int(t)] == targetGen { remaining += 1 }
        heap.entries.removeAll(keepingCapacity: true)
        stamp[Int(source)] = gen
        distance[Int(source)] = 0
        heap.push(QueueEntry(key: 0, distance: 0, node: source))
        graph.arcStart.withUnsafeBufferPointer { start in
            graph.arcs.withUnsafeBufferPointer { arcs in
                while remaining > 0, let top = heap.popMin() {
                    let u = Int(top.node)
                    guard top.distance == distance[u] else { continue }
                    if top.distance > bound { break }
                    if targetStamp[u] == targetGen {
                        remaining -= 1
                        // Settled once: later pops of the same node are stale and skipped above.
                        targetStamp[u] = targetGen &- 1
                    }
                    for k in Int(start[u])..<Int(start[u + 1]) {
                        let arc = arcs[k]
                        let v = Int(arc.to)
                        let d = top.distance + arc.lengthMeters
                        guard d <= bound, stamp[v] != gen || d < distance[v] else { continue }
                        stamp[v] = gen
                        distance[v] = d
                        heap.push(QueueEntry(key: d, distance: d, node: arc.to))
                    }
                }
            }
        }
        for (k, t) in targetNodes.enumerated() {
            let i = Int(t)
            nodeDistances[row * width + k] = stamp[i] == gen ? distance[i] : .infinity
        }
        // Targets settled by this search are targets again for the next source.
        for t in targetNodes { targetStamp[Int(t)] = targetGen }
    }

    /// Makes the current ``targetNodes`` the targets of the next searches.
    mutating func markTargets(nodeCount n: Int) {
        if targetStamp.count < n {
            distance = [Double](repeating: .infinity, count: n)
            stamp = [UInt32](repeating: 0, count: n)
            targetStamp = [UInt32](repeating: 0, count: n)
            generation = 0
            targetGeneration = 0
        }
        // Two values per step (targets, and settled targets one below), so step by two.
        targetGeneration &+= 2
        if targetGeneration < 2 {
            for i in targetStamp.indices { targetStamp[i] = 0 }
            targetGeneration = 2
        }
        for t in targetNodes { targetStamp[Int(t)] = targetGeneration }
        nodeDistances.removeAll(keepingCapacity: true)
        nodeDistances.append(contentsOf: repeatElement(.infinity, count: sourceNodes.count * targetNodes.count))
    }
}

/// One candidate road position of a step: the snap, the stretch of road between two stops it
/// lies on, and its emission score.
struct MatchCandidate: Sendable {
    var snap: RoadSnap
    /// The stops before and after it on its road (equal at a road with one stop).
    var before: Stop
    var after: Stop
    var emission: Double
}
