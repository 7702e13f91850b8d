/// The queries ``PackedRTree`` and ``DynamicRTree`` answer: window, nearest and within-distance,
/// each as an array and as a streaming form, written once over the tree's node layout (see
/// `RTreeTraversal.swift`, where the traversals themselves live).
///
/// A tree conforms by presenting its nodes as an ``RTreeNodeLayout`` (raw pointers into its
/// arrays, valid only inside `withLayout`). Every query is `@inlinable` and generic over the
/// concrete tree, so each call site is specialised: no existential and no per-item allocation on
/// the query path. Answers are item indices; for a ``DynamicRTree`` they are its item ids.
///
/// The queries are public members of each conforming tree; `@_documentation(visibility: public)`
/// keeps them in each tree's documentation, which would otherwise leave them out with this
/// internal protocol.
@usableFromInline
protocol RTreeQueryable {
    /// The tree's node layout.
    associatedtype Layout: RTreeNodeLayout
    /// Runs `body` over the tree's node layout; `nil` for an empty tree.
    func withLayout<R>(_ body: (Layout) throws -> R) rethrows -> R?
}

extension PackedRTree: RTreeQueryable {}
extension DynamicRTree: RTreeQueryable {}

extension RTreeQueryable {
    /// Indices of the items whose box intersects `box` (touching edges count); a ``DynamicRTree``
    /// answers its item ids.
    ///
    /// - Parameter box: The window, lon/lat degrees. No antimeridian wrapping: to search across
    ///   it, query the two halves.
    /// - Returns: Item indices, each once, in tree order (not sorted).
    /// - Complexity: O(log n + hits) for small windows.
    ///
    /// ```swift
    /// let ids = tree.search(BoundingBox(minX: 74.58, minY: 42.86, maxX: 74.60, maxY: 42.88))
    /// let live = dynamicTree.search(window)   // item ids
    /// ```
    @inlinable @_documentation(visibility: public)
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
    @inlinable @_documentation(visibility: public)
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
    @inlinable @_documentation(visibility: public)
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
    @inlinable @_documentation(visibility: public)
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
    @inlinable @_documentation(visibility: public)
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
    @inlinable @_documentation(visibility: public)
    public func forEachWithin<M: RTreeItemMetric>(distanceMeters: Double, of point: Coordinate, metric: M = PointBoxMetric(),
                                                  where isIncluded: ((Int) -> Bool)? = nil,
                                                  _ visit: (Int, Double) throws -> Bool) rethrows {
        try withItemDistance(metric, at: point, where: isIncluded) { distance in
            try withLayout { try $0.within(distanceMeters, of: point, distance: distance, visit) }
        }
    }
}
