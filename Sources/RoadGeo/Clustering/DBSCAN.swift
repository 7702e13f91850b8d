/// Density-based clustering of report points (DBSCAN) with the radius in metres.
///
/// Finds groups of reports of the same problem: two reports are *neighbours* when their
/// ``LocalRuler/distance(_:_:)`` (metres, scales at the pair's mid-latitude, so the longitude scale
/// is right at 60° as at the equator) is at most ``epsMeters`` and they meet the
/// ``constraints`` (same category, times within a window). Labels follow the deterministic rules
/// documented on ``ClusterLabels`` (core components; border points to the cluster whose lowest
/// core index comes first; ids by first appearance; noise = -1).
///
/// **Algorithm.** Build a ``PackedRTree`` over the points (O(n) Hilbert packing), run one
/// within-distance query per point in the tree's Hilbert order (cache-friendly) and store the
/// neighbours in one flat array (compressed rows), then label the neighbour graph with a
/// breadth-first sweep in input order, with no further queries. No per-point allocation.
/// Reports whose coordinate is not a valid geographic position (NaN, out of range) are nobody's
/// neighbour (they are core only if `minPoints` is 1).
///
/// Ester, Kriegel, Sander, Xu, "A density-based algorithm for discovering clusters in large
/// spatial databases with noise", KDD 1996.
///
/// ```swift
/// let result = DBSCAN(epsMeters: 15, minPoints: 2).cluster(reports)
/// print(result.clusterCount, result.noiseCount)
/// ```
public struct DBSCAN: Hashable, Sendable {
    /// Neighbourhood radius in metres (inclusive).
    public var epsMeters: Double
    /// Neighbours (the point itself included) a point needs to be a core point; at least 1.
    public var minPoints: Int
    /// Conditions besides distance for two points to be neighbours.
    public var constraints: ClusterConstraints

    /// Creates the clustering parameters.
    /// - Parameters:
    ///   - epsMeters: Radius in metres, finite and >= 0.
    ///   - minPoints: Core threshold, >= 1 (the point itself counts).
    ///   - constraints: Category and time conditions (default none).
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let dbscan = DBSCAN(epsMeters: 15, minPoints: 2)
    /// ```
    public init(epsMeters: Double = 15, minPoints: Int = 2, constraints: ClusterConstraints = .none) {
        self.epsMeters = epsMeters
        self.minPoints = minPoints
        self.constraints = constraints
    }

    /// Clusters points.
    ///
    /// - Parameters:
    ///   - points: Report positions (longitude, latitude), EPSG:4326.
    ///   - categories: One category code per point; required when `constraints.sameCategory`.
    ///   - timesSeconds: One time per point in seconds (any common epoch); required when
    ///     `constraints.timeWindowSeconds` is set.
    /// - Returns: Labels by the rules on ``ClusterLabels``.
    /// - Precondition: `epsMeters` finite and >= 0, `minPoints >= 1`, attribute arrays as long as `points`.
    /// - Complexity: O(n log n + pairs within eps) time, O(n + pairs) memory.
    ///
    /// ```swift
    /// let result = DBSCAN(epsMeters: 15, minPoints: 2).cluster(points)
    /// ```
    public func cluster(_ points: [Coordinate], categories: [Int32]? = nil, timesSeconds: [Double]? = nil) -> ClusterLabels {
        let tree = PackedRTree(boxes: DBSCAN.pointBoxes(points))
        return cluster(points, index: tree, categories: categories, timesSeconds: timesSeconds)
    }

    /// Clusters points with an index you already built over them (to reuse it across runs).
    ///
    /// - Parameters:
    ///   - points: Report positions.
    ///   - index: A ``PackedRTree`` built from `points` (one point box per point, same order), e.g.
    ///     with ``pointBoxes(_:)``.
    ///   - categories: Category codes (see ``cluster(_:categories:timesSeconds:)``).
    ///   - timesSeconds: Times in seconds.
    /// - Returns: Labels by the rules on ``ClusterLabels``.
    /// - Complexity: O(n log n + pairs within eps).
    ///
    /// ```swift
    /// let tree = PackedRTree(boxes: DBSCAN.pointBoxes(points))
    /// let tight = DBSCAN(epsMeters: 10).cluster(points, index: tree)
    /// let loose = DBSCAN(epsMeters: 25).cluster(points, index: tree)
    /// ```
    public func cluster(_ points: [Coordinate], index: PackedRTree, categories: [Int32]? = nil,
                        timesSeconds: [Double]? = nil) -> ClusterLabels {
        precondition(index.count == points.count, "DBSCAN: the index must be built over the points")
        let graph = neighbourGraph(points, index: index, categories: categories, timesSeconds: timesSeconds)
        return labelNeighbourGraph(graph, minPoints: minPoints)
    }

    /// Clusters `count` items whose neighbours you supply: DBSCAN over any neighbour relation
    /// (another index, a network distance, a precomputed list). Same labelling rules.
    ///
    /// - Parameters:
    ///   - count: Number of items.
    ///   - neighbours: Called once per item `i` with a `report` function; call `report(j)` for every
    ///     neighbour `j` of `i`. Reports of `i` itself are ignored; the relation must be symmetric.
    /// - Returns: Labels by the rules on ``ClusterLabels``.
    /// - Complexity: O(n + pairs) plus the cost of your neighbour searches.
    ///
    /// ```swift
    /// let labels = DBSCAN(epsMeters: 15, minPoints: 2).cluster(count: points.count) { i, report in
    ///     for j in myGrid.candidates(near: points[i]) where LocalRuler.distance(points[i], points[j]) <= 15 { report(j) }
    /// }
    /// ```
    public func cluster(count: Int, neighbours: (Int, (Int) -> Void) throws -> Void) rethrows -> ClusterLabels {
        precondition(minPoints >= 1, "DBSCAN: minPoints must be at least 1")
        var g = NeighbourGraph(itemCount: count, expectedNeighbours: count * 4)
        for i in 0..<count {
            let begin = g.neighbours.count
            try neighbours(i) { j in
                if j != i && j >= 0 && j < count { g.neighbours.append(Int32(truncatingIfNeeded: j)) }
            }
            g.start[i] = begin
            g.count[i] = Int32(truncatingIfNeeded: g.neighbours.count - begin)
        }
        return labelNeighbourGraph(g, minPoints: minPoints)
    }

    /// One point box per coordinate for a ``PackedRTree`` used by ``cluster(_:index:categories:timesSeconds:)``;
    /// coordinates that are not valid geographic positions get ``BoundingBox/empty`` (never found).
    /// - Parameter points: Positions.
    /// - Returns: Boxes in the same order.
    /// - Complexity: O(n).
    ///
    /// ```swift
    /// let tree = PackedRTree(boxes: DBSCAN.pointBoxes(points))
    /// ```
    public static func pointBoxes(_ points: [Coordinate]) -> [BoundingBox] {
        points.map { $0.isValidGeographic ? BoundingBox($0) : .empty }
    }

    /// The neighbour graph (itself excluded) from one within-query per point, in tree order.
    func neighbourGraph(_ points: [Coordinate], index: PackedRTree, categories: [Int32]?,
                        timesSeconds: [Double]?) -> NeighbourGraph {
        precondition(epsMeters >= 0 && epsMeters.isFinite, "DBSCAN: epsMeters must be finite and >= 0")
        precondition(minPoints >= 1, "DBSCAN: minPoints must be at least 1")
        let n = points.count
        var start = [Int](repeating: 0, count: n)
        var count = [Int32](repeating: 0, count: n)
        var out = [Int32]()
        out.reserveCapacity(n * 4)
        let eps = epsMeters
        withNeighbourFilter(constraints, count: n, categories: categories, times: timesSeconds) { filter in
            points.withUnsafeBufferPointer { pts in
                index.indices.withUnsafeBufferPointer { order in
                    for position in 0..<n {
                        let i = Int(order[position])
                        let p = pts[i]
                        let begin = out.count
                        if p.isValidGeographic {
                            if filter.isActive {
                                index.forEachWithin(distanceMeters: eps, of: p) { j, _ in
                                    if j != i && filter.accepts(i, j) { out.append(Int32(truncatingIfNeeded: j)) }
                                    return true
                                }
                            } else {
                                index.forEachWithin(distanceMeters: eps, of: p) { j, _ in
                                    if j != i { out.append(Int32(truncatingIfNeeded: j)) }
                                    return true
                                }
                            }
                        }
                        start[i] = begin
                        count[i] = Int32(truncatingIfNeeded: out.count - begin)
                    }
                }
            }
        }
        return NeighbourGraph(start: start, count: count, neighbours: out)
    }
}
