extension PackedRTree {
    /// Indices of the items whose box intersects `box` (touching edges count), in tree order.
    ///
    /// - Parameter box: The window, lon/lat degrees. No antimeridian wrapping: to search across
    ///   it, query the two halves.
    /// - Returns: Item indices, each once, in no particular order.
    /// - Complexity: O(log n + hits) for small windows.
    ///
    /// ```swift
    /// let ids = tree.search(BoundingBox(minX: 74.58, minY: 42.86, maxX: 74.60, maxY: 42.88))
    /// ```
    @inlinable
    public func search(_ box: BoundingBox) -> [Int] {
        var out: [Int] = []
        search(box) { i in out.append(i); return true }
        return out
    }

    /// Calls `visit` with the index of every item whose box intersects `box`, until it returns `false`.
    ///
    /// Allocation-free: the traversal stack lives on the call stack.
    /// - Parameters:
    ///   - box: The window, lon/lat degrees.
    ///   - visit: Receives an item index; return `false` to stop the search.
    /// - Returns: `false` if `visit` stopped the search early, else `true`.
    /// - Complexity: O(log n + hits) for small windows.
    ///
    /// ```swift
    /// var any = false
    /// tree.search(window) { _ in any = true; return false }   // stop at the first hit
    /// ```
    @inlinable
    @discardableResult
    public func search(_ box: BoundingBox, _ visit: (Int) throws -> Bool) rethrows -> Bool {
        let low = SIMD2(box.minX, box.minY), high = SIMD2(box.maxX, box.maxY)
        return try depthFirst({ boxes, k in overlaps(boxes, k, low, high) }) { _, item, _ in try visit(item) }
    }

    /// The depth-first walk behind window search, the window phase of nearest and within-distance:
    /// every entry of a visited node is tested with `admits(boxes, position)` (1 to take it, 0 to
    /// skip it; `boxes` is the raw box array), nodes taken are descended, and `leaf(position,
    /// item, box)` is called for each leaf entry taken, in tree order, until it returns `false`.
    ///
    /// Branch-free: test results only move the stack top, and a leaf's entries are all tested
    /// before the first `leaf` call (gathered in the free stack space). `admits` may read state
    /// that `leaf` changes (a window that shrinks as results come in). Allocation-free.
    /// - Returns: `false` if `leaf` stopped the walk, else `true`.
    @inlinable @inline(__always) @discardableResult
    func depthFirst(_ admits: (UnsafeRawPointer, Int) -> Int,
                    leaf: (Int, Int, BoundingBox) throws -> Bool) rethrows -> Bool {
        guard count > 0 else { return true }
        let levels = levelBounds.count
        let nodeSize = self.nodeSize
        let leafEnd = count
        return try boxes.withUnsafeBufferPointer { b in
            guard let raw = UnsafeRawPointer(b.baseAddress) else { return true }
            return try indices.withUnsafeBufferPointer { ix in
                try levelBounds.withUnsafeBufferPointer { lb in
                    // At most (nodeSize - 1) pending siblings per level, plus a leaf's gathered hits.
                    try withUnsafeTemporaryAllocation(of: Int.self, capacity: levels * nodeSize + nodeSize + 2) { stack in
                        stack[0] = b.count - 1
                        var top = 1
                        while top > 0 {
                            top -= 1
                            let start = Int(ix[stack[top]])
                            if start < leafEnd {
                                let end = Swift.min(start + nodeSize, leafEnd)
                                var hits = top
                                var c = start
                                while c < end {
                                    stack[hits] = c
                                    hits &+= admits(raw, c)
                                    c += 1
                                }
                                var h = top
                                while h < hits {
                                    let c = stack[h]
                                    if try !leaf(c, Int(ix[c]), b[c]) { return false }
                                    h += 1
                                }
                                continue
                            }
                            // The children's level ends at the first level bound above `start`.
                            var l = 1
                            while lb[l] <= start { l += 1 }
                            let end = Swift.min(start + nodeSize, lb[l])
                            var c = start
                            while c < end {
                                stack[top] = c
                                top &+= admits(raw, c)
                                c += 1
                            }
                        }
                        return true
                    }
                }
            }
        }
    }
}

/// 1 if box `k` of a contiguous ``BoundingBox`` array intersects the window `low...high`
/// (touching counts), else 0, without branches: the box's (minX, minY) and (maxX, maxY) halves
/// are each compared with one two-lane instruction, about half the work of four scalar tests.
@inlinable @inline(__always)
func overlaps(_ boxes: UnsafeRawPointer, _ k: Int, _ low: SIMD2<Double>, _ high: SIMD2<Double>) -> Int {
    let offset = k &* MemoryLayout<BoundingBox>.stride
    let boxLow = boxes.loadUnaligned(fromByteOffset: offset, as: SIMD2<Double>.self)
    let boxHigh = boxes.loadUnaligned(fromByteOffset: offset &+ 16, as: SIMD2<Double>.self)
    let inside = (boxLow .<= high) .& (boxHigh .>= low)
    return inside[0] && inside[1] ? 1 : 0
}
