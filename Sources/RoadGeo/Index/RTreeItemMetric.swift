/// How an R-tree query measures the distance in metres from its point to an item.
///
/// ``PackedRTree`` and ``DynamicRTree`` hold only boxes, so a nearest or within-distance query
/// needs to know what an item is: a point (its box, ``PointBoxMetric``, the default), or
/// something only the caller can measure (``ItemDistanceMetric``, a closure). ``SegmentRTree``
/// measures its segments itself, from the corners of its leaf boxes.
///
/// **Metric contract.** Boxes are lon/lat degrees. The trees prune by a lower bound
/// (``BoxDistanceBound``) that never exceeds any distance measured with ``LocalRuler`` scales
/// taken at a latitude between the query and the item point (query latitude, item latitude or
/// mid-latitude), longitudes wrapped across the antimeridian. A metric must never return less
/// than that metric's distance to some point of the item's box; then every answer equals a
/// linear scan that sorts by the metric, then by index. A point-segment distance in the plane
/// of `LocalRuler(latitude: point.latitude)` and ``LocalRuler/distance(_:_:)`` both qualify.
///
/// ```swift
/// let reports = PackedRTree(boxes: points.map { BoundingBox($0) })
/// reports.nearest(to: p, k: 3)                                   // .pointBoxes
/// let roads = PackedRTree(boxes: segmentBoxes)
/// roads.nearest(to: p, metric: .itemDistance { i in planeDistance(p, segments[i]) })
/// ```
public protocol RTreeItemMetric {
    /// Metres from `point` to item `item`, whose box is `box`, or `nil` to leave the item out.
    ///
    /// Called only for items whose box is within reach, possibly twice for one item in one
    /// query, so it must not have side effects.
    /// - Parameters:
    ///   - point: The query point (longitude, latitude).
    ///   - item: The item's index (``PackedRTree``) or id (``DynamicRTree``).
    ///   - box: The item's box as stored in the tree, lon/lat degrees.
    /// - Returns: The distance in metres (see the metric contract), or `nil`.
    /// - Complexity: Whatever the conformer does; it runs once per candidate item.
    ///
    /// ```swift
    /// PointBoxMetric().distanceMeters(from: p, toItem: 0, box: BoundingBox(p))   // 0
    /// ```
    func distanceMeters(from point: Coordinate, toItem item: Int, box: BoundingBox) -> Double?
}

/// Items are points (or boxes): the distance is ``LocalRuler/distance(_:_:)`` from the query to
/// the nearest point of the item's box, the point itself for a point box. The default metric.
///
/// ```swift
/// let tree = PackedRTree(boxes: reports.map { BoundingBox($0) })
/// let three = tree.nearest(to: reports[0], k: 3, metric: .pointBoxes)   // same as omitting metric
/// ```
public struct PointBoxMetric: RTreeItemMetric, Hashable, Sendable {
    /// The point-box metric (also spelt `.pointBoxes`).
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let metric = PointBoxMetric()
    /// ```
    @inlinable public init() {}

    /// ``LocalRuler/distance(_:_:)`` from `point` to the nearest point of `box`, longitudes
    /// wrapped across the antimeridian; `item` is not read.
    /// - Parameters: point: The query point. item: Unused. box: The item's box.
    /// - Returns: Metres, never `nil`.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// PointBoxMetric().distanceMeters(from: Coordinate(0, 0), toItem: 0, box: BoundingBox(Coordinate(0, 0.001)))   // ≈ 110.6
    /// ```
    @inlinable @inline(__always)
    public func distanceMeters(from point: Coordinate, toItem item: Int, box: BoundingBox) -> Double? {
        boxDistanceMeters(point, box)
    }
}

/// Items are whatever the caller measures: a closure gives the exact metres from the query point
/// (which it captures) to item `i`, or `nil` to leave it out. It must keep the metric contract
/// of ``RTreeItemMetric``.
///
/// ```swift
/// let metric = ItemDistanceMetric { i in planeDistance(p, segments[i]) }
/// let hits = tree.nearest(to: p, k: 2, metric: metric)
/// ```
public struct ItemDistanceMetric: RTreeItemMetric {
    /// Metres from the query point to item `i`, or `nil`.
    public let distance: (Int) -> Double?

    /// A metric measuring with `distance` (also spelt `.itemDistance { ... }`).
    /// - Parameter distance: Exact metres from the query point to item `i`, or `nil` to skip it.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let metric = ItemDistanceMetric { i in LocalRuler.distance(p, points[i]) }
    /// ```
    @inlinable public init(_ distance: @escaping (Int) -> Double?) { self.distance = distance }

    /// `distance(item)`; `point` and `box` are not read.
    /// - Parameters: point: Unused (the closure captures its point). item: The item. box: Unused.
    /// - Returns: The closure's answer.
    /// - Complexity: That of the closure.
    ///
    /// ```swift
    /// ItemDistanceMetric { _ in 5 }.distanceMeters(from: p, toItem: 0, box: .empty)   // 5
    /// ```
    @inlinable @inline(__always)
    public func distanceMeters(from point: Coordinate, toItem item: Int, box: BoundingBox) -> Double? {
        distance(item)
    }
}

extension RTreeItemMetric where Self == PointBoxMetric {
    /// Items are points: ``PointBoxMetric``.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// tree.within(distanceMeters: 15, of: p, metric: .pointBoxes)
    /// ```
    @inlinable public static var pointBoxes: PointBoxMetric { PointBoxMetric() }
}

extension RTreeItemMetric where Self == ItemDistanceMetric {
    /// Items measured by a closure: ``ItemDistanceMetric``.
    /// - Parameter distance: Exact metres from the query point to item `i`, or `nil` to skip it.
    /// - Returns: The metric.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// tree.nearest(to: p, metric: .itemDistance { i in planeDistance(p, segments[i]) })
    /// ```
    @inlinable public static func itemDistance(_ distance: @escaping (Int) -> Double?) -> ItemDistanceMetric {
        ItemDistanceMetric(distance)
    }
}

/// Runs `body` with the traversal's item distance for `metric` at `point`, filtered by
/// `isIncluded`; the unfiltered case gets its own specialisation, free of the filter call.
@inlinable @inline(__always)
func withItemDistance<M: RTreeItemMetric, R>(_ metric: M, at point: Coordinate, where isIncluded: ((Int) -> Bool)?,
                                             _ body: (ItemDistance) throws -> R) rethrows -> R {
    if let isIncluded {
        return try body { i, box, _ in isIncluded(i) ? metric.distanceMeters(from: point, toItem: i, box: box) : nil }
    }
    return try body { i, box, _ in metric.distanceMeters(from: point, toItem: i, box: box) }
}

/// ``LocalRuler/distance(_:_:)`` from `point` to the nearest point of `box` (the point itself for
/// a point box); longitudes wrap across the antimeridian.
@inlinable
func boxDistanceMeters(_ point: Coordinate, _ box: BoundingBox) -> Double {
    let x = Swift.min(Swift.max(point.longitude, box.minX), box.maxX)
    let y = Swift.min(Swift.max(point.latitude, box.minY), box.maxY)
    return LocalRuler.distance(point, Coordinate(x, y))
}
