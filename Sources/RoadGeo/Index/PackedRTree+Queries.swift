extension PackedRTree {
    /// Runs `body` over the tree's node layout (raw pointers into its arrays, valid only inside
    /// `body`); `nil` for an empty tree.
    @inlinable @inline(__always)
    func withLayout<R>(_ body: (PackedLayout) throws -> R) rethrows -> R? {
        guard count > 0 else { return nil }
        return try boxes.withUnsafeBufferPointer { b in
            try indices.withUnsafeBufferPointer { ix in
                try levelBounds.withUnsafeBufferPointer { lb in
                    guard let bp = b.baseAddress, let ip = ix.baseAddress, let lp = lb.baseAddress else { return nil }
                    let all = b[b.count - 1]
                    let frame = RTreeLayoutFrame(count: count, boxes: bp, root: b.count - 1,
                                                 stackCapacity: lb.count * nodeSize + nodeSize + 2,
                                                 rootMinX: all.minX, rootMaxX: all.maxX)
                    return try body(PackedLayout(frame: frame, indices: ip, levelBounds: lp, nodeSize: nodeSize))
                }
            }
        }
    }
}

/// ``PackedRTree``'s levels as an ``RTreeNodeLayout``: a node is a position of the box array
/// (the root last); its children start at `indices[node]` and run for up to `nodeSize`
/// positions within their level; positions below `count` are the items.
@usableFromInline
struct PackedLayout: RTreeNodeLayout {
    @usableFromInline let frame: RTreeLayoutFrame
    @usableFromInline let indices: UnsafePointer<UInt32>
    @usableFromInline let levelBounds: UnsafePointer<Int>
    @usableFromInline let nodeSize: Int

    @inlinable
    init(frame: RTreeLayoutFrame, indices: UnsafePointer<UInt32>, levelBounds: UnsafePointer<Int>, nodeSize: Int) {
        self.frame = frame
        self.indices = indices
        self.levelBounds = levelBounds
        self.nodeSize = nodeSize
    }

    @inlinable var maxChildren: Int { nodeSize }

    @inlinable @inline(__always)
    func children(of node: Int) -> (start: Int, end: Int, leaf: Bool) {
        let start = Int(indices[node])
        if start < count { return (start, Swift.min(start + nodeSize, count), true) }
        // The children's level ends at the first level bound above `start`.
        var l = 1
        while levelBounds[l] <= start { l += 1 }
        return (start, Swift.min(start + nodeSize, levelBounds[l]), false)
    }

    @inlinable @inline(__always) func node(at position: Int) -> Int { position }
    @inlinable @inline(__always) func item(at position: Int) -> Int { Int(indices[position]) }
}
