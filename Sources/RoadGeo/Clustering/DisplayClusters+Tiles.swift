// How display clusters reach tiles: the features a tile writes, and which tiles a change alters.

extension DisplayClusters {
    /// Tile `id`'s clusters and single reports as a GeoJSON FeatureCollection on their own.
    ///
    /// Clusters are written as supercluster writes them (`cluster`, `cluster_id`, `point_count`,
    /// plus `votes` and `worst_status`), single reports with their key as the feature id and
    /// `votes`, `status` and `category`, ordered by key; positions as the tile options say.
    /// - Parameter id: The tile.
    /// - Returns: The tile (an empty FeatureCollection when no report reaches it).
    /// - Complexity: O(cells in the tile + hits · log hits).
    ///
    /// ```swift
    /// let tile = clusters.tile(try TileID(z: 12, x: 2_896, y: 1_502))
    /// ```
    public func tile(_ id: TileID) -> RenderedTile {
        RenderedTile.featureCollection(id, capacity: 4 << 10) { write(id, into: &$0, first: true, layer: nil) }
    }

    /// Writes the features of tile `id` (each preceded by a comma unless `first`); returns how many.
    func write(_ id: TileID, into w: inout TileJSONWriter, first: Bool, layer: ArraySlice<UInt8>?) -> Int {
        let t = tableIndex(id.z)
        let clip = TileClipBox(id: id, options: options.tiles)
        let transform = TileTransform(id: id, options: options.tiles)
        let slots = nodes(in: t, clip)
        for (i, slot) in slots.enumerated() {
            writeFeature(tables[t].nodes[Int(slot)].value, transform: transform, into: &w, first: first && i == 0, layer: layer)
        }
        return slots.count
    }

    func writeFeature(_ v: DisplayValue, transform: TileTransform, into w: inout TileJSONWriter, first: Bool,
                      layer: ArraySlice<UInt8>?) {
        w.raw(first ? "{\"type\":\"Feature\"," : ",{\"type\":\"Feature\",")
        if let layer { w.raw(layer) }
        let (ox, oy) = output(v, transform)
        let rawID = v.isReport ? v.key : -v.key - 1
        w.raw("\"id\":"); w.integer(rawID)
        w.raw(",\"geometry\":{\"type\":\"Point\",\"coordinates\":[")
        w.scaled(ox, digits: transform.digits); w.raw(","); w.scaled(oy, digits: transform.digits)
        w.raw("]},\"properties\":{")
        if v.isReport {
            w.raw("\"votes\":"); w.integer(v.votes)
            w.raw(",\"status\":"); name(v.worst, options.statusNames, &w)
            w.raw(",\"category\":"); name(v.category, options.categoryNames, &w)
        } else {
            w.raw("\"cluster\":true,\"cluster_id\":"); w.integer(rawID)
            w.raw(",\"point_count\":"); w.integer(Int64(v.count))
            w.raw(",\"votes\":"); w.integer(v.votes)
            w.raw(",\"worst_status\":"); name(v.worst, options.statusNames, &w)
        }
        w.raw("}}")
    }

    private func name(_ code: Int32, _ names: [String], _ w: inout TileJSONWriter) {
        if code >= 0 && Int(code) < names.count { w.string(names[Int(code)]) } else { w.integer(Int64(code)) }
    }

    /// The output numbers of an item's position in one tile (a report's own coordinate, exactly,
    /// in longitude/latitude mode).
    @inline(__always)
    private func output(_ v: DisplayValue, _ transform: TileTransform) -> (Int64, Int64) {
        if v.isReport && transform.mode == .longitudeLatitude {
            return (Int64((v.longitude * transform.power).rounded()), Int64((v.latitude * transform.power).rounded()))
        }
        let (x, y) = v.position
        return transform.output(x, y, source: -1, coordinates: [])
    }

    /// Whether ``writeFeature`` writes the same bytes for `a` and `b` in a tile, without writing
    /// them: the same id, output position and properties as written (names compared as text).
    private func writesSame(_ a: DisplayValue, _ b: DisplayValue, _ transform: TileTransform) -> Bool {
        func sameName(_ x: Int32, _ y: Int32, _ names: [String]) -> Bool {
            if x == y { return true }
            let ix = Int(x), iy = Int(y)
            guard x >= 0, y >= 0, ix < names.count, iy < names.count else { return false }
            return names[ix] == names[iy]
        }
        guard a.key == b.key, a.votes == b.votes, sameName(a.worst, b.worst, options.statusNames) else { return false }
        if a.isReport {
            guard sameName(a.category, b.category, options.categoryNames) else { return false }
        } else {
            guard a.count == b.count else { return false }
        }
        return output(a, transform) == output(b, transform)
    }

    /// The zooms whose tiles show table `t`.
    func zooms(ofTable t: Int) -> ClosedRange<Int>? {
        let lo = t == 0 ? 0 : options.minZoom + t
        let hi = t == tables.count - 1 ? options.maxTileZoom : min(options.minZoom + t, options.maxTileZoom)
        return lo <= hi ? lo...hi : nil
    }

    /// Adds the tiles whose bytes the changes of table `t` alter: a tile changes when an item
    /// enters or leaves it, or is written differently in it.
    func collectTiles(_ changes: [DisplayChange], table t: Int, into out: inout [TileID]) {
        guard let zooms = zooms(ofTable: t) else { return }
        for change in changes {
            let old = change.old.map(\.position), new = change.new.map(\.position)
            var box = BoundingBox.empty
            if let old { box.extend(Coordinate(old.x, old.y)) }
            if let new { box.extend(Coordinate(new.x, new.y)) }
            for z in zooms {
                // Grown a little more than the buffer: the exact clip test below decides.
                let reach = options.tiles.bufferReach(atZoom: z) * (1 + 1e-9) + 1e-15
                for id in TileRange(unitBox: box.expanded(by: reach, reach), zoom: z) {
                    let clip = TileClipBox(id: id, options: options.tiles)
                    let inOld = old.map { clip.contains($0.x, $0.y) } ?? false
                    let inNew = new.map { clip.contains($0.x, $0.y) } ?? false
                    if inOld != inNew { out.append(id); continue }
                    guard inOld, let ov = change.old, let nv = change.new else { continue }
                    if !writesSame(ov, nv, TileTransform(id: id, options: options.tiles)) { out.append(id) }
                }
            }
        }
    }
}
