extension PackedRTree {
    /// The k-nearest search behind every `nearest` of ``PackedRTree`` and ``SegmentRTree``: first a
    /// window search over a box that holds every point within `r` metres, then, only if that
    /// cannot settle the answer, the best-first search ``kBest(from:k:maxDistanceMeters:storage:itemDistance:)``.
    ///
    /// Most queries of a map server ask for the road next to a point a few metres away from it.
    /// A window search tests boxes with four comparisons where best-first computes a metric bound
    /// per box, so it settles those queries with a fraction of the work. `r` is the reach when it
    /// is small enough, else a radius learnt per scratch (it grows after a query the window could
    /// not settle and shrinks slowly otherwise, so about 5% of queries fall back).
    ///
    /// **Exactness.** Any item whose box misses the window is farther than `r` from the query in
    /// the metric of the contract (see ``BoxDistanceBound``): the window's half-height is `r` over
    /// the smallest metres per degree of latitude anywhere, its half-width `r` over the smallest
    /// metres per degree of longitude in its latitude band, and it keeps clear of the antimeridian
    /// by more than its half-width. So when the window holds `k` items and the k-th is at most `r`
    /// away (or `r` covers the whole reach), no item outside it can enter the answer.
    @inlinable @inline(__always)
    func kBestWindowFirst(from point: Coordinate, k: Int, maxDistanceMeters: Double, storage: RTreeScratchStorage,
                          itemDistance: (Int, BoundingBox, Int) throws -> Double?) rethrows -> Int {
        guard count > 0, k > 0, maxDistanceMeters >= 0 else { return 0 }
        let all = bounds
        let hint = storage.windowRadiusMeters
        let radius = Swift.min(maxDistanceMeters, hint)
        // Longitudes beyond ±180 would break the antimeridian clearance the window relies on.
        if all.minX >= -180, all.maxX <= 180, let window = metricWindow(around: point, radiusMeters: radius, tables: .shared) {
            let k = Swift.min(k, count)
            let found = try kBestInWindow(window, k: k, maxDistanceMeters: maxDistanceMeters,
                                          storage: storage, itemDistance: itemDistance)
            // 1e-9 absorbs the rounding of the window's edges.
            let settled = radius >= maxDistanceMeters || (found == k && storage.best[0].distance <= radius * (1 - 1e-9))
            if radius == hint {
                storage.windowRadiusMeters = settled ? Swift.max(hint * 0.98, 1) : Swift.min(hint * 1.5, 100_000)
            }
            if settled { return found }
        }
        return try kBest(from: point, k: k, maxDistanceMeters: maxDistanceMeters, storage: storage, itemDistance: itemDistance)
    }

    /// The k best items among those whose box intersects `window` (metres and heap as in
    /// ``kBest(from:k:maxDistanceMeters:storage:itemDistance:)``; `k` at most `count`). The window
    /// shrinks to the k-th best distance as it falls. Depth-first, allocation-free.
    @inlinable @inline(__always)
    func kBestInWindow(_ window: MetricWindow, k: Int, maxDistanceMeters: Double,
                       storage: RTreeScratchStorage,
                       itemDistance: (Int, BoundingBox, Int) throws -> Double?) rethrows -> Int {
        if storage.bestCapacity < k { storage.growBest(to: k, keeping: 0) }
        let best = storage.best
        var found = 0
        var threshold = maxDistanceMeters
        var low = SIMD2(window.minX, window.minY), high = SIMD2(window.maxX, window.maxY)
        try depthFirst({ boxes, c in overlaps(boxes, c, low, high) }) { c, item, box in
            guard let d = try itemDistance(item, box, c), d <= threshold else { return true }
            if MaxHeap.offer(best, &found, k: k, RTreeQueueEntry(distance: d, ref: item)) && best[0].distance < threshold {
                // The k-th best bounds the rest: shrink the window to it (the scales stay valid
                // for a smaller band); 1e-9: an item the rounded edges leave out is still farther.
                threshold = best[0].distance
                let w = window.shrunk(to: threshold * (1 + 1e-9))
                low = SIMD2(w.minX, w.minY)
                high = SIMD2(w.maxX, w.maxY)
            }
            return true
        }
        return found
    }
}

/// A lon/lat box holding every point within a radius of a centre, in the metric of the R-tree's
/// contract, with the scales that sized it (so it can shrink without new look-ups).
@usableFromInline
struct MetricWindow {
    @usableFromInline let x: Double, y: Double
    /// Degrees per metre along a parallel and a meridian: 1 / (smallest metres per degree).
    @usableFromInline let degreesPerMeterX: Double, degreesPerMeterY: Double
    @usableFromInline let minX: Double, minY: Double, maxX: Double, maxY: Double

    @inlinable
    init(x: Double, y: Double, degreesPerMeterX: Double, degreesPerMeterY: Double, radius: Double) {
        self.x = x
        self.y = y
        self.degreesPerMeterX = degreesPerMeterX
        self.degreesPerMeterY = degreesPerMeterY
        let hx = radius * degreesPerMeterX, hy = radius * degreesPerMeterY
        minX = x - hx; maxX = x + hx
        minY = y - hy; maxY = y + hy
    }

    /// The window of a smaller radius around the same centre.
    @inlinable
    func shrunk(to radius: Double) -> MetricWindow {
        MetricWindow(x: x, y: y, degreesPerMeterX: degreesPerMeterX, degreesPerMeterY: degreesPerMeterY, radius: radius)
    }
}

/// The window around `point` holding every point within `radiusMeters`, or `nil` when a window
/// cannot be used: a non-finite point or radius, a band reaching a pole, or a window within its
/// own half-width of the antimeridian (where the way round could be shorter).
///
/// Half-height: `r` over the table's metres per degree of latitude at the equator (the least
/// anywhere); half-width: `r` over its metres per degree of longitude at the band's most poleward
/// latitude, rounded poleward. Both scales are lower bounds, so the window is never too small;
/// degrees per metre are nudged up by 1e-12 against the rounding of the division.
@inlinable
func metricWindow(around point: Coordinate, radiusMeters r: Double, tables: LatitudeScaleTables) -> MetricWindow? {
    let x = point.longitude, y = point.latitude
    guard r >= 0, r < 1e7, x.isFinite, y.isFinite, abs(y) <= 90 else { return nil }
    let perY = (1 / tables.kyLowerPointer[0]) * (1 + 1e-12)
    let poleward = (abs(y) + r * perY) * 10
    guard poleward < 899 else { return nil }
    let kx = tables.kxLowerPointer[Int(poleward) + 1]
    guard kx > 0 else { return nil }
    let perX = (1 / kx) * (1 + 1e-12)
    guard abs(x) + 2 * r * perX < 180 else { return nil }
    return MetricWindow(x: x, y: y, degreesPerMeterX: perX, degreesPerMeterY: perY, radius: r)
}
