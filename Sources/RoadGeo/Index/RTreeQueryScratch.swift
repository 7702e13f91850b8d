/// Reusable working memory for nearest-neighbour queries on ``PackedRTree``, ``DynamicRTree`` and ``SegmentRTree``.
///
/// A best-first search keeps a priority queue of pending nodes and a list of the best items so far.
/// Passing the same scratch to many queries keeps that storage, so a query allocates nothing once
/// the scratch has grown to its working size. It also learns the radius of the window search a
/// nearest query tries first (see ``PackedRTree/nearest(to:k:maxDistanceMeters:metric:where:)``):
/// that changes only the speed of later queries, never their answers. Use one scratch per thread: it is a value with
/// copy-on-write storage, so a copy handed to another thread gets its own storage on first use.
///
/// ```swift
/// var scratch = RTreeQueryScratch()
/// for p in reports {
///     index.forEachNearest(to: p, k: 1, scratch: &scratch) { i, metres in use(i, metres); return false }
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
    /// learnt from this scratch's earlier queries (see `RTreeNodeLayout.kBest`).
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

extension RTreeQueueEntry {
    /// The node queue's order (a min-heap): the smallest distance bound first.
    @inlinable @inline(__always)
    static func nearerBound(_ a: RTreeQueueEntry, _ b: RTreeQueueEntry) -> Bool { a.distance < b.distance }

    /// The k-best heap's order (a max-heap): the last in answer order (farthest, then highest
    /// `ref`) on top, so it is the one a better item replaces.
    @inlinable @inline(__always)
    static func lastInAnswer(_ a: RTreeQueueEntry, _ b: RTreeQueueEntry) -> Bool { b.precedes(a) }

    /// The nearest-neighbour stream's order over nodes (`ref >= 0`) and items (`ref < 0`):
    /// nearer first; at equal distance nodes first (so every item as near is queued before one
    /// is emitted), then items by index.
    @inlinable @inline(__always)
    static func streamOrder(_ a: RTreeQueueEntry, _ b: RTreeQueueEntry) -> Bool {
        if a.distance != b.distance { return a.distance < b.distance }
        if (a.ref >= 0) != (b.ref >= 0) { return a.ref >= 0 }
        return a.ref > b.ref   // items: ref = -1 - index, so the lower index has the higher ref
    }
}

/// Offers `e` to the k best items held in the max-heap `h[0..<count]`: pushed while there are
/// fewer than `k`, else it replaces the last in answer order if it comes before it.
/// - Returns: Whether the heap holds `k` items, so that `h[0]` is the k-th best.
@inlinable @inline(__always)
func offerBest(_ h: UnsafeMutablePointer<RTreeQueueEntry>, _ count: inout Int, k: Int, _ e: RTreeQueueEntry) -> Bool {
    if count < k {
        BinaryHeap.push(h, &count, e, by: RTreeQueueEntry.lastInAnswer)
    } else if e.precedes(h[0]) {
        BinaryHeap.replaceTop(h, count, e, by: RTreeQueueEntry.lastInAnswer)
    }
    return count == k
}
