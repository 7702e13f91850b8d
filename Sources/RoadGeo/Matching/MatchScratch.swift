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
    /// Per candidate, how the route from the candidate in ``back`` runs.
    var legs: [Leg] = []
    /// Per candidate, the direction the best way to it travels its road in: 1 along, -1
    /// against, 0 not known (a piece's start, or jitter).
    var arrival: [Int8] = []
    /// The index query memory.
    var query = RTreeQueryScratch()
    /// The search: tentative distance and generation stamp per node, whether a node is a target
    /// of the current step (by its own stamp), and the queue.
    var distance: [Double] = []
    /// The arc each node was last reached by in the current search.
    var previous: [Int32] = []
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
        legs.removeAll(keepingCapacity: true)
        arrival.removeAll(keepingCapacity: true)
        stepStart.append(0)
    }

    /// Distances along the graph from `source` to every node of ``targetNodes`` (written to
    /// ``nodeDistances`` at `row`), searching no farther than `bound` metres and stopping once
    /// every target is settled. Unreached targets get infinity. The arc each reached node came
    /// by is left in ``previous``.
    mutating func search(_ graph: RoadGraph, from source: Int32, bound: Double, row: Int) {
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
        heap.push(QueueEntry(key: 0, distance: 0, node: source))
        // Work on the arrays through their buffers (moved out, not copied): no bounds checks
        // and no uniqueness checks in the loop; every index is a node or arc of the graph.
        var dist: [Double] = [], prev: [Int32] = [], stamps: [UInt32] = [], targets: [UInt32] = []
        swap(&dist, &distance); swap(&prev, &previous); swap(&stamps, &stamp); swap(&targets, &targetStamp)
        defer { swap(&dist, &distance); swap(&prev, &previous); swap(&stamps, &stamp); swap(&targets, &targetStamp) }
        dist.withUnsafeMutableBufferPointer { dist in
        prev.withUnsafeMutableBufferPointer { prev in
        stamps.withUnsafeMutableBufferPointer { stamps in
        targets.withUnsafeMutableBufferPointer { targets in
        graph.arcStart.withUnsafeBufferPointer { start in
        graph.arcs.withUnsafeBufferPointer { arcs in
            stamps[Int(source)] = gen
            dist[Int(source)] = 0
            prev[Int(source)] = -1
            while remaining > 0, let top = heap.popMin() {
                let u = Int(top.node)
                guard top.distance == dist[u] else { continue }
                if top.distance > bound { break }
                if targets[u] == targetGen {
                    remaining -= 1
                    // Settled once: later pops of the same node are stale and skipped above.
                    targets[u] = targetGen &- 1
                }
                for k in Int(start[u])..<Int(start[u + 1]) {
                    let arc = arcs[k]
                    let v = Int(arc.to)
                    let d = top.distance + arc.lengthMeters
                    guard d <= bound, stamps[v] != gen || d < dist[v] else { continue }
                    stamps[v] = gen
                    dist[v] = d
                    prev[v] = Int32(k)
                    heap.push(QueueEntry(key: d, distance: d, node: arc.to))
                }
            }
            for (k, t) in targetNodes.enumerated() {
                let i = Int(t)
                nodeDistances[row * width + k] = stamps[i] == gen ? dist[i] : .infinity
                // Targets settled by this search are targets again for the next source.
                targets[i] = targetGen
            }
        }
        }
        }
        }
        }
        }
    }

    /// The arcs of the last search's way from its source to `node`, last first.
    func arcs(to node: Int32, graph: RoadGraph) -> [Int] {
        var out: [Int] = []
        var at = Int(node), steps = 0
        while stamp[at] == generation, previous[at] >= 0, steps <= graph.nodeCount {
            let arc = Int(previous[at])
            out.append(arc)
            at = Int(graph.arcDetails[arc].from)
            steps += 1
        }
        return out
    }

    /// Makes the current ``targetNodes`` the targets of the next searches.
    mutating func markTargets(nodeCount n: Int) {
        if targetStamp.count < n {
            distance = [Double](repeating: .infinity, count: n)
            previous = [Int32](repeating: -1, count: n)
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

/// How the route between two candidates runs: along their shared stretch (``direct``), or out
/// of the first by the stop before it (0) or after it (1) and into the second by its stop
/// before (0) or after (1).
struct Leg: Hashable, Sendable {
    var exit: UInt8
    var entry: UInt8
    static let direct = Leg(exit: 255, entry: 255)
}
