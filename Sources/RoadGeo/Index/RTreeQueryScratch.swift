/// Reusable working memory for nearest-neighbour queries on ``PackedRTree`` and ``DynamicRTree``.
///
/// A best-first search keeps a priority queue of pending nodes and a list of the best items so far.
/// Passing the same scratch to many queries keeps that storage, so a query allocates nothing once
/// the scratch has grown to its working size. It also learns the radius of the window search a
/// nearest query tries first (see ``PackedRTree/nearest(to:k:maxDistanceMeters:itemDistance:)``):
/// that changes only the speed of later queries, never their answers. Use one scratch per thread: it is a value with
/// copy-on-write storage, so a copy handed to another thread gets its own storage on first use.
///
/// ```swift
/// var scratch = RTreeQueryScratch()
/// for p in reports {
///     let hit = tree.nearestItem(to: p, scratch: &scratch) { i in segmentDistance(p, i) }
/// }
/// ```
public struct RTreeQueryScratch: @unchecked Sendable {  // storage is unshared before every use (see `prepare`)
    @usableFromInline var storage: RTreeScratchStorage

    /// Creates empty scratch memory.
    /// - Complexity: O(1); storage grows with the first queries.
    ///
    /// ```swift
    /// var scratch = RTreeQueryScratch()   // keep one per thread
    /// ```
    public init() { storage = RTreeScratchStorage() }

    /// The storage, made unique to this value first (copy-on-write), ready for one query.
    @inlinable
    mutating func prepare() -> RTreeScratchStorage {
        if !isKnownUniquelyReferenced(&storage) { storage = RTreeScratchStorage() }
        return storage
    }
}

/// Raw growable buffers behind ``RTreeQueryScratch``: a min-heap of queue entries and a max-heap
/// of the k best items. All pointer code of the query scratch lives here.
@usableFromInline
final class RTreeScratchStorage {
    /// Min-heap by distance of pending nodes (and, when streaming, items).
    @usableFromInline @exclusivity(unchecked) var queue: UnsafeMutablePointer<RTreeQueueEntry>
    @usableFromInline @exclusivity(unchecked) var queueCapacity: Int
    /// Max-heap by distance of the best items found so far (bounded k searches).
    @usableFromInline @exclusivity(unchecked) var best: UnsafeMutablePointer<RTreeQueueEntry>
    @usableFromInline @exclusivity(unchecked) var bestCapacity: Int
    /// The radius in metres of the first, window-search phase of unbounded nearest queries,
    /// learnt from this scratch's earlier queries (see `PackedRTree.kBestWindowFirst`).
    @usableFromInline @exclusivity(unchecked) var windowRadiusMeters = 50.0

    @usableFromInline
    init() {
        queueCapacity = 256
        queue = .allocate(capacity: queueCapacity)
        bestCapacity = 16
        best = .allocate(capacity: bestCapacity)
    }

    deinit {
        queue.deallocate()
        best.deallocate()
    }

    /// Makes room for at least `needed` queue entries, keeping the first `count`.
    @usableFromInline
    func growQueue(to needed: Int, keeping count: Int) {
        RTreeScratchStorage.grow(&queue, capacity: &queueCapacity, to: needed, keeping: count)
    }

    /// Makes room for at least `needed` best entries, keeping the first `count`.
    @usableFromInline
    func growBest(to needed: Int, keeping count: Int) {
        RTreeScratchStorage.grow(&best, capacity: &bestCapacity, to: needed, keeping: count)
    }

    /// Doubles `capacity` until it holds `needed`, moving the first `count` entries to the new buffer.
    private static func grow(_ buffer: inout UnsafeMutablePointer<RTreeQueueEntry>, capacity: inout Int,
                             to needed: Int, keeping count: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let bigger = UnsafeMutablePointer<RTreeQueueEntry>.allocate(capacity: newCapacity)
        bigger.moveInitialize(from: buffer, count: count)
        buffer.deallocate()
        buffer = bigger
        capacity = newCapacity
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

    /// Whether this entry comes first in the answer order: nearer, or as near with a lower
    /// `ref` (so equally distant items resolve the same way on every search path).
    @inlinable @inline(__always)
    func precedes(_ other: RTreeQueueEntry) -> Bool {
        distance < other.distance || (distance == other.distance && ref < other.ref)
    }
}

/// Binary min-heap operations over a raw buffer of `count` entries.
@usableFromInline
enum MinHeap {
    @inlinable @inline(__always)
    static func push(_ h: UnsafeMutablePointer<RTreeQueueEntry>, _ count: inout Int, _ e: RTreeQueueEntry) {
        var i = count
        count += 1
        while i > 0 {
            let parent = (i - 1) >> 1
            if h[parent].distance <= e.distance { break }
            h[i] = h[parent]
            i = parent
        }
        h[i] = e
    }

    /// Removes the smallest entry; `count` must be > 0.
    @inlinable @inline(__always)
    static func pop(_ h: UnsafeMutablePointer<RTreeQueueEntry>, _ count: inout Int) -> RTreeQueueEntry {
        let top = h[0]
        count -= 1
        let n = count
        if n > 0 {
            let last = h[n]
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
        return top
    }
}

/// Binary max-heap operations (the k best items, the last in answer order on top: farthest,
/// then highest `ref`).
@usableFromInline
enum MaxHeap {
    @inlinable @inline(__always)
    static func push(_ h: UnsafeMutablePointer<RTreeQueueEntry>, _ count: inout Int, _ e: RTreeQueueEntry) {
        var i = count
        count += 1
        while i > 0 {
            let parent = (i - 1) >> 1
            if !h[parent].precedes(e) { break }
            h[i] = h[parent]
            i = parent
        }
        h[i] = e
    }

    /// Offers `e` to the k best items held in `h[0..<count]`: pushed while there are fewer than
    /// `k`, else it replaces the last in answer order if it comes before it.
    /// - Returns: Whether the heap holds `k` items, so that `h[0]` is the k-th best.
    @inlinable @inline(__always)
    static func offer(_ h: UnsafeMutablePointer<RTreeQueueEntry>, _ count: inout Int, k: Int, _ e: RTreeQueueEntry) -> Bool {
        if count < k {
            push(h, &count, e)
        } else if e.precedes(h[0]) {
            replaceTop(h, count, e)
        }
        return count == k
    }

    /// Replaces the largest entry by `e` and restores the heap; `count` must be > 0.
    @inlinable @inline(__always)
    static func replaceTop(_ h: UnsafeMutablePointer<RTreeQueueEntry>, _ count: Int, _ e: RTreeQueueEntry) {
        var i = 0
        while true {
            var child = 2 * i + 1
            if child >= count { break }
            if child + 1 < count && h[child].precedes(h[child + 1]) { child += 1 }
            if !e.precedes(h[child]) { break }
            h[i] = h[child]
            i = child
        }
        h[i] = e
    }
}
