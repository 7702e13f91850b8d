/// ``DynamicRTree``'s node layout: its slot arrays as an ``RTreeNodeLayout``, over which the
/// queries of `RTreeQueries.swift` (shared with ``PackedRTree``) run; answers are item ids.
extension DynamicRTree {
    /// Runs `body` over the tree's node layout (raw pointers into its slot arrays, valid only
    /// inside `body`); `nil` for an empty tree.
    @inlinable @inline(__always)
    func withLayout<R>(_ body: (DynamicLayout) throws -> R) rethrows -> R? {
        guard count > 0 else { return nil }
        let slots = self.slots, root = self.root
        return try slotBoxes.withUnsafeBufferPointer { b in
            try slotRefs.withUnsafeBufferPointer { r in
                try counts.withUnsafeBufferPointer { cnt in
                    try levels.withUnsafeBufferPointer { lv in
                        guard let bp = b.baseAddress, let rp = r.baseAddress, let cp = cnt.baseAddress,
                              let lp = lv.baseAddress else { return nil }
                        var minX = Double.infinity, maxX = -Double.infinity
                        for s in (root * slots)..<(root * slots + cp[root]) {
                            minX = Swift.min(minX, bp[s].minX)
                            maxX = Swift.max(maxX, bp[s].maxX)
                        }
                        let frame = RTreeLayoutFrame(count: count, boxes: bp, root: root, stackCapacity: (lp[root] + 2) * slots + 1,
                                                     rootMinX: minX, rootMaxX: maxX)
                        return try body(DynamicLayout(frame: frame, refs: rp, counts: cp, levels: lp, slots: slots))
                    }
                }
            }
        }
    }
}

/// ``DynamicRTree``'s slot arrays as an ``RTreeNodeLayout``: node `n` owns slots
/// `n * slots ..< n * slots + counts[n]`; a slot's ref is a child node id or, in a leaf
/// (`levels[n] == 0`), an item id.
@usableFromInline
struct DynamicLayout: RTreeNodeLayout {
    @usableFromInline let frame: RTreeLayoutFrame
    @usableFromInline let refs: UnsafePointer<Int>
    @usableFromInline let counts: UnsafePointer<Int>
    @usableFromInline let levels: UnsafePointer<Int>
    @usableFromInline let slots: Int

    @inlinable
    init(frame: RTreeLayoutFrame, refs: UnsafePointer<Int>, counts: UnsafePointer<Int>, levels: UnsafePointer<Int>, slots: Int) {
        self.frame = frame
        self.refs = refs
        self.counts = counts
        self.levels = levels
        self.slots = slots
    }

    @inlinable var maxChildren: Int { slots }

    @inlinable @inline(__always)
    func children(of node: Int) -> (start: Int, end: Int, leaf: Bool) {
        let base = node * slots
        return (base, base + counts[node], levels[node] == 0)
    }

    @inlinable @inline(__always) func node(at position: Int) -> Int { refs[position] }
    @inlinable @inline(__always) func item(at position: Int) -> Int { refs[position] }
}
