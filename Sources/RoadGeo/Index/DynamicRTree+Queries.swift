/// ``DynamicRTree``'s queries: the same window, nearest and within-distance code as
/// ``PackedRTree`` (see `RTreeTraversal.swift`), over the dynamic tree's slot arrays; answers
/// are item ids.
extension DynamicRTree {
    /// Ids of the items whose box intersects `box` (touching edges count).
    /// - Parameter box: The window, lon/lat degrees.
    /// - Returns: Item ids, each once, in no particular order.
    /// - Complexity: O(log n + hits) for small windows.
    ///
    /// ```swift
    /// let ids = live.search(BoundingBox(minX: 74.58, minY: 42.86, maxX: 74.60, maxY: 42.88))
    /// ```
    @inlinable
    public func search(_ box: BoundingBox) -> [Int] {
        var out: [Int] = []
        search(box) { out.append($0); return true }
        return out
    }

    /// The streaming window query: calls `visit` with the id of every item whose box intersects
    /// `box`, until it returns `false`. Allocation-free.
    /// - Parameters:
    ///   - box: The window, lon/lat degrees.
    ///   - visit: Receives an item id; return `false` to stop.
    /// - Returns: `false` if `visit` stopped the search early.
    /// - Complexity: O(log n + hits) for small windows.
    ///
    /// ```swift
    /// live.search(window) { id in print(id); return true }
    /// ```
    @inlinable
    @discardableResult
    public func search(_ box: BoundingBox, _ visit: (Int) throws -> Bool) rethrows -> Bool {
        try withLayout { try $0.window(box, visit) } ?? true
    }

    /// The `k` items nearest to a point, nearest first, by an item metric; the contract and the
    /// algorithm of ``PackedRTree/nearest(to:k:maxDistanceMeters:metric:where:)``.
    /// - Parameters:
    ///   - point: The query point (longitude, latitude).
    ///   - k: How many items at most (default 1).
    ///   - maxDistanceMeters: Reach in metres.
    ///   - metric: How items are measured: ``PointBoxMetric`` (default) or ``ItemDistanceMetric``
    ///     (a closure of the item id).
    ///   - isIncluded: A filter on item ids, or `nil` (default) for every item.
    /// - Returns: Up to `k` `(index, distanceMeters)` pairs (index = item id), nearest first;
    ///   equally near items by id.
    /// - Complexity: O(log n + k) node visits for well-spread data; allocates the result and a scratch.
    ///
    /// ```swift
    /// let two = live.nearest(to: p, k: 2)
    /// let near = live.nearest(to: p, k: 3, metric: .itemDistance { id in LocalRuler.distance(p, reports[id]) })
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

    /// The streaming nearest query, as ``PackedRTree/forEachNearest(to:k:maxDistanceMeters:metric:where:scratch:_:)``:
    /// a finite `k` is a k-nearest search without the result array, `.max` a lazy iterator.
    /// - Parameters:
    ///   - point: The query point. - k: How many at most; `.max` (default) streams lazily.
    ///   - maxDistanceMeters: Reach in metres. - metric: How items are measured.
    ///   - isIncluded: A filter on item ids, or `nil`.
    ///   - scratch: Query memory reused between calls (one per thread).
    ///   - visit: Receives `(id, distanceMeters)`, nearest first; return `false` to stop.
    /// - Complexity: O(log n + k) node visits; O(log n) per item streamed.
    ///
    /// ```swift
    /// var scratch = RTreeQueryScratch()
    /// live.forEachNearest(to: p, k: 1, maxDistanceMeters: 50, scratch: &scratch) { id, m in print(id, m); return true }
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
    /// - Parameters:
    ///   - distanceMeters: Reach in metres, inclusive. - point: The query point.
    ///   - metric: How items are measured (default ``PointBoxMetric``).
    ///   - isIncluded: A filter on item ids, or `nil`.
    /// - Returns: `(index, distanceMeters)` pairs (index = item id) in tree order.
    /// - Complexity: O(log n + hits).
    ///
    /// ```swift
    /// let neighbours = live.within(distanceMeters: 15, of: p)
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

    /// The streaming within-distance query: `visit` for every item within `distanceMeters` of a
    /// point until it returns `false`; allocation-free.
    /// - Parameters:
    ///   - distanceMeters: Reach in metres, inclusive. - point: The query point.
    ///   - metric: How items are measured (default ``PointBoxMetric``).
    ///   - isIncluded: A filter on item ids, or `nil`.
    ///   - visit: Receives `(id, distanceMeters)`; return `false` to stop.
    /// - Complexity: O(log n + hits).
    ///
    /// ```swift
    /// var n = 0
    /// live.forEachWithin(distanceMeters: 15, of: p) { _, _ in n += 1; return true }
    /// ```
    @inlinable
    public func forEachWithin<M: RTreeItemMetric>(distanceMeters: Double, of point: Coordinate, metric: M = PointBoxMetric(),
                                                  where isIncluded: ((Int) -> Bool)? = nil,
                                                  _ visit: (Int, Double) throws -> Bool) rethrows {
        try withItemDistance(metric, at: point, where: isIncluded) { distance in
            try withLayout { try $0.within(distanceMeters, of: point, distance: distance, visit) }
        }
    }

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
                        return try body(DynamicLayout(count: count, boxes: bp, refs: rp, counts: cp, levels: lp, slots: slots,
                                                      root: root, stackCapacity: (lp[root] + 2) * slots + 1,
                                                      isWithinWorld: minX >= -180 && maxX <= 180))
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
    @usableFromInline let count: Int
    @usableFromInline let boxes: UnsafePointer<BoundingBox>
    @usableFromInline let refs: UnsafePointer<Int>
    @usableFromInline let counts: UnsafePointer<Int>
    @usableFromInline let levels: UnsafePointer<Int>
    @usableFromInline let slots: Int
    @usableFromInline let root: Int
    @usableFromInline let stackCapacity: Int
    @usableFromInline let isWithinWorld: Bool

    @inlinable
    init(count: Int, boxes: UnsafePointer<BoundingBox>, refs: UnsafePointer<Int>, counts: UnsafePointer<Int>,
         levels: UnsafePointer<Int>, slots: Int, root: Int, stackCapacity: Int, isWithinWorld: Bool) {
        self.count = count
        self.boxes = boxes
        self.refs = refs
        self.counts = counts
        self.levels = levels
        self.slots = slots
        self.root = root
        self.stackCapacity = stackCapacity
        self.isWithinWorld = isWithinWorld
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
