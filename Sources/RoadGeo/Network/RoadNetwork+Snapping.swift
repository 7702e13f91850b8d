import Foundation

extension RoadNetwork {
    /// Snaps a point to the nearest road within ``SnapOptions/maxDistanceMeters``.
    ///
    /// The segment index (a ``SegmentRTree``) finds the segment at the least exact distance in
    /// the local metric plane at the point's latitude (no raw-degree distances anywhere).
    /// **Ties**: when segments are exactly as far (a vertex that other roads share, a junction),
    /// the lowest road index wins, then the lowest segment. The reported distance is
    /// ``LocalRuler/distance(_:_:)`` to the snapped point, and it, not the search, decides the
    /// maximum-distance cut.
    ///
    /// - Parameters:
    ///   - point: The report (EPSG:4326). An invalid coordinate never matches.
    ///   - options: Reach, road selection, bearing.
    ///   - scratch: Query memory reused between calls (one per thread).
    /// - Returns: The match, or `nil` when no allowed road is within reach.
    /// - Complexity: O(log n) for well-spread networks; no allocation once `scratch` has grown.
    ///
    /// ```swift
    /// var scratch = RTreeQueryScratch()
    /// for p in reports { if let hit = network.snap(p, scratch: &scratch) { use(hit) } }
    /// ```
    public func snap(_ point: Coordinate, options: SnapOptions = SnapOptions(),
                     scratch: inout RTreeQueryScratch) -> RoadSnap? {
        guard point.isValidGeographic, options.maxDistanceMeters >= 0 else { return nil }
        let query = SegmentQuery(self, point, options)
        // The index measures segments from its leaves and, of equally distant ones (a junction,
        // the next segment of the same road), returns the lowest number: segments are numbered
        // road after road, so that is the lowest road, then segment.
        let admits: ((Int) -> Bool)? = query.filters ? { query.admits($0) } : nil
        var hit = -1
        index.forEachNearest(to: point, k: 1, maxDistanceMeters: query.reach, where: admits, scratch: &scratch) { s, _ in
            hit = s; return false
        }
        guard hit >= 0 else { return nil }
        let snapped = query.snap(hit)
        return snapped.distanceMeters <= options.maxDistanceMeters ? snapped : nil
    }

    /// ``snap(_:options:scratch:)`` with its own query memory (allocates a little per call).
    /// - Parameters: point: The report. options: Reach, selection, bearing.
    /// - Returns: The match or `nil`. - Complexity: O(log n).
    ///
    /// ```swift
    /// network.snap(Coordinate(74.6051, 42.8702))?.roadIndex
    /// ```
    public func snap(_ point: Coordinate, options: SnapOptions = SnapOptions()) -> RoadSnap? {
        var scratch = RTreeQueryScratch()
        return snap(point, options: options, scratch: &scratch)
    }

    /// Up to `limit` different roads near a point, nearest first: alternatives to offer the user.
    ///
    /// Each road appears once, at its closest point. Order: distance, then road index, then
    /// segment (the tie rule of ``snap(_:options:scratch:)``); the first is what `snap` returns.
    ///
    /// - Parameters:
    ///   - point: The report.
    ///   - limit: How many roads at most (k).
    ///   - options: Reach, road selection, bearing.
    ///   - scratch: Query memory reused between calls.
    /// - Returns: Up to `limit` matches, nearest first; empty when none is within reach.
    /// - Complexity: O(log n + segments of the k roads within the k-th distance).
    ///
    /// ```swift
    /// let three = network.candidates(near: p, limit: 3)
    /// ```
    public func candidates(near point: Coordinate, limit: Int, options: SnapOptions = SnapOptions(),
                           scratch: inout RTreeQueryScratch) -> [RoadSnap] {
        guard limit > 0, point.isValidGeographic, options.maxDistanceMeters >= 0 else { return [] }
        let query = SegmentQuery(self, point, options)
        var found: [(segment: Int, distance: Double)] = []
        var kth = Double.infinity
        // The segment index streams segments nearest first (measured from its leaves), equally
        // near ones by segment number; each road is kept at its first (closest) segment.
        let admits: ((Int) -> Bool)? = query.filters ? { query.admits($0) } : nil
        index.forEachNearest(to: point, maxDistanceMeters: query.reach, where: admits, scratch: &scratch) { s, d in
            if found.count >= limit && d > kth { return false }
            let owner = owners[s]
            if let j = found.firstIndex(where: { owners[$0.segment].road == owner.road }) {
                if d == found[j].distance && owner.precedes(owners[found[j].segment]) { found[j].segment = s }
                return true
            }
            found.append((s, d))
            if found.count == limit { kth = d }
            return true
        }
        var snaps = found.map { query.snap($0.segment) }.filter { $0.distanceMeters <= options.maxDistanceMeters }
        snaps.sort { ($0.distanceMeters, $0.roadIndex, $0.segmentIndex) < ($1.distanceMeters, $1.roadIndex, $1.segmentIndex) }
        return Array(snaps.prefix(limit))
    }

    /// ``candidates(near:limit:options:scratch:)`` with its own query memory.
    /// - Parameters: point: The report. limit: k. options: Reach, selection, bearing.
    /// - Returns: Up to `limit` matches, nearest first. - Complexity: O(log n + k).
    ///
    /// ```swift
    /// network.candidates(near: report, limit: 3).map(\.roadIndex)
    /// ```
    public func candidates(near point: Coordinate, limit: Int, options: SnapOptions = SnapOptions()) -> [RoadSnap] {
        var scratch = RTreeQueryScratch()
        return candidates(near: point, limit: limit, options: options, scratch: &scratch)
    }
}

extension SegmentOwner {
    /// The tie order: lower road index first, then lower segment.
    func precedes(_ other: SegmentOwner) -> Bool {
        road != other.road ? road < other.road : ordinal < other.ordinal
    }
}

/// One query's view of the segments: the point's plane, the filters, and the exact distance.
struct SegmentQuery {
    let network: RoadNetwork
    let plane: QueryPlane
    let selection: RoadSelection?
    /// Heading as a unit vector in the plane (east, north), or nil for no bearing filter.
    let heading: (x: Double, y: Double)?
    let minimumCosine: Double
    let matchesReverse: Bool
    /// The search reach: a little beyond the maximum distance, since the plane distance used for
    /// the search and the reported mid-latitude distance may differ in the last digits.
    let reach: Double

    init(_ network: RoadNetwork, _ point: Coordinate, _ options: SnapOptions) {
        self.network = network
        plane = QueryPlane(point)
        selection = options.selection
        if let b = options.bearingDegrees, b.isFinite {
            let radians = b * .pi / 180
            heading = (sin(radians), cos(radians))
            let tolerance = Swift.min(180, Swift.max(0, options.bearingToleranceDegrees.isNaN ? 0 : options.bearingToleranceDegrees))
            minimumCosine = cos(tolerance * .pi / 180)
        } else {
            // Unused without a heading: no libm call per snap.
            heading = nil
            minimumCosine = -1
        }
        matchesReverse = options.bearingMatchesReverse
        reach = options.maxDistanceMeters * 1.001 + 0.001
    }

    /// Whether a road selection or a bearing filters segments.
    var filters: Bool { selection != nil || heading != nil }

    /// Whether segment `s` passes the road selection and the bearing filter.
    @inline(__always)
    func admits(_ s: Int) -> Bool {
        if let selection, !selection.contains(Int(network.owners[s].road)) { return false }
        if let heading {
            let seg = network.segments[s]
            let dx = LocalRuler.wrapLongitudeDelta(seg.b.longitude - seg.a.longitude) * plane.kx
            let dy = (seg.b.latitude - seg.a.latitude) * plane.ky
            let length = (dx * dx + dy * dy).squareRoot()
            guard length > 0 else { return false }
            let cosine = (dx * heading.x + dy * heading.y) / length
            guard cosine >= minimumCosine || (matchesReverse && -cosine >= minimumCosine) else { return false }
        }
        return true
    }

    /// Metres from the point to segment `s` in the point's plane, or nil when a filter excludes it.
    @inline(__always)
    func distance(_ s: Int) -> Double? {
        guard admits(s) else { return nil }
        let seg = network.segments[s]
        return plane.closest(seg.a, seg.b).squaredMeters.squareRoot()
    }

    /// The full result for segment `s`.
    func snap(_ s: Int) -> RoadSnap {
        let owner = network.owners[s], seg = network.segments[s]
        let road = Int(owner.road)
        let t = plane.closest(seg.a, seg.b).t
        return RoadSnap(roadIndex: road, location: network.roads[road].line.location(
            of: plane.origin, segment: Int(owner.ordinal), fraction: t, plane: plane))
    }
}
