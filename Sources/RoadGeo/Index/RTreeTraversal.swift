/// The node layout every R-tree query walks: ``PackedRTree``'s flat levels and ``DynamicRTree``'s
/// slot arrays both present their nodes this way, so window, nearest and within-distance
/// queries are written once, here, for both.
///
/// A node's children occupy consecutive *positions* `start..<end` of one box array; a position
/// of an inner node leads to a child node (``node(at:)``), a position of a leaf to an item
/// (``item(at:)``). The layout holds raw pointers valid only inside the tree's `withLayout`.
@usableFromInline
protocol RTreeNodeLayout {
    /// What every layout holds besides its own node arrays: item count, boxes, root, stack room.
    var frame: RTreeLayoutFrame { get }
    /// Most children of any node (queue growth per expanded node).
    var maxChildren: Int { get }
    /// The positions of `node`'s children and whether they are leaf entries (items).
    func children(of node: Int) -> (start: Int, end: Int, leaf: Bool)
    /// The child node an inner position leads to.
    func node(at position: Int) -> Int
    /// The item index (or id) at a leaf position.
    func item(at position: Int) -> Int
}

/// An item distance inside the traversals: metres from the query point to item `item` (box
/// `box`, leaf position `position`), or `nil` to leave it out. The public metrics
/// (``RTreeItemMetric``) and ``SegmentRTree``'s leaf-corner distance all arrive as one of these.
@usableFromInline
typealias ItemDistance = (_ item: Int, _ box: BoundingBox, _ position: Int) -> Double?

/// The part of a node layout that does not depend on how the tree stores its nodes.
@usableFromInline
struct RTreeLayoutFrame {
    /// Number of items.
    @usableFromInline let count: Int
    /// Every position's box.
    @usableFromInline let boxes: UnsafePointer<BoundingBox>
    /// The root node.
    @usableFromInline let root: Int
    /// Room for a depth-first stack: the pending siblings of every level and a leaf's hits.
    @usableFromInline let stackCapacity: Int
    /// Whether every box lies within longitudes -180...180 (the metric window's precondition).
    @usableFromInline let isWithinWorld: Bool

    /// A frame whose root box spans longitudes `rootMinX...rootMaxX`.
    @inlinable
    init(count: Int, boxes: UnsafePointer<BoundingBox>, root: Int, stackCapacity: Int, rootMinX: Double, rootMaxX: Double) {
        self.count = count
        self.boxes = boxes
        self.root = root
        self.stackCapacity = stackCapacity
        isWithinWorld = rootMinX >= -180 && rootMaxX <= 180
    }
}

extension RTreeNodeLayout {
    @inlinable var count: Int { frame.count }
    @inlinable var boxes: UnsafePointer<BoundingBox> { frame.boxes }
    @inlinable var root: Int { frame.root }
    @inlinable var stackCapacity: Int { frame.stackCapacity }
    @inlinable var isWithinWorld: Bool { frame.isWithinWorld }
}

extension RTreeNodeLayout {
    /// The one depth-first walk: every child position of a visited node is tested with
    /// `admits(boxes, position)` (1 to take it, 0 to skip it), nodes taken are descended, and
    /// `leaf(position, item, box)` is called for each leaf entry taken until it returns `false`.
    ///
    /// Branch-free: test results only move the stack top, and a leaf's entries are all tested
    /// before the first `leaf` call (gathered in the free stack space). `admits` may read state
    /// that `leaf` changes (a window that shrinks as results come in). Allocation-free.
    /// - Returns: `false` if `leaf` stopped the walk, else `true`.
    @inlinable @inline(__always) @discardableResult
    func depthFirst(_ admits: (UnsafeRawPointer, Int) -> Int,
                    leaf: (Int, Int, BoundingBox) throws -> Bool) rethrows -> Bool {
        let raw = UnsafeRawPointer(boxes)
        return try withUnsafeTemporaryAllocation(of: Int.self, capacity: stackCapacity) { stack in
            stack[0] = root
            var top = 1
            while top > 0 {
                top -= 1
                let (start, end, isLeaf) = children(of: stack[top])
                if isLeaf {
                    var hits = top
                    var c = start
                    while c < end {
                        stack[hits] = c
                        hits &+= admits(raw, c)
                        c += 1
                    }
                    var h = top
                    while h < hits {
                        let c = stack[h]
                        if try !leaf(c, item(at: c), boxes[c]) { return false }
                        h += 1
                    }
                    continue
                }
                var c = start
                while c < end {
                    stack[top] = node(at: c)
                    top &+= admits(raw, c)
                    c += 1
                }
            }
            return true
        }
    }

    /// Window search: `visit(item)` for every item whose box intersects `box`, until it returns `false`.
    @inlinable @inline(__always) @discardableResult
    func window(_ box: BoundingBox, _ visit: (Int) throws -> Bool) rethrows -> Bool {
        let low = SIMD2(box.minX, box.minY), high = SIMD2(box.maxX, box.maxY)
        return try depthFirst({ boxes, k in overlaps(boxes, k, low, high) }) { _, item, _ in try visit(item) }
    }

    /// Within-distance walk; allocation-free. Nodes are tested against the metric window of the
    /// reach (see ``metricWindow(around:radiusMeters:tables:)``: it holds every point within
    /// reach, and a box test is a few instructions), or by their metric box bound where no
    /// window can be used (near a pole or the antimeridian).
    @inlinable @inline(__always)
    func within(_ distanceMeters: Double, of point: Coordinate, distance: ItemDistance,
                _ visit: (Int, Double) throws -> Bool) rethrows {
        guard distanceMeters >= 0 else { return }
        let window = isWithinWorld ? metricWindow(around: point, radiusMeters: distanceMeters, tables: .shared) : nil
        let low = SIMD2(window?.minX ?? 0, window?.minY ?? 0), high = SIMD2(window?.maxX ?? 0, window?.maxY ?? 0)
        let bound = BoxDistanceBound(point, tables: .shared)
        let d2 = squaredReach(distanceMeters)
        let useWindow = window != nil
        try depthFirst({ boxes, c in
            if useWindow { return overlaps(boxes, c, low, high) }
            let box = boxes.loadUnaligned(fromByteOffset: c &* MemoryLayout<BoundingBox>.stride, as: BoundingBox.self)
            return bound.squaredMeters(minX: box.minX, minY: box.minY, maxX: box.maxX, maxY: box.maxY) <= d2 ? 1 : 0
        }) { c, item, box in
            guard let d = distance(item, box, c), d <= distanceMeters else { return true }
            return try visit(item, d)
        }
    }

    /// The k-nearest search behind every `nearest`: first a window search over a box that holds
    /// every point within `r` metres, then, only if that cannot settle the answer, the best-first
    /// search ``bestFirst(from:k:maxDistanceMeters:storage:distance:)``.
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
    /// - Returns: How many items `storage.best` holds (a max-heap, not sorted); `k` at most `count`.
    @inlinable @inline(__always)
    func kBest(from point: Coordinate, k: Int, maxDistanceMeters: Double, storage: RTreeScratchStorage,
               distance: ItemDistance) -> Int {
        guard k > 0, maxDistanceMeters >= 0, count > 0 else { return 0 }
        let k = Swift.min(k, count)
        if storage.bestCapacity < k { storage.growBest(to: k, keeping: 0) }
        let hint = storage.windowRadiusMeters
        let radius = Swift.min(maxDistanceMeters, hint)
        // Longitudes beyond ±180 would break the antimeridian clearance the window relies on.
        if isWithinWorld, let window = metricWindow(around: point, radiusMeters: radius, tables: .shared) {
            let found = kBestInWindow(window, k: k, maxDistanceMeters: maxDistanceMeters, storage: storage, distance: distance)
            // 1e-9 absorbs the rounding of the window's edges.
            let settled = radius >= maxDistanceMeters || (found == k && storage.best[0].distance <= radius * (1 - 1e-9))
            if radius == hint {
                storage.windowRadiusMeters = settled ? Swift.max(hint * 0.98, 1) : Swift.min(hint * 1.5, 100_000)
            }
            if settled { return found }
        }
        return bestFirst(from: point, k: k, maxDistanceMeters: maxDistanceMeters, storage: storage, distance: distance)
    }

    /// The k best items among those whose box intersects `window`. The window shrinks to the
    /// k-th best distance as it falls. Depth-first, allocation-free.
    @inlinable @inline(__always)
    func kBestInWindow(_ window: MetricWindow, k: Int, maxDistanceMeters: Double, storage: RTreeScratchStorage,
                       distance: ItemDistance) -> Int {
        let best = storage.best
        var found = 0
        var threshold = maxDistanceMeters
        var low = SIMD2(window.minX, window.minY), high = SIMD2(window.maxX, window.maxY)
        depthFirst({ boxes, c in overlaps(boxes, c, low, high) }) { c, item, box in
            guard let d = distance(item, box, c), d <= threshold else { return true }
            if offerBest(best, &found, k: k, RTreeQueueEntry(distance: d, ref: item)) && best[0].distance < threshold {
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

    /// Best-first k-nearest search (Hjaltason & Samet): a min-heap of nodes by squared box bound,
    /// a max-heap of the k best items (in `storage.best`).
    ///
    /// It first dives: it follows the child with the smallest bound down to a leaf, keeping the
    /// siblings passed on the way (with their bounds), so the k-th best distance is known after
    /// one leaf and the best-first pass starts from those siblings instead of the root.
    /// - Returns: How many items `storage.best` holds (in heap order, not sorted).
    @inlinable @inline(__always)
    func bestFirst(from point: Coordinate, k: Int, maxDistanceMeters: Double, storage: RTreeScratchStorage,
                   distance: ItemDistance) -> Int {
        let bound = BoxDistanceBound(point, tables: .shared)
        let best = storage.best
        let fanout = maxChildren
        var queue = storage.queue
        var queued = 0
        var found = 0
        var threshold = maxDistanceMeters   // an item must be at most this far
        var t2 = squaredReach(threshold)      // and a node's squared bound at most this
        var current = root
        var kept = 0   // dive siblings in queue[0..<kept], not yet a heap
        while true {
            let (start, end, leaf) = children(of: current)
            if leaf { break }
            if kept + fanout > storage.queueCapacity {
                storage.growQueue(to: kept + fanout, keeping: kept)
                queue = storage.queue
            }
            var pick = -1, pickBound = Double.infinity
            var c = start
            while c < end {
                let box = boxes[c]
                let m2 = bound.squaredMeters(minX: box.minX, minY: box.minY, maxX: box.maxX, maxY: box.maxY)
                if m2 < pickBound {
                    if pick >= 0 { queue[kept] = RTreeQueueEntry(distance: pickBound, ref: node(at: pick)); kept += 1 }
                    pickBound = m2; pick = c
                } else if m2 <= t2 {
                    queue[kept] = RTreeQueueEntry(distance: m2, ref: node(at: c)); kept += 1
                }
                c += 1
            }
            // No child with a finite bound: dive anyway (its items fail the reach test).
            current = node(at: pick < 0 ? start : pick)
        }
        var dived = false
        while true {
            let (start, end, leaf) = children(of: current)
            if leaf {
                var c = start
                while c < end {
                    let box = boxes[c]
                    if bound.squaredMeters(minX: box.minX, minY: box.minY, maxX: box.maxX, maxY: box.maxY) <= t2 {
                        let item = item(at: c)
                        if let d = distance(item, box, c), d <= threshold,
                           offerBest(best, &found, k: k, RTreeQueueEntry(distance: d, ref: item)) {
                            threshold = best[0].distance; t2 = threshold * threshold
                        }
                    }
                    c += 1
                }
            } else {
                if queued + fanout > storage.queueCapacity {
                    storage.growQueue(to: queued + fanout, keeping: queued)
                    queue = storage.queue
                }
                scanChildren(start, end, bound, within: t2) { m2, c in
                    BinaryHeap.push(queue, &queued, RTreeQueueEntry(distance: m2, ref: self.node(at: c)), by: RTreeQueueEntry.nearerBound)
                }
            }
            if !dived {
                // The dive leaf is done: heap the kept siblings still within reach (in place:
                // the heap never grows past the entry being read).
                dived = true
                var i = 0
                while i < kept {
                    let e = queue[i]
                    if e.distance <= t2 { BinaryHeap.push(queue, &queued, e, by: RTreeQueueEntry.nearerBound) }
                    i += 1
                }
            }
            if queued == 0 { return found }
            let next = BinaryHeap.pop(queue, &queued, by: RTreeQueueEntry.nearerBound)
            // Nothing left can be nearer than the k-th best (or as near, and win the tie by a
            // lower index), or within reach.
            if next.distance > t2 { return found }
            current = next.ref
        }
    }

    /// Best-first stream: nodes and items share one min-heap by distance in metres (see
    /// ``RTreeQueueEntry/streamOrder(_:_:)``); items are emitted nearest first, equally near ones
    /// by index, until `emit` returns false.
    @inlinable @inline(__always)
    func stream(from point: Coordinate, maxDistanceMeters: Double, storage: RTreeScratchStorage,
                distance: ItemDistance, emit: (Int, Double) throws -> Bool) rethrows {
        guard maxDistanceMeters >= 0 else { return }
        let bound = BoxDistanceBound(point, tables: .shared)
        let reach2 = squaredReach(maxDistanceMeters)
        let fanout = maxChildren
        var queue = storage.queue
        var queued = 0
        BinaryHeap.push(queue, &queued, RTreeQueueEntry(distance: 0, ref: root), by: RTreeQueueEntry.streamOrder)
        while queued > 0 {
            let e = BinaryHeap.pop(queue, &queued, by: RTreeQueueEntry.streamOrder)
            if e.distance > maxDistanceMeters { return }
            if e.ref < 0 {
                if try !emit(-1 - e.ref, e.distance) { return }
                continue
            }
            if queued + fanout > storage.queueCapacity {
                storage.growQueue(to: queued + fanout, keeping: queued)
                queue = storage.queue
            }
            let (start, end, leaf) = children(of: e.ref)
            if leaf {
                scanChildren(start, end, bound, within: reach2) { _, c in
                    let item = self.item(at: c)
                    if let d = distance(item, self.boxes[c], c), d <= maxDistanceMeters {
                        BinaryHeap.push(queue, &queued, RTreeQueueEntry(distance: d, ref: -1 - item), by: RTreeQueueEntry.streamOrder)
                    }
                }
            } else {
                scanChildren(start, end, bound, within: reach2) { m2, c in
                    BinaryHeap.push(queue, &queued, RTreeQueueEntry(distance: m2.squareRoot(), ref: self.node(at: c)),
                                    by: RTreeQueueEntry.streamOrder)
                }
            }
        }
    }

    /// The child-level scan of the best-first searches: `take(squaredBound, position)` for each
    /// child position in `start..<end` whose squared metric bound is at most `reach2`.
    @inlinable @inline(__always)
    func scanChildren(_ start: Int, _ end: Int, _ bound: BoxDistanceBound, within reach2: Double,
                      _ take: (Double, Int) throws -> Void) rethrows {
        var c = start
        while c < end {
            let box = boxes[c]
            let m2 = bound.squaredMeters(minX: box.minX, minY: box.minY, maxX: box.maxX, maxY: box.maxY)
            if m2 <= reach2 { try take(m2, c) }
            c += 1
        }
    }

    /// The nearest query every tree exposes: items within `maxDistanceMeters`, nearest first, at
    /// most `k`, to `visit` until it returns `false`. A finite `k` runs ``kBest(from:k:maxDistanceMeters:storage:distance:)``
    /// and emits its sorted result (equally near items by index); `k == .max` streams lazily.
    @inlinable @inline(__always)
    func nearest(from point: Coordinate, k: Int, maxDistanceMeters: Double, storage: RTreeScratchStorage,
                 distance: ItemDistance, _ visit: (Int, Double) throws -> Bool) rethrows {
        guard k > 0 else { return }
        if k == .max {
            return try stream(from: point, maxDistanceMeters: maxDistanceMeters, storage: storage, distance: distance, emit: visit)
        }
        let found = kBest(from: point, k: k, maxDistanceMeters: maxDistanceMeters, storage: storage, distance: distance)
        var best = UnsafeMutableBufferPointer(start: storage.best, count: found)
        if found > 1 { best.sort { $0.precedes($1) } }
        for e in best {
            if try !visit(e.ref, e.distance) { return }
        }
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

/// 1 if box `k` of a contiguous ``BoundingBox`` array intersects the window `low...high`
/// (touching counts), else 0, without branches: the box's (minX, minY) and (maxX, maxY) halves
/// are each compared with one two-lane instruction, about half the work of four scalar tests.
@inlinable @inline(__always)
func overlaps(_ boxes: UnsafeRawPointer, _ k: Int, _ low: SIMD2<Double>, _ high: SIMD2<Double>) -> Int {
    let offset = k &* MemoryLayout<BoundingBox>.stride
    let boxLow = boxes.loadUnaligned(fromByteOffset: offset, as: SIMD2<Double>.self)
    let boxHigh = boxes.loadUnaligned(fromByteOffset: offset &+ 16, as: SIMD2<Double>.self)
    let inside = (boxLow .<= high) .& (boxHigh .>= low)
    return inside[0] && inside[1] ? 1 : 0
}
