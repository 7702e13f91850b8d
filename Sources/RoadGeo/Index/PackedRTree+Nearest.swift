extension PackedRTree {
    /// The `k` items nearest to a point, by the exact distance you compute, nearest first.
    ///
    /// Two phases. First a window search over a box holding every point within a radius `r` of
    /// `point` (the reach, or a radius the scratch learns from earlier queries): when it finds `k`
    /// items no farther than `r`, nothing outside can beat them, and the search ends there, which
    /// is the common case of a report next to a road. Otherwise a best-first search (Hjaltason &
    /// Samet) queues nodes by a lower bound of the distance in metres from `point` to their box.
    /// Either way the answer equals a linear scan that sorts by `itemDistance`, then by index
    /// (equally distant items resolve to the lowest indices).
    ///
    /// **Metric contract.** Boxes are lon/lat degrees. The box bound never exceeds any distance
    /// measured with ``LocalRuler`` scales taken at a latitude between the query and the item point
    /// (query latitude, item latitude or mid-latitude), longitudes wrapped across the antimeridian:
    /// over the band from the query latitude to the box's far latitude it uses the smallest metres
    /// per degree of longitude (most poleward latitude) and of latitude (least poleward). So
    /// `itemDistance` may be, for example, a point-segment distance in the plane of
    /// `LocalRuler(latitude: point.latitude)` or ``LocalRuler/distance(_:_:)`` to the item's
    /// closest point; it must never be less than that metric's distance to some point of the item's box.
    ///
    /// - Parameters:
    ///   - point: The query point (longitude, latitude).
    ///   - k: How many items at most.
    ///   - maxDistanceMeters: Only items at most this far (metres) are returned.
    ///   - itemDistance: Exact distance in metres from `point` to item `i`, or `nil` to leave the
    ///     item out (a filter). Called only for items whose box is within reach, possibly twice
    ///     for one item (once per phase), so it must not have side effects.
    /// - Returns: Up to `k` `(index, distanceMeters)` pairs, nearest first.
    /// - Complexity: O(log n + k) node visits for well-spread data; allocates the result and a queue
    ///   (use the `scratch:` overload to reuse the queue).
    ///
    /// ```swift
    /// let nearest = tree.nearest(to: p, k: 5, maxDistanceMeters: 50) { i in
    ///     pointSegmentDistance(p, segments[i])   // metres, in the plane at p's latitude
    /// }
    /// ```
    @inlinable
    public func nearest(to point: Coordinate, k: Int, maxDistanceMeters: Double = .infinity,
                        itemDistance: (Int) throws -> Double?) rethrows -> [(index: Int, distanceMeters: Double)] {
        var scratch = RTreeQueryScratch()
        return try nearest(to: point, k: k, maxDistanceMeters: maxDistanceMeters, scratch: &scratch, itemDistance: itemDistance)
    }

    /// ``nearest(to:k:maxDistanceMeters:itemDistance:)`` reusing the queue storage in `scratch`.
    ///
    /// - Parameters:
    ///   - point: The query point. - k: How many items at most. - maxDistanceMeters: Reach in metres.
    ///   - scratch: Working memory kept between queries (one per thread).
    ///   - itemDistance: Exact metres to item `i`, or `nil` to skip it.
    /// - Returns: Up to `k` `(index, distanceMeters)` pairs, nearest first.
    /// - Complexity: as ``nearest(to:k:maxDistanceMeters:itemDistance:)``, allocating only the result.
    ///
    /// ```swift
    /// var scratch = RTreeQueryScratch()
    /// let five = tree.nearest(to: p, k: 5, scratch: &scratch) { i in distance(p, i) }
    /// ```
    @inlinable
    public func nearest(to point: Coordinate, k: Int, maxDistanceMeters: Double = .infinity,
                        scratch: inout RTreeQueryScratch,
                        itemDistance: (Int) throws -> Double?) rethrows -> [(index: Int, distanceMeters: Double)] {
        let storage = scratch.prepare()
        let found = try kBestWindowFirst(from: point, k: k, maxDistanceMeters: maxDistanceMeters, storage: storage,
                                         itemDistance: { i, _, _ in try itemDistance(i) })
        return sortedBest(storage, found)
    }

    /// The single nearest item, without allocating once `scratch` has grown (the snapping case).
    ///
    /// - Parameters:
    ///   - point: The query point. - maxDistanceMeters: Reach in metres.
    ///   - scratch: Working memory kept between queries (one per thread).
    ///   - itemDistance: Exact metres to item `i`, or `nil` to skip it (see the metric contract on
    ///     ``nearest(to:k:maxDistanceMeters:itemDistance:)``).
    /// - Returns: The nearest item and its distance, or `nil` if none is within reach.
    /// - Complexity: O(log n) node visits for well-spread data.
    ///
    /// ```swift
    /// if let hit = tree.nearestItem(to: p, maxDistanceMeters: 50, scratch: &scratch, itemDistance: { distance(p, $0) }) {
    ///     print(hit.index, hit.distanceMeters)
    /// }
    /// ```
    @inlinable @inline(__always)
    public func nearestItem(to point: Coordinate, maxDistanceMeters: Double = .infinity,
                            scratch: inout RTreeQueryScratch,
                            itemDistance: (Int) throws -> Double?) rethrows -> (index: Int, distanceMeters: Double)? {
        let storage = scratch.prepare()
        let found = try kBestWindowFirst(from: point, k: 1, maxDistanceMeters: maxDistanceMeters, storage: storage,
                                         itemDistance: { i, _, _ in try itemDistance(i) })
        guard found > 0 else { return nil }
        return (storage.best[0].ref, storage.best[0].distance)
    }

    /// Streams items in increasing exact distance until `visit` returns `false` (a nearest-neighbour
    /// iterator: take as many as you need without choosing k in advance).
    ///
    /// - Parameters:
    ///   - point: The query point. - maxDistanceMeters: Reach in metres.
    ///   - scratch: Working memory kept between queries.
    ///   - itemDistance: Exact metres to item `i`, or `nil` to skip it.
    ///   - visit: Receives `(index, distanceMeters)`, nearest first; return `false` to stop.
    /// - Complexity: O(log n) per item visited, for well-spread data.
    ///
    /// ```swift
    /// tree.forEachNearest(to: p, scratch: &scratch, itemDistance: { d(p, $0) }) { i, m in
    ///     roadOf[i] == wanted ? false : true   // first item on the wanted road
    /// }
    /// ```
    @inlinable
    public func forEachNearest(to point: Coordinate, maxDistanceMeters: Double = .infinity,
                               scratch: inout RTreeQueryScratch,
                               itemDistance: (Int) throws -> Double?,
                               _ visit: (Int, Double) throws -> Bool) rethrows {
        try stream(from: point, maxDistanceMeters: maxDistanceMeters, storage: scratch.prepare(),
                   itemDistance: { i, _, _ in try itemDistance(i) }, emit: visit)
    }

    /// Every item within `distanceMeters` of a point, by the exact distance you compute.
    ///
    /// - Parameters:
    ///   - distanceMeters: Reach in metres (items at exactly this distance are included).
    ///   - point: The query point.
    ///   - itemDistance: Exact metres to item `i`, or `nil` to skip it (metric contract as for
    ///     ``nearest(to:k:maxDistanceMeters:itemDistance:)``).
    /// - Returns: `(index, distanceMeters)` pairs in tree order (not sorted).
    /// - Complexity: O(log n + hits) for small reaches.
    ///
    /// ```swift
    /// let close = tree.within(distanceMeters: 15, of: p) { i in LocalRuler.distance(p, points[i]) }
    /// ```
    @inlinable
    public func within(distanceMeters: Double, of point: Coordinate,
                       itemDistance: (Int) throws -> Double?) rethrows -> [(index: Int, distanceMeters: Double)] {
        var out: [(index: Int, distanceMeters: Double)] = []
        try forEachWithin(distanceMeters: distanceMeters, of: point, itemDistance: itemDistance) { i, d in
            out.append((i, d)); return true
        }
        return out
    }

    /// Calls `visit` for every item within `distanceMeters` of a point until it returns `false`;
    /// allocation-free.
    ///
    /// - Parameters:
    ///   - distanceMeters: Reach in metres. - point: The query point.
    ///   - itemDistance: Exact metres to item `i`, or `nil` to skip it.
    ///   - visit: Receives `(index, distanceMeters)` in tree order; return `false` to stop.
    /// - Complexity: O(log n + hits) for small reaches.
    ///
    /// ```swift
    /// var n = 0
    /// tree.forEachWithin(distanceMeters: 15, of: p, itemDistance: { d(p, $0) }) { _, _ in n += 1; return true }
    /// ```
    @inlinable
    public func forEachWithin(distanceMeters: Double, of point: Coordinate,
                              itemDistance: (Int) throws -> Double?,
                              _ visit: (Int, Double) throws -> Bool) rethrows {
        try depthFirstWithin(distanceMeters, of: point, itemDistance: { i, _, _ in try itemDistance(i) }, visit)
    }
}

// MARK: - Point items

extension PackedRTree {
    /// The `k` nearest items of a tree whose boxes are points, by ``LocalRuler/distance(_:_:)``.
    ///
    /// For point items (clustering, reports) no distance closure is needed: the distance is the
    /// mid-latitude ``LocalRuler`` distance from `point` to the item's box (for a point box, to the
    /// point itself; for a larger box, to its nearest point).
    /// - Parameters:
    ///   - point: The query point. - k: How many at most. - maxDistanceMeters: Reach in metres.
    /// - Returns: Up to `k` `(index, distanceMeters)` pairs, nearest first.
    /// - Complexity: O(log n + k) node visits.
    ///
    /// ```swift
    /// let tree = PackedRTree(boxes: reports.map { BoundingBox($0) })
    /// let three = tree.nearest(to: reports[0], k: 3)
    /// ```
    @inlinable
    public func nearest(to point: Coordinate, k: Int, maxDistanceMeters: Double = .infinity) -> [(index: Int, distanceMeters: Double)] {
        var scratch = RTreeQueryScratch()
        return nearest(to: point, k: k, maxDistanceMeters: maxDistanceMeters, scratch: &scratch)
    }

    /// ``nearest(to:k:maxDistanceMeters:)`` for point items, reusing `scratch`.
    /// - Parameters:
    ///   - point: The query point. - k: How many at most. - maxDistanceMeters: Reach in metres.
    ///   - scratch: Working memory kept between queries.
    /// - Returns: Up to `k` `(index, distanceMeters)` pairs, nearest first.
    /// - Complexity: O(log n + k) node visits.
    ///
    /// ```swift
    /// let two = tree.nearest(to: p, k: 2, scratch: &scratch)
    /// ```
    @inlinable
    public func nearest(to point: Coordinate, k: Int, maxDistanceMeters: Double = .infinity,
                        scratch: inout RTreeQueryScratch) -> [(index: Int, distanceMeters: Double)] {
        let storage = scratch.prepare()
        let found = kBestWindowFirst(from: point, k: k, maxDistanceMeters: maxDistanceMeters, storage: storage,
                                     itemDistance: { _, box, _ in boxDistanceMeters(point, box) })
        return sortedBest(storage, found)
    }

    /// Every point item within `distanceMeters` (``LocalRuler/distance(_:_:)``) of a point.
    /// - Parameters: distanceMeters: Reach in metres, inclusive. point: The query point.
    /// - Returns: `(index, distanceMeters)` pairs in tree order.
    /// - Complexity: O(log n + hits).
    ///
    /// ```swift
    /// let neighbours = tree.within(distanceMeters: 15, of: reports[7])
    /// ```
    @inlinable
    public func within(distanceMeters: Double, of point: Coordinate) -> [(index: Int, distanceMeters: Double)] {
        var out: [(index: Int, distanceMeters: Double)] = []
        forEachWithin(distanceMeters: distanceMeters, of: point) { i, d in out.append((i, d)); return true }
        return out
    }

    /// Calls `visit` for every point item within `distanceMeters` of a point, until it returns
    /// `false`; allocation-free (the DBSCAN region query).
    /// - Parameters:
    ///   - distanceMeters: Reach in metres, inclusive. - point: The query point.
    ///   - visit: Receives `(index, distanceMeters)`; return `false` to stop.
    /// - Complexity: O(log n + hits).
    ///
    /// ```swift
    /// var count = 0
    /// tree.forEachWithin(distanceMeters: 15, of: p) { _, _ in count += 1; return true }
    /// ```
    @inlinable
    public func forEachWithin(distanceMeters: Double, of point: Coordinate,
                              _ visit: (Int, Double) throws -> Bool) rethrows {
        try depthFirstWithin(distanceMeters, of: point, itemDistance: { _, box, _ in boxDistanceMeters(point, box) }, visit)
    }
}

// MARK: - Traversals

extension PackedRTree {
    /// Best-first k-nearest search: a min-heap of nodes by squared box bound, a max-heap of the k
    /// best items (in `storage.best`); `itemDistance` receives the item index, its box and its leaf
    /// position (its index in ``packedOrder``, for data kept in tree order like ``SegmentRTree``'s).
    /// Returns how many items `storage.best` holds (in heap order, not sorted).
    @inlinable @inline(__always)
    func kBest(from point: Coordinate, k: Int, maxDistanceMeters: Double, storage: RTreeScratchStorage,
               itemDistance: (Int, BoundingBox, Int) throws -> Double?) rethrows -> Int {
        guard count > 0, k > 0, maxDistanceMeters >= 0 else { return 0 }
        let k = Swift.min(k, count)
        if storage.bestCapacity < k { storage.growBest(to: k, keeping: 0) }
        let bound = BoxDistanceBound(point, tables: .shared)
        let leafEnd = count
        let nodeSize = self.nodeSize
        let best = storage.best
        var queue = storage.queue
        var queued = 0
        var found = 0
        var threshold = maxDistanceMeters   // an item must be at most this far
        var t2 = squaredReach(threshold)      // and a node's squared bound at most this
        try boxes.withUnsafeBufferPointer { b in
            try indices.withUnsafeBufferPointer { ix in
                try levelBounds.withUnsafeBufferPointer { lb in
                    // Dive: follow the child with the smallest bound down to a leaf, keeping
                    // the siblings passed on the way (with their bounds) in the queue buffer, so
                    // the k-th best distance is known after one leaf and the best-first pass
                    // starts from those siblings instead of re-walking from the root.
                    var node = b.count - 1
                    var kept = 0   // siblings in queue[0..<kept], not yet a heap
                    while Int(ix[node]) >= leafEnd {
                        let start = Int(ix[node])
                        var l = 1
                        while lb[l] <= start { l += 1 }
                        let end = Swift.min(start + nodeSize, lb[l])
                        if kept + nodeSize > storage.queueCapacity {
                            storage.growQueue(to: kept + nodeSize, keeping: kept)
                            queue = storage.queue
                        }
                        var pick = -1, pickBound = Double.infinity
                        var c = start
                        while c < end {
                            let box = b[c]
                            let m2 = bound.squaredMeters(minX: box.minX, minY: box.minY, maxX: box.maxX, maxY: box.maxY)
                            if m2 < pickBound {
                                if pick >= 0 { queue[kept] = RTreeQueueEntry(distance: pickBound, ref: pick); kept += 1 }
                                pickBound = m2; pick = c
                            } else if m2 <= t2 {
                                queue[kept] = RTreeQueueEntry(distance: m2, ref: c); kept += 1
                            }
                            c += 1
                        }
                        // No child with a finite bound: dive anyway (its items fail the reach test).
                        node = pick < 0 ? start : pick
                    }
                    var dived = false
                    while true {
                        let start = Int(ix[node])
                        if start < leafEnd {
                            let end = Swift.min(start + nodeSize, leafEnd)
                            var c = start
                            while c < end {
                                let box = b[c]
                                if bound.squaredMeters(minX: box.minX, minY: box.minY, maxX: box.maxX, maxY: box.maxY) <= t2 {
                                    let item = Int(ix[c])
                                    if let d = try itemDistance(item, box, c), d <= threshold,
                                       MaxHeap.offer(best, &found, k: k, RTreeQueueEntry(distance: d, ref: item)) {
                                        threshold = best[0].distance; t2 = threshold * threshold
                                    }
                                }
                                c += 1
                            }
                        } else {
                            var l = 1
                            while lb[l] <= start { l += 1 }
                            let end = Swift.min(start + nodeSize, lb[l])
                            if queued + nodeSize > storage.queueCapacity {
                                storage.growQueue(to: queued + nodeSize, keeping: queued)
                                queue = storage.queue
                            }
                            var c = start
                            while c < end {
                                let box = b[c]
                                let m2 = bound.squaredMeters(minX: box.minX, minY: box.minY, maxX: box.maxX, maxY: box.maxY)
                                if m2 <= t2 { MinHeap.push(queue, &queued, RTreeQueueEntry(distance: m2, ref: c)) }
                                c += 1
                            }
                        }
                        if !dived {
                            // The dive leaf is done: heap the kept siblings still within reach
                            // (in place: the heap never grows past the entry being read).
                            dived = true
                            var i = 0
                            while i < kept {
                                let e = queue[i]
                                if e.distance <= t2 { MinHeap.push(queue, &queued, e) }
                                i += 1
                            }
                        }
                        if queued == 0 { return }
                        let next = MinHeap.pop(queue, &queued)
                        // Nothing left can be nearer than the k-th best (or as near, and
                        // win the tie by a lower index), or within reach.
                        if next.distance > t2 { return }
                        node = next.ref
                    }
                }
            }
        }
        return found
    }

    /// Best-first stream: nodes and items share one min-heap by distance in metres; items are
    /// emitted nearest first until `emit` returns false.
    @inlinable
    func stream(from point: Coordinate, maxDistanceMeters: Double, storage: RTreeScratchStorage,
                itemDistance: (Int, BoundingBox, Int) throws -> Double?,
                emit: (Int, Double) throws -> Bool) rethrows {
        guard count > 0, maxDistanceMeters >= 0 else { return }
        let bound = BoxDistanceBound(point, tables: .shared)
        let leafEnd = count
        let nodeSize = self.nodeSize
        let reach2 = squaredReach(maxDistanceMeters)
        var queue = storage.queue
        var queued = 0
        try boxes.withUnsafeBufferPointer { b in
            try indices.withUnsafeBufferPointer { ix in
                try levelBounds.withUnsafeBufferPointer { lb in
                    MinHeap.push(queue, &queued, RTreeQueueEntry(distance: 0, ref: b.count - 1))
                    while queued > 0 {
                        let e = MinHeap.pop(queue, &queued)
                        if e.distance > maxDistanceMeters { return }
                        if e.ref < 0 {
                            if try !emit(-1 - e.ref, e.distance) { return }
                            continue
                        }
                        if queued + nodeSize > storage.queueCapacity {
                            storage.growQueue(to: queued + nodeSize, keeping: queued)
                            queue = storage.queue
                        }
                        let start = Int(ix[e.ref])
                        if start < leafEnd {
                            let end = Swift.min(start + nodeSize, leafEnd)
                            var c = start
                            while c < end {
                                let box = b[c]
                                if bound.squaredMeters(minX: box.minX, minY: box.minY, maxX: box.maxX, maxY: box.maxY) <= reach2 {
                                    let item = Int(ix[c])
                                    if let d = try itemDistance(item, box, c), d <= maxDistanceMeters {
                                        MinHeap.push(queue, &queued, RTreeQueueEntry(distance: d, ref: -1 - item))
                                    }
                                }
                                c += 1
                            }
                            continue
                        }
                        var l = 1
                        while lb[l] <= start { l += 1 }
                        let end = Swift.min(start + nodeSize, lb[l])
                        var c = start
                        while c < end {
                            let box = b[c]
                            let m2 = bound.squaredMeters(minX: box.minX, minY: box.minY, maxX: box.maxX, maxY: box.maxY)
                            if m2 <= reach2 { MinHeap.push(queue, &queued, RTreeQueueEntry(distance: m2.squareRoot(), ref: c)) }
                            c += 1
                        }
                    }
                }
            }
        }
    }

    /// Depth-first within-distance traversal; allocation-free. Nodes are tested against the
    /// metric window of the reach (see ``metricWindow(around:radiusMeters:tables:)``: it holds
    /// every point within reach, and a box test is a few instructions), or by their metric box
    /// bound where no window can be used (near a pole or the antimeridian).
    @inlinable
    func depthFirstWithin(_ distanceMeters: Double, of point: Coordinate,
                          itemDistance: (Int, BoundingBox, Int) throws -> Double?,
                          _ visit: (Int, Double) throws -> Bool) rethrows {
        guard count > 0, distanceMeters >= 0 else { return }
        let all = bounds
        let window = all.minX >= -180 && all.maxX <= 180
            ? metricWindow(around: point, radiusMeters: distanceMeters, tables: .shared) : nil
        let low = SIMD2(window?.minX ?? 0, window?.minY ?? 0), high = SIMD2(window?.maxX ?? 0, window?.maxY ?? 0)
        let bound = BoxDistanceBound(point, tables: .shared)
        let d2 = squaredReach(distanceMeters)
        let useWindow = window != nil
        try depthFirst({ boxes, c in
            if useWindow { return overlaps(boxes, c, low, high) }
            let box = boxes.loadUnaligned(fromByteOffset: c &* MemoryLayout<BoundingBox>.stride, as: BoundingBox.self)
            return bound.squaredMeters(minX: box.minX, minY: box.minY, maxX: box.maxX, maxY: box.maxY) <= d2 ? 1 : 0
        }) { c, item, box in
            guard let d = try itemDistance(item, box, c), d <= distanceMeters else { return true }
            return try visit(item, d)
        }
    }
}

/// The first `found` entries of the best-items heap as `(index, distanceMeters)`, nearest first
/// (equal distances by index).
@inlinable
func sortedBest(_ storage: RTreeScratchStorage, _ found: Int) -> [(index: Int, distanceMeters: Double)] {
    var out: [(index: Int, distanceMeters: Double)] = []
    out.reserveCapacity(found)
    for i in 0..<found { out.append((storage.best[i].ref, storage.best[i].distance)) }
    out.sort { $0.distanceMeters < $1.distanceMeters || ($0.distanceMeters == $1.distanceMeters && $0.index < $1.index) }
    return out
}

/// ``LocalRuler/distance(_:_:)`` from `point` to the nearest point of `box` (the point itself for
/// a point box); longitudes wrap across the antimeridian.
@inlinable
func boxDistanceMeters(_ point: Coordinate, _ box: BoundingBox) -> Double {
    let x = Swift.min(Swift.max(point.longitude, box.minX), box.maxX)
    let y = Swift.min(Swift.max(point.latitude, box.minY), box.maxY)
    return LocalRuler.distance(point, Coordinate(x, y))
}
