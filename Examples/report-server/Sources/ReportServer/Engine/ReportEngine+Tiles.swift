import RoadGeo

extension ReportEngine {
    /// Tile `z/x/y` as one GeoJSON FeatureCollection: roads (static tiler), then repair sections and
    /// report clusters (overlay tiler), with an ETag over its bytes.
    ///
    /// Served from the ``TileCache`` when present. A tile rendered while a change was being applied
    /// is answered but not cached (the change's eviction may already have run).
    /// - Throws: ``APIError`` 400 for a tile that does not exist or a zoom above ``EngineSettings/maxTileZoom``.
    public func tile(z: Int, x: Int, y: Int) throws -> (tile: RenderedTile, etag: String) {
        guard z <= settings.maxTileZoom else {
            throw APIError.badRequest("tile \(z)/\(x)/\(y): zoom must be within 0...\(settings.maxTileZoom)")
        }
        let id: TileID
        do { id = try TileID(z: z, x: x, y: y) } catch { throw APIError.badRequest("tile \(z)/\(x)/\(y): \(error.message)") }
        if let hit = cache.cached(id) { return (hit, Self.etag(hit.bytes)) }
        let (overlay, generation) = state.withLock { ($0.overlay, $0.generation) }
        let tile = Self.compose(id, roadsTiler.tile(id), overlay.tile(id))
        state.withLock { if $0.generation == generation { cache.insert(tile) } }
        return (tile, Self.etag(tile.bytes))
    }

    /// Joins the features of two rendered FeatureCollections into one.
    static func compose(_ id: TileID, _ a: RenderedTile, _ b: RenderedTile) -> RenderedTile {
        if b.isEmpty { return RenderedTile(id: id, bytes: a.bytes, featureCount: a.featureCount) }
        if a.isEmpty { return RenderedTile(id: id, bytes: b.bytes, featureCount: b.featureCount) }
        // Both are `{"type":"FeatureCollection","features":[` ... `]}`: a without its closing `]}`,
        // a comma, then b's features.
        let head = Array(#"{"type":"FeatureCollection","features":["#.utf8)
        var bytes = Array(a.bytes.dropLast(2))
        bytes.reserveCapacity(a.bytes.count + b.bytes.count)
        bytes.append(UInt8(ascii: ","))
        bytes.append(contentsOf: b.bytes.dropFirst(head.count))
        return RenderedTile(id: id, bytes: bytes, featureCount: a.featureCount + b.featureCount)
    }

    /// A strong ETag: the FNV-1a 64-bit hash of the bytes, so it changes whenever the content does.
    static func etag(_ bytes: [UInt8]) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        let hex = String(h, radix: 16)
        return "\"" + String(repeating: "0", count: 16 - hex.count) + hex + "\""
    }
}
