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
        var w = TileJSONWriter(capacity: 4 << 10)
        w.raw("{\"type\":\"FeatureCollection\",\"features\":[")
        let n = write(id, into: &w, first: true, layer: nil)
        w.raw("]}")
        return RenderedTile(id: id, bytes: w.bytes, featureCount: n)
    }

    /// Writes the features of tile `id` (each preceded by a comma unless `first`); returns how many.
    func write(_ id: TileID, into w: inout TileJSONWriter, first: Bool, layer: ArraySlice<UInt8>?) -> Int {
        let t = tableIndex(id.z)
        let clip = Self.clip(id, options.tiles)
        let transform = TileTransform(id: id, options: options.tiles)
        let slots = nodes(in: t, minX: clip.minX, minY: clip.minY, maxX: clip.maxX, maxY: clip.maxY)
        for (i, slot) in slots.enumerated() {
            writeFeature(tables[t].nodes[Int(slot)].value, transform: transform, into: &w, first: first && i == 0, layer: layer)
        }
        return slots.count
    }

    /// The tile plus buffer, in the unit square (what a tile shows).
    static func clip(_ id: TileID, _ o: TilerOptions) -> BoundingBox {
        let b = id.unitBounds
        let pad = Double(o.buffer) / Double(o.extent) / Double(1 << id.z)
        return BoundingBox(minX: b.minX - pad, minY: b.minY - pad, maxX: b.maxX + pad, maxY: b.maxY + pad)
    }

    func writeFeature(_ v: DisplayValue, transform: TileTransform, into w: inout TileJSONWriter, first: Bool,
                      layer: ArraySlice<UInt8>?) {
        w.raw(first ? "{\"type\":\"Feature\"," : ",{\"type\":\"Feature\",")
        if let layer { w.raw(layer) }
        let (x, y) = v.position
        var (ox, oy) = transform.output(x, y, source: -1, coordinates: [])
        if v.isReport && transform.mode == .longitudeLatitude {
            ox = Int64((v.longitude * transform.power).rounded()); oy = Int64((v.latitude * transform.power).rounded())
        }
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
        var a = TileJSONWriter(capacity: 256), b = TileJSONWriter(capacity: 256)
        for change in changes {
            let old = change.old.map(\.position), new = change.new.map(\.position)
            for z in zooms {
                let pad = Double(options.tiles.buffer) / Double(options.tiles.extent) / Double(1 << z)
                var box = BoundingBox.empty
                for p in [old, new] { if let p { box.extend(Coordinate(p.x, p.y)) } }
                // Grown a little more than the pad: the exact clip test below decides.
                let reach = pad * (1 + 1e-9) + 1e-15
                for id in TileRange(unitBox: box.expanded(by: reach, reach), zoom: z) {
                    let clip = Self.clip(id, options.tiles)
                    let inOld = old.map { clip.contains(Coordinate($0.x, $0.y)) } ?? false
                    let inNew = new.map { clip.contains(Coordinate($0.x, $0.y)) } ?? false
                    if inOld != inNew { out.append(id); continue }
                    guard inOld, let ov = change.old, let nv = change.new else { continue }
                    let transform = TileTransform(id: id, options: options.tiles)
                    a.bytes.removeAll(keepingCapacity: true); b.bytes.removeAll(keepingCapacity: true)
                    writeFeature(ov, transform: transform, into: &a, first: true, layer: nil)
                    writeFeature(nv, transform: transform, into: &b, first: true, layer: nil)
                    if a.bytes != b.bytes { out.append(id) }
                }
            }
        }
    }
}
