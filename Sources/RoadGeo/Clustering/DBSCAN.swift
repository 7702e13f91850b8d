/// Density-based clustering of report points (DBSCAN) with the radius in metres.
///
/// Finds groups of reports of the same problem: two reports are *neighbours* when their
/// ``LocalRuler/distance(_:_:)`` (metres, scales at the pair's mid-latitude, so the longitude scale
/// is right at 60° as at the equator) is at most ``epsMeters`` and they meet the
/// ``constraints`` (same category, times within a window). Labels follow the deterministic rules
/// documented on ``ClusterLabels`` (core components; border points to the cluster whose lowest
/// core index comes first; ids by first appearance; noise = -1).
///
/// **Algorithm.** Build a ``PackedRTree`` over the points (O(n) Hilbert packing). Its leaves hold
/// 16 Hilbert-consecutive points each; one window search per leaf (the leaf box widened by eps in
/// metres, with the longitude scale of the most poleward latitude involved) gathers the candidates
/// for all 16, and each point keeps those within eps: a degree pre-filter, then bounds on the
/// metres-per-degree scales over the window's latitudes decide almost every pair without a cosine;
/// only pairs within 1e-12 of eps by both bounds get the exact ``LocalRuler/distance(_:_:)``.
/// Leaves whose window is too wide fall back to one exact within-query per point. Neighbours go
/// into one flat array (compressed rows); the graph is then labelled by a breadth-first sweep in
/// input order with no further queries. No per-point allocation.
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
        precondition(count < Int(Int32.max), "DBSCAN: at most 2,147,483,646 items")
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

    /// The neighbour graph (itself excluded), leaf group by leaf group.
    ///
    /// The tree's leaves hold `nodeSize` Hilbert-consecutive points each, usually a few metres to
    /// tens of metres apart. One window search per leaf (its box widened by eps: eps over the
    /// smallest metres per degree of latitude, and over the metres per degree of longitude at the
    /// most poleward latitude a neighbour's mid-latitude can have) gathers a superset of all the
    /// leaf's neighbours; each point then checks those candidates with a degree pre-filter and the
    /// exact ``LocalRuler/distance(_:_:)``. Leaves whose window is too wide (sparse data, a Hilbert
    /// jump, the antimeridian, the poles) fall back to one exact within-query per point. Both paths
    /// find exactly the points within eps, so the graph equals the all-pairs one.
    func neighbourGraph(_ points: [Coordinate], index: PackedRTree, categories: [Int32]?,
                        timesSeconds: [Double]?) -> NeighbourGraph {
        precondition(epsMeters >= 0 && epsMeters.isFinite, "DBSCAN: epsMeters must be finite and >= 0")
        precondition(minPoints >= 1, "DBSCAN: minPoints must be at least 1")
        let n = points.count
        precondition(n < Int(Int32.max), "DBSCAN: at most 2,147,483,646 points")
        var start = [Int](repeating: 0, count: n)
        var count = [Int32](repeating: 0, count: n)
        var out = [Int32]()
        out.reserveCapacity(n * 4)
        let eps = epsMeters
        let nodeSize = index.nodeSize
        let latReach = eps / LocalRuler.minMetersPerDegreeLatitude * (1 + 1e-9) + 1e-12
        var candidates = LeafCandidates(limit: 64 * nodeSize)
        withNeighbourFilter(constraints, count: n, categories: categories, times: timesSeconds) { filter in
            points.withUnsafeBufferPointer { pts in
                index.indices.withUnsafeBufferPointer { order in
                    index.boxes.withUnsafeBufferPointer { boxes in
                        var first = 0
                        var group = 0
                        while first < n {
                            let end = Swift.min(first + nodeSize, n)
                            // The leaf node: level 1 starts right after the items.
                            let window = LeafWindow(leaf: boxes[n + group], epsMeters: eps, latReach: latReach)
                            group += 1
                            let gathered = window.map { candidates.gather(index, $0.box, pts) } ?? false
                            for position in first..<end {
                                let i = Int(order[position])
                                let begin = out.count
                                if gathered, let window {
                                    candidates.appendNeighbours(of: i, pts[i], window: window, epsMeters: eps, filter: filter, to: &out)
                                } else {
                                    appendWithinQuery(of: i, pts[i], index: index, filter: filter, to: &out)
                                }
                                start[i] = begin
                                count[i] = Int32(truncatingIfNeeded: out.count - begin)
                            }
                            first = end
                        }
                    }
                }
            }
        }
        return NeighbourGraph(start: start, count: count, neighbours: out)
    }

    /// The fallback path: one exact within-query for item `i` at `p`, its accepted neighbours
    /// appended to `out`.
    private func appendWithinQuery(of i: Int, _ p: Coordinate, index: PackedRTree, filter: NeighbourFilter,
                                   to out: inout [Int32]) {
        guard p.isValidGeographic else { return }
        index.forEachWithin(distanceMeters: epsMeters, of: p) { j, _ in
            if j != i && (!filter.isActive || filter.accepts(i, j)) { out.append(Int32(truncatingIfNeeded: j)) }
            return true
        }
    }
}

/// A leaf's search window for ``DBSCAN``'s neighbour graph: the leaf box widened by eps (eps over
/// the smallest metres per degree of latitude, and over the metres per degree of longitude at the
/// most poleward latitude a neighbour's mid-latitude can have), with squared metres-per-degree
/// bounds over its latitudes (where every pair's mid-latitude lies) that decide most pairs
/// without a cosine.
private struct LeafWindow {
    var box: BoundingBox
    var latReach: Double
    var lonReach: Double
    var kx2Min: Double, kx2Max: Double, ky2Min: Double, ky2Max: Double

    /// The window of a leaf box, or `nil` to fall back to exact queries (an empty leaf, the poles,
    /// a window reaching past the antimeridian).
    init?(leaf box: BoundingBox, epsMeters eps: Double, latReach: Double) {
        guard box.minX <= box.maxX else { return nil }
        let poleward = Swift.min(90, Swift.max(abs(box.minY), abs(box.maxY)) + latReach)
        let kx = LocalRuler(latitude: poleward).metersPerDegreeLongitude
        guard kx > 1e-6 else { return nil }
        let lonReach = eps / kx * (1 + 1e-9) + 1e-12
        let w = BoundingBox(minX: box.minX - lonReach, minY: box.minY - latReach,
                            maxX: box.maxX + lonReach, maxY: box.maxY + latReach)
        guard w.minX >= -180 && w.maxX <= 180 else { return nil }
        let crossesEquator = w.minY <= 0 && w.maxY >= 0
        let equatorward = crossesEquator ? 0 : Swift.max(0, Swift.min(abs(box.minY), abs(box.maxY)) - latReach)
        let low = LocalRuler(latitude: equatorward), high = LocalRuler(latitude: poleward)
        self.box = w
        self.latReach = latReach
        self.lonReach = lonReach
        kx2Min = kx * kx
        kx2Max = low.metersPerDegreeLongitude * low.metersPerDegreeLongitude
        ky2Min = low.metersPerDegreeLatitude * low.metersPerDegreeLatitude
        ky2Max = high.metersPerDegreeLatitude * high.metersPerDegreeLatitude
    }
}

/// The candidates of one leaf window (a superset of all the leaf's neighbours), kept with their
/// points so the per-point checks read them contiguously; storage is reused leaf after leaf.
private struct LeafCandidates {
    let limit: Int
    var items: [Int32] = []
    var points: [Coordinate] = []

    init(limit: Int) {
        self.limit = limit
        items.reserveCapacity(limit + 1)
        points.reserveCapacity(limit + 1)
    }

    /// Gathers the items in `window`; `false` when there are more than `limit` (a too-wide
    /// window: the leaf falls back to exact queries).
    mutating func gather(_ index: PackedRTree, _ window: BoundingBox, _ pts: UnsafeBufferPointer<Coordinate>) -> Bool {
        items.removeAll(keepingCapacity: true)
        points.removeAll(keepingCapacity: true)
        return index.search(window) { j in
            items.append(Int32(truncatingIfNeeded: j))
            points.append(pts[j])
            return items.count <= limit
        }
    }

    /// Appends the candidates within eps of item `i` at `p` that the filter accepts: a degree
    /// pre-filter, then the squared-scale bounds, and the exact ``LocalRuler/distance(_:_:)`` only
    /// for pairs the bounds cannot decide.
    func appendNeighbours(of i: Int, _ p: Coordinate, window: LeafWindow, epsMeters eps: Double,
                          filter: NeighbourFilter, to out: inout [Int32]) {
        guard p.isValidGeographic else { return }
        // Relative margins far above rounding: only pairs within ~1e-12 of eps by both bounds go
        // to the exact distance.
        let eps2 = eps * eps
        let surelyIn = eps2 * (1 - 1e-12), surelyOut = eps2 * (1 + 1e-12)
        let latReach = window.latReach, lonReach = window.lonReach
        for k in 0..<items.count {
            let q = points[k]
            let dy = q.latitude - p.latitude, dx = q.longitude - p.longitude
            if dy > latReach || dy < -latReach || dx > lonReach || dx < -lonReach { continue }
            let j = Int(items[k])
            if j == i { continue }
            let dx2 = dx * dx, dy2 = dy * dy
            if dx2 * window.kx2Min + dy2 * window.ky2Min > surelyOut { continue }
            if !(dx2 * window.kx2Max + dy2 * window.ky2Max <= surelyIn) && !(LocalRuler.distance(p, q) <= eps) { continue }
            if filter.isActive && !filter.accepts(i, j) { continue }
            out.append(items[k])
        }
    }
}
