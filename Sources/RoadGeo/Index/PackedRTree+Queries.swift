extension PackedRTree {
    /// Indices of the items whose box intersects `box` (touching edges count).
    ///
    /// - Parameter box: The window, lon/lat degrees. No antimeridian wrapping: to search across
    ///   it, query the two halves.
    /// - Returns: Item indices, each once, in tree order (not sorted).
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

    /// The streaming window query: calls `visit` with the index of every item whose box
    /// intersects `box`, until it returns `false`. Allocation-free.
    ///
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
        try withLayout { try $0.window(box, visit) } ?? true
    }

    /// The `k` items nearest to a point, nearest first, by an item metric.
    ///
    /// Two phases. First a window search over a box holding every point within a radius `r` of
    /// `point` (the reach, or a radius the scratch learns from earlier queries): when it finds `k`
    /// items no farther than `r`, nothing outside can beat them, which settles the common case
    /// of a report next to a road. Otherwise a best-first search (Hjaltason & Samet) queues nodes
    /// by a lower bound of the distance in metres from `point` to their box. Either way the
    /// answer equals a linear scan that sorts by the metric, then by index, as long as the metric
    /// keeps the contract of ``RTreeItemMetric``.
    ///
    /// - Parameters:
    ///   - point: The query point (longitude, latitude).
    ///   - k: How many items at most (default 1).
    ///   - maxDistanceMeters: Only items at most this far (metres) are returned.
    ///   - metric: How items are measured: ``PointBoxMetric`` (default: items are points) or
    ///     ``ItemDistanceMetric`` (your closure).
    ///   - isIncluded: A filter on item indices, or `nil` (default) for every item.
    /// - Returns: Up to `k` `(index, distanceMeters)` pairs, nearest first; equally near items
    ///   by index.
    /// - Complexity: O(log n + k) node visits for well-spread data; allocates the result and a
    ///   query scratch (``forEachNearest(to:k:maxDistanceMeters:metric:where:scratch:_:)`` reuses one).
    ///
    /// ```swift
    /// let three = reportTree.nearest(to: p, k: 3)
    /// let road = segmentTree.nearest(to: p, maxDistanceMeters: 50, metric: .itemDistance { i in
    ///     planeDistance(p, segments[i])   // metres, in the plane at p's latitude
    /// })
    /// ```
    @inlinable
    public func nearest<M: RTreeItemMetric>(to point: Coordinate, k: Int = 1, maxDistanceMeters: Double = .infinity,
                                            metric: M = PointBoxMetric(),
                                            where isIncluded: ((Int) -> Bool)? = nil) -> [(index: Int, distanceMeters: Double)] {
        var scratch = RTreeQueryScratch()
        var out: [(index: Int, distanceMeters: Double)] = []
        forEachNearest(to: point, k: k, maxDistanceMeters: maxDistanceMeters, metric: metric, where: isIncluded,
                       scratch: &scratch) { i, d in out.append((i, d)); return true }
        return out
    }

    /// The streaming nearest query: items nearest first to `visit`, until it returns `false`,
    /// allocation-free once `scratch` has grown.
    ///
    /// With a finite `k` this is ``nearest(to:k:maxDistanceMeters:metric:where:)`` without the
    /// result array (`k: 1` is the snapping case). With `k` left at `.max` it is a lazy
    /// nearest-neighbour iterator: take as many items as you need without choosing k in advance;
    /// nodes and items then share one best-first queue. Either way equally near items come by index.
    ///
    /// - Parameters:
    ///   - point: The query point (longitude, latitude).
    ///   - k: How many items at most; `.max` (default) streams lazily.
    ///   - maxDistanceMeters: Reach in metres.
    ///   - metric: How items are measured (default ``PointBoxMetric``).
    ///   - isIncluded: A filter on item indices, or `nil` for every item.
    ///   - scratch: Query memory reused between calls (one per thread).
    ///   - visit: Receives `(index, distanceMeters)`, nearest first; return `false` to stop.
    /// - Complexity: O(log n + k) node visits for a finite `k`; O(log n) per item streamed.
    ///
    /// ```swift
    /// var scratch = RTreeQueryScratch()
    /// var hit: Int?
    /// tree.forEachNearest(to: p, k: 1, maxDistanceMeters: 50, metric: .itemDistance { d(p, $0) },
    ///                     scratch: &scratch) { i, _ in hit = i; return false }
    /// tree.forEachNearest(to: p, scratch: &scratch) { i, metres in roadOf[i] != wanted }   // first on `wanted`
    /// ```
    @inlinable
    public func forEachNearest<M: RTreeItemMetric>(to point: Coordinate, k: Int = .max, maxDistanceMeters: Double = .infinity,
                                                   metric: M = PointBoxMetric(), where isIncluded: ((Int) -> Bool)? = nil,
                                                   scratch: inout RTreeQueryScratch,
                                                   _ visit: (Int, Double) throws -> Bool) rethrows {
        let storage = scratch.prepare()
        try withItemDistance(metric, at: point, where: isIncluded) { distance in
            try withLayout { try $0.nearest(from: point, k: k, maxDistanceMeters: maxDistanceMeters, storage: storage,
                                            distance: distance, visit) }
        }
    }

    /// Every item within `distanceMeters` of a point, by an item metric.
    ///
    /// - Parameters:
    ///   - distanceMeters: Reach in metres (items at exactly this distance are included).
    ///   - point: The query point (longitude, latitude).
    ///   - metric: How items are measured (default ``PointBoxMetric``).
    ///   - isIncluded: A filter on item indices, or `nil` (default) for every item.
    /// - Returns: `(index, distanceMeters)` pairs in tree order (not sorted).
    /// - Complexity: O(log n + hits) for small reaches.
    ///
    /// ```swift
    /// let neighbours = reportTree.within(distanceMeters: 15, of: reports[7])
    /// let close = tree.within(distanceMeters: 15, of: p, metric: .itemDistance { i in LocalRuler.distance(p, points[i]) })
    /// ```
    @inlinable
    public func within<M: RTreeItemMetric>(distanceMeters: Double, of point: Coordinate, metric: M = PointBoxMetric(),
                                           where isIncluded: ((Int) -> Bool)? = nil) -> [(index: Int, distanceMeters: Double)] {
        var out: [(index: Int, distanceMeters: Double)] = []
        forEachWithin(distanceMeters: distanceMeters, of: point, metric: metric, where: isIncluded) { i, d in
            out.append((i, d)); return true
        }
        return out
    }

    /// The streaming within-distance query: calls `visit` for every item within `distanceMeters`
    /// of a point, in tree order, until it returns `false`; allocation-free (the DBSCAN region query).
    ///
    /// - Parameters:
    ///   - distanceMeters: Reach in metres, inclusive.
    ///   - point: The query point.
    ///   - metric: How items are measured (default ``PointBoxMetric``).
    ///   - isIncluded: A filter on item indices, or `nil` for every item.
    ///   - visit: Receives `(index, distanceMeters)`; return `false` to stop.
    /// - Complexity: O(log n + hits) for small reaches.
    ///
    /// ```swift
    /// var count = 0
    /// tree.forEachWithin(distanceMeters: 15, of: p) { _, _ in count += 1; return true }
    /// ```
    @inlinable
    public func forEachWithin<M: RTreeItemMetric>(distanceMeters: Double, of point: Coordinate, metric: M = PointBoxMetric(),
                                                  where isIncluded: ((Int) -> Bool)? = nil,
                                                  _ visit: (Int, Double) throws -> Bool) rethrows {
        try withItemDistance(metric, at: point, where: isIncluded) { distance in
            try withLayout { try $0.within(distanceMeters, of: point, distance: distance, visit) }
        }
    }

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
                    return try body(PackedLayout(count: count, boxes: bp, indices: ip, levelBounds: lp, nodeSize: nodeSize,
                                                 root: b.count - 1, stackCapacity: lb.count * nodeSize + nodeSize + 2,
                                                 isWithinWorld: all.minX >= -180 && all.maxX <= 180))
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
    @usableFromInline let count: Int
    @usableFromInline let boxes: UnsafePointer<BoundingBox>
    @usableFromInline let indices: UnsafePointer<UInt32>
    @usableFromInline let levelBounds: UnsafePointer<Int>
    @usableFromInline let nodeSize: Int
    @usableFromInline let root: Int
    @usableFromInline let stackCapacity: Int
    @usableFromInline let isWithinWorld: Bool

    @inlinable
    init(count: Int, boxes: UnsafePointer<BoundingBox>, indices: UnsafePointer<UInt32>, levelBounds: UnsafePointer<Int>,
         nodeSize: Int, root: Int, stackCapacity: Int, isWithinWorld: Bool) {
        self.count = count
        self.boxes = boxes
        self.indices = indices
        self.levelBounds = levelBounds
        self.nodeSize = nodeSize
        self.root = root
        self.stackCapacity = stackCapacity
        self.isWithinWorld = isWithinWorld
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
