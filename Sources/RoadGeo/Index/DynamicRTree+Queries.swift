extension DynamicRTree {
    /// Ids of the items whose box intersects `box` (touching edges count).
    /// - Parameter box: The window, lon/lat degrees.
    /// - Returns: Item ids, each once, in no particular order.
    /// - Complexity: O(log n + hits) for small windows.
    ///
    /// ```swift
    /// let ids = live.search(BoundingBox(minX: 74.58, minY: 42.86, maxX: 74.60, maxY: 42.88))
    /// ```
    @inlinable
    public func search(_ box: BoundingBox) -> [Int] {
        var out: [Int] = []
        search(box) { out.append($0); return true }
        return out
    }

    /// Calls `visit` with the id of every item whose box intersects `box`, until it returns `false`.
    /// - Parameters:
    ///   - box: The window, lon/lat degrees.
    ///   - visit: Receives an item id; return `false` to stop.
    /// - Returns: `false` if `visit` stopped the search early.
    /// - Complexity: O(log n + hits) for small windows.
    ///
    /// ```swift
    /// live.search(window) { id in print(id); return true }
    /// ```
    @inlinable
    @discardableResult
    public func search(_ box: BoundingBox, _ visit: (Int) throws -> Bool) rethrows -> Bool {
        guard count > 0 else { return true }
        let slots = self.slots
        return try slotBoxes.withUnsafeBufferPointer { b in
            try slotRefs.withUnsafeBufferPointer { r in
                try counts.withUnsafeBufferPointer { cnt in
                    try levels.withUnsafeBufferPointer { lv in
                        let low = SIMD2(box.minX, box.minY), high = SIMD2(box.maxX, box.maxY)
                        guard let raw = UnsafeRawPointer(b.baseAddress) else { return true }
                        return try withUnsafeTemporaryAllocation(of: Int.self, capacity: (lv[root] + 2) * slots + 1) { stack in
                            stack[0] = root
                            var top = 1
                            while top > 0 {
                                top -= 1
                                let node = stack[top]
                                let base = node * slots
                                let end = base + cnt[node]
                                if lv[node] == 0 {
                                    // Branch-free tests; hits gathered above `top`, then visited.
                                    var hits = top
                                    for s in base..<end {
                                        stack[hits] = r[s]
                                        hits &+= overlaps(raw, s, low, high)
                                    }
                                    for h in top..<hits where try !visit(stack[h]) { return false }
                                } else {
                                    for s in base..<end {
                                        stack[top] = r[s]
                                        top &+= overlaps(raw, s, low, high)
                                    }
                                }
                            }
                            return true
                        }
                    }
                }
            }
        }
    }

    /// The `k` items nearest to a point by the exact distance you compute, nearest first; same
    /// contract and metric as ``PackedRTree/nearest(to:k:maxDistanceMeters:itemDistance:)``.
    /// - Parameters:
    ///   - point: The query point. - k: How many at most. - maxDistanceMeters: Reach in metres.
    ///   - itemDistance: Exact metres from `point` to item `id`, or `nil` to leave it out.
    /// - Returns: Up to `k` `(index, distanceMeters)` pairs (index = item id), nearest first.
    /// - Complexity: O(log n + k) node visits for well-spread data.
    ///
    /// ```swift
    /// let near = live.nearest(to: p, k: 3) { id in LocalRuler.distance(p, reports[id]) }
    /// ```
    @inlinable
    public func nearest(to point: Coordinate, k: Int, maxDistanceMeters: Double = .infinity,
                        itemDistance: (Int) throws -> Double?) rethrows -> [(index: Int, distanceMeters: Double)] {
        var scratch = RTreeQueryScratch()
        return try nearest(to: point, k: k, maxDistanceMeters: maxDistanceMeters, scratch: &scratch, itemDistance: itemDistance)
    }

    /// ``nearest(to:k:maxDistanceMeters:itemDistance:)`` reusing the queue storage in `scratch`.
    /// - Parameters:
    ///   - point: The query point. - k: How many at most. - maxDistanceMeters: Reach in metres.
    ///   - scratch: Working memory kept between queries (one per thread).
    ///   - itemDistance: Exact metres to item `id`, or `nil` to skip it.
    /// - Returns: Up to `k` `(index, distanceMeters)` pairs, nearest first.
    /// - Complexity: O(log n + k) node visits.
    ///
    /// ```swift
    /// let near = live.nearest(to: p, k: 3, scratch: &scratch) { id in d(p, id) }
    /// ```
    @inlinable
    public func nearest(to point: Coordinate, k: Int, maxDistanceMeters: Double = .infinity,
                        scratch: inout RTreeQueryScratch,
                        itemDistance: (Int) throws -> Double?) rethrows -> [(index: Int, distanceMeters: Double)] {
        let storage = scratch.prepare()
        let found = try kBest(from: point, k: k, maxDistanceMeters: maxDistanceMeters, storage: storage,
                              itemDistance: { i, _ in try itemDistance(i) })
        return sortedBest(storage, found)
    }

    /// The single nearest item, allocation-free once `scratch` has grown.
    /// - Parameters:
    ///   - point: The query point. - maxDistanceMeters: Reach in metres.
    ///   - scratch: Working memory kept between queries.
    ///   - itemDistance: Exact metres to item `id`, or `nil` to skip it.
    /// - Returns: The nearest item id and its distance, or `nil`.
    /// - Complexity: O(log n) node visits.
    ///
    /// ```swift
    /// let hit = live.nearestItem(to: p, maxDistanceMeters: 50, scratch: &scratch) { d(p, $0) }
    /// ```
    @inlinable
    public func nearestItem(to point: Coordinate, maxDistanceMeters: Double = .infinity,
                            scratch: inout RTreeQueryScratch,
                            itemDistance: (Int) throws -> Double?) rethrows -> (index: Int, distanceMeters: Double)? {
        let storage = scratch.prepare()
        let found = try kBest(from: point, k: 1, maxDistanceMeters: maxDistanceMeters, storage: storage,
                              itemDistance: { i, _ in try itemDistance(i) })
        guard found > 0 else { return nil }
        return (storage.best[0].ref, storage.best[0].distance)
    }

    /// Every item within `distanceMeters` of a point by the exact distance you compute.
    /// - Parameters:
    ///   - distanceMeters: Reach in metres, inclusive. - point: The query point.
    ///   - itemDistance: Exact metres to item `id`, or `nil` to skip it.
    /// - Returns: `(index, distanceMeters)` pairs in tree order.
    /// - Complexity: O(log n + hits).
    ///
    /// ```swift
    /// let close = live.within(distanceMeters: 15, of: p) { id in LocalRuler.distance(p, reports[id]) }
    /// ```
    @inlinable
    public func within(distanceMeters: Double, of point: Coordinate,
                       itemDistance: (Int) throws -> Double?) rethrows -> [(index: Int, distanceMeters: Double)] {
        var out: [(index: Int, distanceMeters: Double)] = []
        try depthFirstWithin(distanceMeters, of: point, itemDistance: { i, _ in try itemDistance(i) }) {
            out.append(($0, $1)); return true
        }
        return out
    }

    /// The `k` nearest point items by ``LocalRuler/distance(_:_:)`` to each item's box (its point).
    /// - Parameters: point: The query point. k: How many at most. maxDistanceMeters: Reach in metres.
    /// - Returns: Up to `k` `(index, distanceMeters)` pairs, nearest first.
    /// - Complexity: O(log n + k) node visits.
    ///
    /// ```swift
    /// let two = live.nearest(to: p, k: 2)
    /// ```
    @inlinable
    public func nearest(to point: Coordinate, k: Int, maxDistanceMeters: Double = .infinity) -> [(index: Int, distanceMeters: Double)] {
        var scratch = RTreeQueryScratch()
        let storage = scratch.prepare()
        let found = kBest(from: point, k: k, maxDistanceMeters: maxDistanceMeters, storage: storage,
                          itemDistance: { _, box in boxDistanceMeters(point, box) })
        return sortedBest(storage, found)
    }

    /// Every point item within `distanceMeters` (``LocalRuler/distance(_:_:)``) of a point.
    /// - Parameters: distanceMeters: Reach in metres, inclusive. point: The query point.
    /// - Returns: `(index, distanceMeters)` pairs in tree order.
    /// - Complexity: O(log n + hits).
    ///
    /// ```swift
    /// let neighbours = live.within(distanceMeters: 15, of: p)
    /// ```
    @inlinable
    public func within(distanceMeters: Double, of point: Coordinate) -> [(index: Int, distanceMeters: Double)] {
        var out: [(index: Int, distanceMeters: Double)] = []
        depthFirstWithin(distanceMeters, of: point, itemDistance: { _, box in boxDistanceMeters(point, box) }) {
            out.append(($0, $1)); return true
        }
        return out
    }

    /// Calls `visit` for every item within `distanceMeters` of a point by the exact distance you
    /// compute, until it returns `false`; allocation-free.
    /// - Parameters:
    ///   - distanceMeters: Reach in metres, inclusive. - point: The query point.
    ///   - itemDistance: Exact metres to item `id`, or `nil` to skip it.
    ///   - visit: Receives `(id, distanceMeters)`; return `false` to stop.
    /// - Complexity: O(log n + hits).
    ///
    /// ```swift
    /// live.forEachWithin(distanceMeters: 15, of: p, itemDistance: { d(p, $0) }) { id, m in true }
    /// ```
    @inlinable
    public func forEachWithin(distanceMeters: Double, of point: Coordinate,
                              itemDistance: (Int) throws -> Double?,
                              _ visit: (Int, Double) throws -> Bool) rethrows {
        try depthFirstWithin(distanceMeters, of: point, itemDistance: { i, _ in try itemDistance(i) }, visit)
    }

    /// Calls `visit` for every point item within `distanceMeters` (``LocalRuler/distance(_:_:)``)
    /// of a point, until it returns `false`; allocation-free.
    /// - Parameters:
    ///   - distanceMeters: Reach in metres, inclusive. - point: The query point.
    ///   - visit: Receives `(id, distanceMeters)`; return `false` to stop.
    /// - Complexity: O(log n + hits).
    ///
    /// ```swift
    /// var n = 0
    /// live.forEachWithin(distanceMeters: 15, of: p) { _, _ in n += 1; return true }
    /// ```
    @inlinable
    public func forEachWithin(distanceMeters: Double, of point: Coordinate,
                              _ visit: (Int, Double) throws -> Bool) rethrows {
        try depthFirstWithin(distanceMeters, of: point, itemDistance: { _, box in boxDistanceMeters(point, box) }, visit)
    }

    /// Depth-first within-distance traversal; `itemDistance` gets the id and the box.
    @inlinable
    func depthFirstWithin(_ distanceMeters: Double, of point: Coordinate,
                          itemDistance: (Int, BoundingBox) throws -> Double?,
                          _ visit: (Int, Double) throws -> Bool) rethrows {
        guard count > 0, distanceMeters >= 0 else { return }
        let bound = BoxDistanceBound(point, tables: .shared)
        let d2 = squaredReach(distanceMeters)
        let slots = self.slots
        try slotBoxes.withUnsafeBufferPointer { b in
            try slotRefs.withUnsafeBufferPointer { r in
                try counts.withUnsafeBufferPointer { cnt in
                    try levels.withUnsafeBufferPointer { lv in
                        try withUnsafeTemporaryAllocation(of: Int.self, capacity: (lv[root] + 1) * slots + 1) { stack in
                            stack[0] = root
                            var top = 1
                            while top > 0 {
                                top -= 1
                                let node = stack[top]
                                let leaf = lv[node] == 0
                                let base = node * slots
                                for s in base..<(base + cnt[node]) {
                                    let c = b[s]
                                    guard bound.squaredMeters(minX: c.minX, minY: c.minY, maxX: c.maxX, maxY: c.maxY) <= d2 else { continue }
                                    if leaf {
                                        if let d = try itemDistance(r[s], c), d <= distanceMeters {
                                            if try !visit(r[s], d) { return }
                                        }
                                    } else {
                                        stack[top] = r[s]
                                        top += 1
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Best-first k-nearest search over the node arrays (see ``PackedRTree``'s `kBest`).
    @inlinable
    func kBest(from point: Coordinate, k: Int, maxDistanceMeters: Double, storage: RTreeScratchStorage,
               itemDistance: (Int, BoundingBox) throws -> Double?) rethrows -> Int {
        guard count > 0, k > 0, maxDistanceMeters >= 0 else { return 0 }
        let k = Swift.min(k, count)
        if storage.bestCapacity < k { storage.growBest(to: k, keeping: 0) }
        let bound = BoxDistanceBound(point, tables: .shared)
        let slots = self.slots
        let best = storage.best
        var queue = storage.queue
        var queued = 0
        var found = 0
        var threshold = maxDistanceMeters
        var t2 = squaredReach(threshold)
        try slotBoxes.withUnsafeBufferPointer { b in
            try slotRefs.withUnsafeBufferPointer { r in
                try counts.withUnsafeBufferPointer { cnt in
                    try levels.withUnsafeBufferPointer { lv in
                        var node = root
                        while true {
                            let base = node * slots
                            if lv[node] == 0 {
                                for s in base..<(base + cnt[node]) {
                                    let c = b[s]
                                    guard bound.squaredMeters(minX: c.minX, minY: c.minY, maxX: c.maxX, maxY: c.maxY) <= t2,
                                          let d = try itemDistance(r[s], c), d <= threshold else { continue }
                                    if MaxHeap.offer(best, &found, k: k, RTreeQueueEntry(distance: d, ref: r[s])) {
                                        threshold = best[0].distance; t2 = threshold * threshold
                                    }
                                }
                            } else {
                                if queued + slots > storage.queueCapacity {
                                    storage.growQueue(to: queued + slots, keeping: queued)
                                    queue = storage.queue
                                }
                                for s in base..<(base + cnt[node]) {
                                    let c = b[s]
                                    let m2 = bound.squaredMeters(minX: c.minX, minY: c.minY, maxX: c.maxX, maxY: c.maxY)
                                    if m2 <= t2 { MinHeap.push(queue, &queued, RTreeQueueEntry(distance: m2, ref: r[s])) }
                                }
                            }
                            if queued == 0 { return }
                            let next = MinHeap.pop(queue, &queued)
                            if next.distance > t2 { return }
                            node = next.ref
                        }
                    }
                }
            }
        }
        return found
    }
}
