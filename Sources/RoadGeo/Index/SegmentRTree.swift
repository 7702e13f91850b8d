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
/// ``RoadNetwork``'s snapping, and within the metric contract of
/// ``PackedRTree/nearest(to:k:maxDistanceMeters:itemDistance:)``, so answers equal a linear scan.
/// Segments with a NaN end point are never found; a zero-length segment is measured as a point.
///
/// The index is an immutable value and `Sendable`; any number of threads may query it at once.
///
/// ```swift
/// let index = SegmentRTree(starts: [Coordinate(74.60, 42.87)], ends: [Coordinate(74.61, 42.87)])
/// var scratch = RTreeQueryScratch()
/// let hit = index.nearest(to: Coordinate(74.605, 42.8702), scratch: &scratch)
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

    /// The segment nearest to a point, by exact point-segment distance in metres.
    ///
    /// - Parameters:
    ///   - point: The query point (longitude, latitude).
    ///   - maxDistanceMeters: Only a segment at most this far is returned.
    ///   - scratch: Query memory reused between calls (one per thread).
    ///   - isIncluded: A filter on segment indices, or `nil` (default) for every segment.
    /// - Returns: The segment's index and distance, or `nil` when none is within reach. Of
    ///   segments exactly as far (a shared vertex), the one with the lowest index.
    /// - Complexity: O(log n) node visits for well-spread segments; no allocation once
    ///   `scratch` has grown.
    ///
    /// ```swift
    /// var scratch = RTreeQueryScratch()
    /// if let hit = index.nearest(to: report, maxDistanceMeters: 50, scratch: &scratch) {
    ///     print(hit.index, hit.distanceMeters)
    /// }
    /// ```
    public func nearest(to point: Coordinate, maxDistanceMeters: Double = .infinity,
                        scratch: inout RTreeQueryScratch,
                        where isIncluded: ((Int) -> Bool)? = nil) -> (index: Int, distanceMeters: Double)? {
        let plane = SegmentPlane(point)
        let storage = scratch.prepare()
        let found = kBest(plane, k: 1, maxDistanceMeters: maxDistanceMeters, storage: storage, isIncluded)
        guard found > 0 else { return nil }
        return (storage.best[0].ref, storage.best[0].distance)
    }

    /// The `k` segments nearest to a point, nearest first, by exact point-segment distance in metres.
    ///
    /// - Parameters:
    ///   - point: The query point. - k: How many at most.
    ///   - maxDistanceMeters: Reach in metres.
    ///   - scratch: Query memory reused between calls.
    ///   - isIncluded: A filter on segment indices, or `nil` for every segment.
    /// - Returns: Up to `k` `(index, distanceMeters)` pairs, nearest first.
    /// - Complexity: O(log n + k) node visits; allocates only the result once `scratch` has grown.
    ///
    /// ```swift
    /// let three = index.nearest(to: report, k: 3, scratch: &scratch)
    /// ```
    public func nearest(to point: Coordinate, k: Int, maxDistanceMeters: Double = .infinity,
                        scratch: inout RTreeQueryScratch,
                        where isIncluded: ((Int) -> Bool)? = nil) -> [(index: Int, distanceMeters: Double)] {
        let plane = SegmentPlane(point)
        let storage = scratch.prepare()
        let found = kBest(plane, k: k, maxDistanceMeters: maxDistanceMeters, storage: storage, isIncluded)
        return sortedBest(storage, found)
    }

    /// Calls `visit` for every segment within `distanceMeters` of a point, in tree order, until it
    /// returns `false`; allocation-free.
    ///
    /// - Parameters:
    ///   - distanceMeters: Reach in metres, inclusive.
    ///   - point: The query point.
    ///   - visit: Receives `(index, distanceMeters)`; return `false` to stop.
    /// - Complexity: O(log n + hits) for small reaches.
    ///
    /// ```swift
    /// var near = 0
    /// index.forEachWithin(distanceMeters: 15, of: report) { _, _ in near += 1; return true }
    /// ```
    public func forEachWithin(distanceMeters: Double, of point: Coordinate,
                              _ visit: (Int, Double) throws -> Bool) rethrows {
        let plane = SegmentPlane(point)
        try startCorners.withUnsafeBufferPointer { corners in
            try tree.depthFirstWithin(distanceMeters, of: point, itemDistance: { _, box, p in plane.distance(box, corners[p]) }, visit)
        }
    }

    /// The k-best search measuring segments from the leaves; the unfiltered case gets its own
    /// specialisation, free of the filter call.
    private func kBest(_ plane: SegmentPlane, k: Int, maxDistanceMeters: Double, storage: RTreeScratchStorage,
                       _ isIncluded: ((Int) -> Bool)?) -> Int {
        startCorners.withUnsafeBufferPointer { corners in
            if let isIncluded {
                return tree.kBestWindowFirst(from: plane.plane.origin, k: k, maxDistanceMeters: maxDistanceMeters, storage: storage) { i, box, p in
                    isIncluded(i) ? plane.distance(box, corners[p]) : nil
                }
            }
            return tree.kBestWindowFirst(from: plane.plane.origin, k: k, maxDistanceMeters: maxDistanceMeters, storage: storage) { _, box, p in
                plane.distance(box, corners[p])
            }
        }
    }

    /// Every segment within `distanceMeters` of a point, by exact point-segment distance.
    ///
    /// - Parameters:
    ///   - distanceMeters: Reach in metres, inclusive. - point: The query point.
    /// - Returns: `(index, distanceMeters)` pairs in tree order (not sorted).
    /// - Complexity: O(log n + hits).
    ///
    /// ```swift
    /// let close = index.within(distanceMeters: 15, of: report)
    /// ```
    public func within(distanceMeters: Double, of point: Coordinate) -> [(index: Int, distanceMeters: Double)] {
        var out: [(index: Int, distanceMeters: Double)] = []
        forEachWithin(distanceMeters: distanceMeters, of: point) { i, d in out.append((i, d)); return true }
        return out
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
