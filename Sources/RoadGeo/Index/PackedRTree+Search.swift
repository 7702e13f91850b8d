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
        guard count > 0 else { return true }
        let qMinX = box.minX, qMinY = box.minY, qMaxX = box.maxX, qMaxY = box.maxY
        let levels = levelBounds.count
        let nodeSize = self.nodeSize
        let leafEnd = count
        let low = SIMD2(qMinX, qMinY), high = SIMD2(qMaxX, qMaxY)
        return try boxes.withUnsafeBufferPointer { b in
            guard let raw = UnsafeRawPointer(b.baseAddress) else { return true }
            return try indices.withUnsafeBufferPointer { ix in
                try levelBounds.withUnsafeBufferPointer { lb in
                    // Depth-first: at most (nodeSize - 1) pending siblings per level plus one.
                    try withUnsafeTemporaryAllocation(of: Int.self, capacity: levels * nodeSize + nodeSize + 2) { stack in
                        var top = 0
                        stack[0] = b.count - 1
                        top = 1
                        while top > 0 {
                            top -= 1
                            let node = stack[top]
                            let start = Int(ix[node])
                            // The children's level ends at the first level bound above `start`.
                            var end: Int
                            if start < leafEnd {
                                end = Swift.min(start + nodeSize, leafEnd)
                                // Branch-free test: hits are collected in the free stack
                                // space above `top`, then visited.
                                var hits = top
                                var k = start
                                while k < end {
                                    stack[hits] = k
                                    hits &+= overlaps(raw, k, low, high)
                                    k += 1
                                }
                                var h = top
                                while h < hits {
                                    if try !visit(Int(ix[stack[h]])) { return false }
                                    h += 1
                                }
                                continue
                            }
                            var l = 1
                            while lb[l] <= start { l += 1 }
                            end = Swift.min(start + nodeSize, lb[l])
                            var k = start
                            while k < end {
                                stack[top] = k
                                top &+= overlaps(raw, k, low, high)
                                k += 1
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
