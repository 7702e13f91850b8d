/// The outcome of a batch clustering: one label per input point, cluster ids `0..<clusterCount`
/// and ``noise`` (-1) for points in no cluster.
///
/// **Deterministic labels** (the same for ``DBSCAN`` and ``AlongRoadClustering``):
/// - A point is *core* when it has at least `minPoints` neighbours, itself included.
/// - Clusters are the connected components of core points (two core points that are neighbours are
///   in the same cluster), which do not depend on the input order.
/// - A *border* point (not core, with at least one core neighbour) joins, among the clusters of its
///   core neighbours, the one whose lowest-index core point comes first in the input. This is what
///   classic sequential DBSCAN does when it starts clusters from core points in input order and a
///   border point keeps the first cluster that reaches it.
/// - Every other point is noise.
/// - Ids are numbered in order of first appearance: scanning `labels` from index 0, the first
///   non-noise label is 0, the next new one 1, and so on.
///
/// ```swift
/// let result = DBSCAN(epsMeters: 15, minPoints: 2).cluster(points)
/// for (i, label) in result.labels.enumerated() where label != ClusterLabels.noise {
///     print("report \(i) is in cluster \(label)")
/// }
/// ```
public struct ClusterLabels: Hashable, Sendable {
    /// The label of noise points.
    public static let noise: Int32 = -1

    /// Per input point: its cluster id (`0..<clusterCount`) or ``noise``.
    public let labels: [Int32]
    /// Per input point: whether it is a core point.
    public let isCore: [Bool]
    /// Number of clusters.
    public let clusterCount: Int

    /// Creates labels (used by the clustering algorithms).
    init(labels: [Int32], isCore: [Bool], clusterCount: Int) {
        self.labels = labels
        self.isCore = isCore
        self.clusterCount = clusterCount
    }

    /// Number of points labelled noise.
    /// - Complexity: O(n).
    public var noiseCount: Int { labels.reduce(0) { $0 + ($1 == ClusterLabels.noise ? 1 : 0) } }

    /// The input indices of each cluster's members, ascending, indexed by cluster id.
    /// - Complexity: O(n).
    ///
    /// ```swift
    /// let groups = result.members()   // groups[0] = indices of cluster 0
    /// ```
    public func members() -> [[Int]] {
        var out = [[Int]](repeating: [], count: clusterCount)
        for (i, l) in labels.enumerated() where l >= 0 { out[Int(l)].append(i) }
        return out
    }
}

// MARK: - Labelling a neighbour graph

/// Neighbour lists in compressed sparse rows: item `i`'s neighbours (itself excluded) are
/// `neighbours[start[i] ..< start[i] + count[i]]`. Rows may be stored in any order.
struct NeighbourGraph {
    var start: [Int]
    var count: [Int32]
    var neighbours: [Int32]

    init(itemCount: Int, expectedNeighbours: Int) {
        start = [Int](repeating: 0, count: itemCount)
        count = [Int32](repeating: 0, count: itemCount)
        neighbours = []
        neighbours.reserveCapacity(expectedNeighbours)
    }

    init(start: [Int], count: [Int32], neighbours: [Int32]) {
        self.start = start
        self.count = count
        self.neighbours = neighbours
    }
}

/// Labels a neighbour graph by the rules on ``ClusterLabels``.
///
/// Classic DBSCAN expansion without further distance queries: seeds are core points in input
/// order; a breadth-first sweep from each seed labels every reachable point not yet labelled and
/// continues only through core points. Clusters are therefore created in order of their lowest core
/// index, and a border point keeps the first cluster that reaches it. A final pass renumbers ids by
/// first appearance.
/// - Complexity: O(n + edges).
func labelNeighbourGraph(_ g: NeighbourGraph, minPoints: Int) -> ClusterLabels {
    let n = g.count.count
    var labels = [Int32](repeating: ClusterLabels.noise, count: n)
    var isCore = [Bool](repeating: false, count: n)
    var clusters: Int32 = 0
    let threshold = Int32(clamping: minPoints - 1)   // neighbours needed besides the point itself
    g.count.withUnsafeBufferPointer { cnt in
        g.start.withUnsafeBufferPointer { st in
            g.neighbours.withUnsafeBufferPointer { nb in
                isCore.withUnsafeMutableBufferPointer { core in
                    labels.withUnsafeMutableBufferPointer { lab in
                        for i in 0..<n { core[i] = cnt[i] >= threshold }
                        var queue = [Int32]()
                        for seed in 0..<n where core[seed] && lab[seed] < 0 {
                            let c = clusters
                            clusters += 1
                            lab[seed] = c
                            queue.removeAll(keepingCapacity: true)
                            queue.append(Int32(seed))
                            var head = 0
                            while head < queue.count {
                                let p = Int(queue[head])
                                head += 1
                                let s = st[p]
                                for k in s..<(s + Int(cnt[p])) {
                                    let q = Int(nb[k])
                                    if lab[q] < 0 {
                                        lab[q] = c
                                        if core[q] { queue.append(Int32(q)) }
                                    }
                                }
                            }
                        }
                        // Renumber by first appearance in input order.
                        if clusters > 0 {
                            var map = [Int32](repeating: -1, count: Int(clusters))
                            var next: Int32 = 0
                            for i in 0..<n where lab[i] >= 0 {
                                let old = Int(lab[i])
                                if map[old] < 0 { map[old] = next; next += 1 }
                                lab[i] = map[old]
                            }
                        }
                    }
                }
            }
        }
    }
    return ClusterLabels(labels: labels, isCore: isCore, clusterCount: Int(clusters))
}
