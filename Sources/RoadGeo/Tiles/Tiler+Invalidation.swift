/// Invalidation: which tiles may render differently after data changes, for evicting them from
/// a ``TileCache`` and purging them from a CDN.
extension Tiler {
    /// The tiles at each zoom whose content may change when features inside `changedBoxes`
    /// change (pass both the old and the new box of a moved or edited feature).
    ///
    /// A feature reaches tile T exactly when its box meets T grown by the buffer, so the
    /// answer is, per zoom, the tiles meeting each box grown by the buffer (plus the
    /// wrapped copies at the antimeridian in tile-coordinate mode). Simplification is per
    /// feature, so no other feature's output changes.
    /// - Parameters:
    ///   - changedBoxes: Longitude/latitude boxes of the changed features (old and new).
    ///   - zooms: The zooms served (e.g. `5...14`).
    /// - Returns: Unique tiles sorted by zoom, row, column.
    /// - Throws: ``TileError`` for zooms outside 0...24.
    /// - Complexity: O(result) per box and zoom, plus a sort.
    ///
    /// ```swift
    /// let purge = try tiler.tilesAffected(by: [oldRoad.boundingBox, newRoad.boundingBox], zooms: 5...14)
    /// cache.evict(purge)
    /// ```
    public func tilesAffected(by changedBoxes: [BoundingBox], zooms: ClosedRange<Int>) throws(TileError) -> [TileID] {
        guard zooms.lowerBound >= 0 && zooms.upperBound <= TileID.maxZoom else {
            throw TileError("zooms \(zooms): must be within 0...\(TileID.maxZoom)")
        }
        var out: [TileID] = []
        for box in changedBoxes where !box.isEmpty {
            let u = WebMercator.project(box)
            for z in zooms {
                let pad = Double(options.buffer) / Double(options.extent) / Double(1 << z)
                let grown = u.expanded(by: pad, pad)
                out.append(contentsOf: TileRange(unitBox: grown, zoom: z))
                if options.coordinates == .tile {
                    if grown.minX < 0 {
                        out.append(contentsOf: TileRange(unitBox: BoundingBox(minX: grown.minX + 1, minY: grown.minY, maxX: 1, maxY: grown.maxY), zoom: z))
                    }
                    if grown.maxX > 1 {
                        out.append(contentsOf: TileRange(unitBox: BoundingBox(minX: 0, minY: grown.minY, maxX: grown.maxX - 1, maxY: grown.maxY), zoom: z))
                    }
                }
            }
        }
        return Self.sortedUnique(out)
    }

    static func sortedUnique(_ tiles: [TileID]) -> [TileID] {
        var sorted = tiles.sorted()
        var w = 0
        for i in sorted.indices where w == 0 || sorted[i] != sorted[w - 1] { sorted[w] = sorted[i]; w += 1 }
        sorted.removeLast(sorted.count - w)
        return sorted
    }
}

extension PointClusters {
    /// The tiles whose report clusters differ between two clusterings (before and after
    /// reports were added, removed, re-voted or re-statused).
    ///
    /// Clustering is greedy, so one new report can regroup clusters beyond its radius; rather
    /// than bound that, this compares the two clusterings level by level (both are sorted by
    /// grid cell and first point, so it is one merge pass per zoom) and returns the tiles
    /// whose buffered box holds an item that appeared, vanished or changed. Items are
    /// identified by their first point, so clusters elsewhere keep their ids and bytes.
    /// - Parameters:
    ///   - old: The clustering the cached tiles were rendered with.
    ///   - new: The new clustering (same options).
    ///   - zooms: Zooms served.
    ///   - tileOptions: The tiler's options (extent and buffer decide the tiles' reach).
    /// - Returns: Unique tiles sorted by zoom, row, column.
    /// - Throws: ``TileError`` for zooms outside 0...24.
    /// - Complexity: O(items of both clusterings per zoom).
    ///
    /// ```swift
    /// let purge = try PointClusters.tilesChanged(from: before, to: after, zooms: 0...16, tileOptions: tiler.options)
    /// ```
    public static func tilesChanged(from old: PointClusters, to new: PointClusters, zooms: ClosedRange<Int>,
                                    tileOptions: TilerOptions = TilerOptions()) throws(TileError) -> [TileID] {
        guard zooms.lowerBound >= 0 && zooms.upperBound <= TileID.maxZoom else {
            throw TileError("zooms \(zooms): must be within 0...\(TileID.maxZoom)")
        }
        var out: [TileID] = []
        for z in zooms {
            let a = old.levels[old.levelIndex(z)], b = new.levels[new.levelIndex(z)]
            let pad = Double(tileOptions.buffer) / Double(tileOptions.extent) / Double(1 << z)
            func mark(_ item: ClusterItem) {
                out.append(contentsOf: TileRange(unitBox: BoundingBox(minX: item.x - pad, minY: item.y - pad,
                                                                      maxX: item.x + pad, maxY: item.y + pad), zoom: z))
            }
            var i = 0, j = 0
            while i < a.items.count || j < b.items.count {
                if j == b.items.count || (i < a.items.count && (a.keys[i], a.items[i].seed) < (b.keys[j], b.items[j].seed)) {
                    mark(a.items[i]); i += 1
                } else if i == a.items.count || (a.keys[i], a.items[i].seed) > (b.keys[j], b.items[j].seed) {
                    mark(b.items[j]); j += 1
                } else {
                    if !sameOutput(old, a.items[i], new, b.items[j]) { mark(a.items[i]); mark(b.items[j]) }
                    i += 1; j += 1
                }
            }
        }
        return Tiler.sortedUnique(out)
    }

    private static func sameOutput(_ p: PointClusters, _ a: ClusterItem, _ q: PointClusters, _ b: ClusterItem) -> Bool {
        guard a.x == b.x, a.y == b.y, a.count == b.count, a.votes == b.votes, a.worst == b.worst else { return false }
        guard a.count == 1 else { return true }
        let ra = p.pointRecords[Int(a.origin)], rb = q.pointRecords[Int(b.origin)]
        return p.propertyBytes[Int(ra.id.lowerBound)..<Int(ra.id.upperBound)].elementsEqual(q.propertyBytes[Int(rb.id.lowerBound)..<Int(rb.id.upperBound)])
            && p.coordinates[Int(a.origin)] == q.coordinates[Int(b.origin)]
            && p.propertyBytes[Int(ra.start)..<Int(ra.end)].elementsEqual(q.propertyBytes[Int(rb.start)..<Int(rb.end)])
    }
}
