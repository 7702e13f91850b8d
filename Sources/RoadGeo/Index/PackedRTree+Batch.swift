extension PackedRTree {
    /// An order in which to answer a batch of point queries so consecutive queries touch the
    /// same tree nodes: the points sorted along a Hilbert curve over their bounding box.
    ///
    /// A packed tree is laid out along the same kind of curve, so queries answered in this
    /// order find most of the nodes they visit still in cache from the previous query, where
    /// queries in random order miss the L2 cache on nearly every node of a large tree. Answers
    /// do not change: each query is still answered on its own; only the order differs.
    /// Points with non-finite coordinates still appear, exactly once, like every other.
    ///
    /// - Parameter points: The query points (longitude, latitude, EPSG:4326).
    /// - Returns: A permutation of `points.indices`: answer `points[order[0]]` first.
    /// - Complexity: O(n): a Hilbert key per point and a radix sort.
    ///
    /// ```swift
    /// let tree = PackedRTree(boxes: boxes)
    /// var scratch = RTreeQueryScratch()
    /// var nearest = [Int](repeating: -1, count: queries.count)
    /// for i in PackedRTree.localityOrder(of: queries) {
    ///     nearest[i] = tree.nearest(to: queries[i], k: 1, scratch: &scratch).first?.index ?? -1
    /// }
    /// ```
    public static func localityOrder(of points: [Coordinate]) -> [Int] {
        let n = points.count
        guard n > 1 else { return Array(0..<n) }
        precondition(n < Int(UInt32.max), "PackedRTree.localityOrder: too many points")
        let keys = points.withUnsafeBufferPointer { src in
            hilbertSortedKeys(count: n) { i in (src[i].longitude, src[i].latitude) }
        }
        return keys.map { Int(truncatingIfNeeded: $0 & 0xFFFF_FFFF) }
    }
}

extension PackedRTree {
    /// Item indices in the tree's packing order: `packedOrder[p]` is the item stored at leaf
    /// position `p`, so neighbours in this array are neighbours on the map.
    ///
    /// Per-item data stored in this order is read cache-locally by a query, which visits a leaf
    /// node's items together (``SegmentRTree`` keeps its end-point bits this way); writing items in
    /// this order to a file gives FlatGeobuf-style spatial locality.
    /// - Complexity: O(n); allocates the array.
    ///
    /// ```swift
    /// let tree = PackedRTree(boxes: boxes, packing: .sortTileRecursive)
    /// let nearbyFirst = tree.packedOrder.map { features[$0] }
    /// ```
    public var packedOrder: [Int] { indices[0..<count].map { Int($0) } }
}
