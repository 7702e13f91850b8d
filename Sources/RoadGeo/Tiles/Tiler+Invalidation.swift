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
            throw TileError(.invalidTile, "zooms \(zooms): must be within 0...\(TileID.maxZoom)")
        }
        var out: [TileID] = []
        for box in changedBoxes where !box.isEmpty {
            let u = WebMercator.project(box)
            for z in zooms {
                let pad = options.bufferReach(atZoom: z)
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
