/// Reusable working memory for nearest-neighbour queries on ``PackedRTree`` and ``DynamicRTree``.
///
/// A best-first search keeps a priority queue of pending nodes and candidate items. Passing the
/// same scratch to many queries (one per thread; it is a value, not shared) keeps that queue's
/// storage, so a query allocates nothing once the scratch has grown to its working size.
///
/// ```swift
/// var scratch = RTreeQueryScratch()
/// for p in reports {
///     let hit = tree.nearestItem(to: p, scratch: &scratch) { i in segmentDistance(p, i) }
/// }
/// ```
public struct RTreeQueryScratch: Sendable {
    /// Min-heap of pending entries ordered by distance (metres).
    @usableFromInline var queue: [RTreeQueueEntry] = []
    /// Max-heap of the k smallest exact item distances queued so far (the pruning threshold).
    @usableFromInline var best: [Double] = []

    /// Creates empty scratch memory.
    /// - Complexity: O(1); storage grows with the first queries.
    public init() {}

    @inlinable
    mutating func reset() {
        queue.removeAll(keepingCapacity: true)
        best.removeAll(keepingCapacity: true)
    }

    /// Adds an entry to the queue.
    @inlinable
    mutating func push(_ distance: Double, _ ref: Int) {
        queue.append(RTreeQueueEntry(distance: distance, ref: ref))
        queue.withUnsafeMutableBufferPointer { h in
            var i = h.count - 1
            let e = h[i]
            while i > 0 {
                let parent = (i - 1) >> 1
                if h[parent].distance <= e.distance { break }
                h[i] = h[parent]
                i = parent
            }
            h[i] = e
        }
    }

    /// Removes and returns the entry with the smallest distance; the queue must not be empty.
    @inlinable
    mutating func pop() -> RTreeQueueEntry {
        let top = queue[0]
        let last = queue.removeLast()
        if !queue.isEmpty {
            queue.withUnsafeMutableBufferPointer { h in
                let n = h.count
                var i = 0
                while true {
                    var child = 2 * i + 1
                    if child >= n { break }
                    if child + 1 < n && h[child + 1].distance < h[child].distance { child += 1 }
                    if h[child].distance >= last.distance { break }
                    h[i] = h[child]
                    i = child
                }
                h[i] = last
            }
        }
        return top
    }

    /// Records an exact item distance among the k best; returns the new pruning threshold
    /// (the k-th smallest so far once k are known, else `limit`).
    @inlinable
    mutating func offerBest(_ d: Double, k: Int, limit: Double) -> Double {
        if best.count < k {
            best.append(d)
            best.withUnsafeMutableBufferPointer { h in
                var i = h.count - 1
                while i > 0 {
                    let parent = (i - 1) >> 1
                    if h[parent] >= h[i] { break }
                    h.swapAt(parent, i)
                    i = parent
                }
            }
            return best.count == k ? Swift.min(limit, best[0]) : limit
        }
        if d < best[0] {
            best.withUnsafeMutableBufferPointer { h in
                h[0] = d
                let n = h.count
                var i = 0
                while true {
                    var child = 2 * i + 1
                    if child >= n { break }
                    if child + 1 < n && h[child + 1] > h[child] { child += 1 }
                    if h[child] <= h[i] { break }
                    h.swapAt(child, i)
                    i = child
                }
            }
        }
        return Swift.min(limit, best[0])
    }
}

/// One pending entry of a best-first search: a node (`ref >= 0`, tree-specific) or an item
/// (`ref < 0`, item index `-1 - ref`) with its distance in metres (a lower bound for nodes, the
/// exact distance for items).
@usableFromInline
struct RTreeQueueEntry: Sendable {
    @usableFromInline var distance: Double
    @usableFromInline var ref: Int
    @inlinable init(distance: Double, ref: Int) { self.distance = distance; self.ref = ref }
}
