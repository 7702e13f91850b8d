/// A packed R-tree over line segments whose nearest and within-distance queries compute exact
/// point-segment distances from the tree's own leaves.
///
/// A segment's bounding box has the segment's two end points as opposite corners, so the tree
/// stores, per leaf, only which corner is the start (one byte). A query then measures each
/// candidate segment from the leaf box it has just read, instead of fetching the end points from
/// the caller's arrays: on a large network that fetch is a cache miss per candidate, and most of
/// the time of a ``PackedRTree`` nearest query with a distance closure.
///
/// Distances are metres in the plane of `LocalRuler(latitude: point.latitude)`, longitude
/// differences wrapped across the antimeridian: the same point-segment distance as
/// ``RoadNetwork``'s snapping, and within the metric contract of ``RTreeItemMetric``, so answers
/// equal a linear scan. The window query is the tree's: ``tree``'s ``PackedRTree/search(_:)``.
/// Segments with a NaN end point are never found; a zero-length segment is measured as a point.
///
/// The index is an immutable value and `Sendable`; any number of threads may query it at once.
///
/// ```swift
/// let index = SegmentRTree(starts: [Coordinate(74.60, 42.87)], ends: [Coordinate(74.61, 42.87)])
/// let hit = index.nearest(to: Coordinate(74.605, 42.8702)).first
/// // hit?.index == 0, hit?.distanceMeters ≈ 22.2
/// ```
///
/// - Complexity: build O(n) like ``PackedRTree``; memory the tree's 38.4 bytes per segment at
///   node size 16, plus 1 byte.
public struct SegmentRTree: Hashable, Sendable {
    /// The packed tree over the segments' boxes (item `i` is segment `i`), for window queries.
    public let tree: PackedRTree
    /// Per leaf position: bit 0 set when the start's longitude is the leaf box's `maxX` (else
    /// `minX`), bit 1 when its latitude is `maxY`; the end is the opposite corner.
    @usableFromInline let startCorners: [UInt8]

    /// Builds the index over segments `starts[i]`→`ends[i]`.
    ///
    /// - Parameters:
    ///   - starts: Each segment's first point (longitude, latitude).
    ///   - ends: Each segment's second point; as many as `starts`.
    ///   - nodeSize: Children per node, 2...65,535.
    ///   - packing: ``PackedRTree/Packing/sortTileRecursive`` (default: the faster nearest
    ///     queries) or ``PackedRTree/Packing/hilbert`` (faster build).
    /// - Precondition: `starts.count == ends.count`, fewer than 2^32 - 1 segments.
    /// - Complexity: O(n) time and memory.
    ///
    /// ```swift
    /// let index = SegmentRTree(starts: segments.map(\.a), ends: segments.map(\.b))
    /// index.count == segments.count
    /// ```
    public init(starts: [Coordinate], ends: [Coordinate], nodeSize: Int = 16,
                packing: PackedRTree.Packing = .sortTileRecursive) {
        precondition(starts.count == ends.count, "SegmentRTree: starts and ends differ in count")
        var boxes = [BoundingBox]()
        boxes.reserveCapacity(starts.count)
        for (a, b) in zip(starts, ends) {
            boxes.append(BoundingBox(minX: Swift.min(a.longitude, b.longitude), minY: Swift.min(a.latitude, b.latitude),
                                     maxX: Swift.max(a.longitude, b.longitude), maxY: Swift.max(a.latitude, b.latitude)))
        }
        self.init(tree: PackedRTree(boxes: boxes, nodeSize: nodeSize, packing: packing)) { i in (starts[i], ends[i]) }
    }

    /// Wraps a tree already built over exactly these segments' boxes (item `i` is segment `i`,
    /// its box `BoundingBox(start, end)`), such as a loaded network snapshot's.
    init(tree: PackedRTree, segment: (Int) -> (start: Coordinate, end: Coordinate)) {
        self.tree = tree
        startCorners = [UInt8](unsafeUninitializedCapacity: tree.count) { corners, initialized in
            tree.indices.withUnsafeBufferPointer { ix in
                for p in 0..<tree.count {
                    let (a, b) = segment(Int(ix[p]))
                    corners[p] = (a.longitude > b.longitude ? 1 : 0) | (a.latitude > b.latitude ? 2 : 0)
                }
            }
            initialized = tree.count
        }
    }

    /// Number of segments (`SegmentRTree(starts: s, ends: e).count == s.count`).
    public var count: Int { tree.count }

    /// Bytes held by the index: the tree's arrays plus one byte per segment.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// print(Double(index.memoryBytes) / Double(index.count), "bytes per segment")
    /// ```
    public var memoryBytes: Int { tree.memoryBytes + startCorners.count }

    /// The `k` segments nearest to a point, nearest first, by exact point-segment distance in metres.
    ///
    /// - Parameters:
    ///   - point: The query point (longitude, latitude).
    ///   - k: How many at most (default 1).
    ///   - maxDistanceMeters: Reach in metres.
    ///   - isIncluded: A filter on segment indices, or `nil` (default) for every segment.
    /// - Returns: Up to `k` `(index, distanceMeters)` pairs, nearest first. Of segments exactly
    ///   as far (a shared vertex), the lowest index first.
    /// - Complexity: O(log n + k) node visits; allocates the result and a query scratch
    ///   (``forEachNearest(to:k:maxDistanceMeters:where:scratch:_:)`` reuses one).
    ///
    /// ```swift
    /// let three = index.nearest(to: report, k: 3)
    /// let nearestOdd = index.nearest(to: report, maxDistanceMeters: 50, where: { $0 % 2 == 1 }).first
    /// ```
    public func nearest(to point: Coordinate, k: Int = 1, maxDistanceMeters: Double = .infinity,
                        where isIncluded: ((Int) -> Bool)? = nil) -> [(index: Int, distanceMeters: Double)] {
        var scratch = RTreeQueryScratch()
        var out: [(index: Int, distanceMeters: Double)] = []
        forEachNearest(to: point, k: k, maxDistanceMeters: maxDistanceMeters, where: isIncluded, scratch: &scratch) { i, d in
            out.append((i, d)); return true
        }
        return out
    }

    /// The streaming nearest query: segments nearest first to `visit`, until it returns `false`;
    /// no allocation once `scratch` has grown.
    ///
    /// With a finite `k` it is ``nearest(to:k:maxDistanceMeters:where:)`` without the result
    /// array (`k: 1` is snapping); with `k` at `.max` a lazy nearest-neighbour iterator (the
    /// road candidates of ``RoadNetwork/candidates(near:limit:options:scratch:)``). Either way
    /// equally near segments come lowest index first.
    ///
    /// - Parameters:
    ///   - point: The query point (longitude, latitude).
    ///   - k: How many at most; `.max` (default) streams lazily.
    ///   - maxDistanceMeters: Reach in metres.
    ///   - isIncluded: A filter on segment indices, or `nil` for every segment.
    ///   - scratch: Query memory reused between calls (one per thread).
    ///   - visit: Receives `(index, distanceMeters)`, nearest first; return `false` to stop.
    /// - Complexity: O(log n + k) node visits for well-spread segments; O(log n) per segment streamed.
    ///
    /// ```swift
    /// var scratch = RTreeQueryScratch()
    /// var hit: (index: Int, distanceMeters: Double)?
    /// index.forEachNearest(to: report, k: 1, maxDistanceMeters: 50, scratch: &scratch) { i, d in
    ///     hit = (i, d); return false
    /// }
    /// ```
    public func forEachNearest(to point: Coordinate, k: Int = .max, maxDistanceMeters: Double = .infinity,
                               where isIncluded: ((Int) -> Bool)? = nil, scratch: inout RTreeQueryScratch,
                               _ visit: (Int, Double) throws -> Bool) rethrows {
        let storage = scratch.prepare()
        try withSegmentDistance(point, where: isIncluded) { layout, distance in
            try layout.nearest(from: point, k: k, maxDistanceMeters: maxDistanceMeters, storage: storage, distance: distance, visit)
        }
    }

    /// Every segment within `distanceMeters` of a point, by exact point-segment distance.
    ///
    /// - Parameters:
    ///   - distanceMeters: Reach in metres, inclusive.
    ///   - point: The query point.
    ///   - isIncluded: A filter on segment indices, or `nil` (default) for every segment.
    /// - Returns: `(index, distanceMeters)` pairs in tree order (not sorted).
    /// - Complexity: O(log n + hits).
    ///
    /// ```swift
    /// let close = index.within(distanceMeters: 15, of: report)
    /// ```
    public func within(distanceMeters: Double, of point: Coordinate,
                       where isIncluded: ((Int) -> Bool)? = nil) -> [(index: Int, distanceMeters: Double)] {
        var out: [(index: Int, distanceMeters: Double)] = []
        forEachWithin(distanceMeters: distanceMeters, of: point, where: isIncluded) { i, d in out.append((i, d)); return true }
        return out
    }

    /// The streaming within-distance query: `visit` for every segment within `distanceMeters` of
    /// a point, in tree order, until it returns `false`; allocation-free.
    ///
    /// - Parameters:
    ///   - distanceMeters: Reach in metres, inclusive.
    ///   - point: The query point.
    ///   - isIncluded: A filter on segment indices, or `nil` for every segment.
    ///   - visit: Receives `(index, distanceMeters)`; return `false` to stop.
    /// - Complexity: O(log n + hits) for small reaches.
    ///
    /// ```swift
    /// var near = 0
    /// index.forEachWithin(distanceMeters: 15, of: report) { _, _ in near += 1; return true }
    /// ```
    public func forEachWithin(distanceMeters: Double, of point: Coordinate, where isIncluded: ((Int) -> Bool)? = nil,
                              _ visit: (Int, Double) throws -> Bool) rethrows {
        try withSegmentDistance(point, where: isIncluded) { layout, distance in
            try layout.within(distanceMeters, of: point, distance: distance, visit)
        }
    }

    /// Runs `body` with the tree's layout and the leaf-corner segment metric at `point`, filtered
    /// by `isIncluded`; the unfiltered case gets its own specialisation, free of the filter call.
    /// An empty index never calls `body`.
    @inline(__always)
    private func withSegmentDistance(_ point: Coordinate, where isIncluded: ((Int) -> Bool)?,
                                     _ body: (PackedLayout, ItemDistance) throws -> Void) rethrows {
        let plane = SegmentPlane(point)
        try startCorners.withUnsafeBufferPointer { corners in
            try tree.withLayout { layout in
                if let isIncluded {
                    return try body(layout) { i, box, p in isIncluded(i) ? plane.distance(box, corners[p]) : nil }
                }
                return try body(layout) { _, box, p in plane.distance(box, corners[p]) }
            }
        }
    }
}

/// The plane of a query point for segment distances: ``QueryPlane/closest(_:_:)``'s arithmetic
/// on end points read back from a leaf box and its start-corner bits.
struct SegmentPlane {
    let plane: QueryPlane

    @inline(__always)
    init(_ point: Coordinate) { plane = QueryPlane(point) }

    /// Metres from the query point to the segment stored as `box` with start corner `corner`.
    @inline(__always)
    func distance(_ box: BoundingBox, _ corner: UInt8) -> Double {
        let eastward = corner & 1 == 0, northward = corner & 2 == 0
        let a = Coordinate(eastward ? box.minX : box.maxX, northward ? box.minY : box.maxY)
        let b = Coordinate(eastward ? box.maxX : box.minX, northward ? box.maxY : box.minY)
        return plane.closest(a, b).squaredMeters.squareRoot()
    }
}
