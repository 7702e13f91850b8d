/// RoadGeo's one binary heap: sift-up, pop and replace-top over a raw buffer of `count`
/// elements, ordered by `first(a, b)` ("`a` belongs nearer the root than `b`").
///
/// The R-tree queries keep their queues in ``RTreeQueryScratch``'s buffers (a min-heap of nodes by
/// distance bound, a max-heap of the k best items); ``RoadGraph``'s path search keeps its queue
/// in an array and heaps it in place. The ordering is a closure so each caller's comparison is
/// inlined into its own specialisation: no existentials, no indirect calls.
/// Invariants (checked by `BinaryHeapTests`): for every `i > 0`, `!first(h[i], h[(i - 1) / 2])`.
@usableFromInline
enum BinaryHeap {
    /// Adds `e` to the heap `h[0..<count]` (the buffer must have room at `h[count]`).
    /// - Complexity: O(log count).
    @inlinable @inline(__always)
    static func push<E>(_ h: UnsafeMutablePointer<E>, _ count: inout Int, _ e: E, by first: (E, E) -> Bool) {
        var i = count
        count += 1
        while i > 0 {
            let parent = (i - 1) >> 1
            if !first(e, h[parent]) { break }
            h[i] = h[parent]
            i = parent
        }
        h[i] = e
    }

    /// Removes and returns the root; `count` must be > 0.
    /// - Complexity: O(log count).
    @inlinable @inline(__always)
    static func pop<E>(_ h: UnsafeMutablePointer<E>, _ count: inout Int, by first: (E, E) -> Bool) -> E {
        let top = h[0]
        count -= 1
        if count > 0 { siftDown(h, count, h[count], by: first) }
        return top
    }

    /// Replaces the root by `e` and restores the heap; `count` must be > 0.
    /// - Complexity: O(log count).
    @inlinable @inline(__always)
    static func replaceTop<E>(_ h: UnsafeMutablePointer<E>, _ count: Int, _ e: E, by first: (E, E) -> Bool) {
        siftDown(h, count, e, by: first)
    }

    /// Places `e` at the root of `h[0..<count]` and moves it down to its place.
    @inlinable @inline(__always)
    static func siftDown<E>(_ h: UnsafeMutablePointer<E>, _ count: Int, _ e: E, by first: (E, E) -> Bool) {
        var i = 0
        while true {
            var child = 2 * i + 1
            if child >= count { break }
            if child + 1 < count && first(h[child + 1], h[child]) { child += 1 }
            if !first(h[child], e) { break }
            h[i] = h[child]
            i = child
        }
        h[i] = e
    }
}
