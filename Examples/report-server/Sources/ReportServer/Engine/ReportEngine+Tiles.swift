import RoadGeo

extension ReportEngine {
    /// Tile `z/x/y` as one GeoJSON FeatureCollection of three layers (each feature's `layer` says
    /// which): roads, repair sections, report clusters; with an ETag over its bytes.
    ///
    /// Served from the ``TileCache`` when present. A tile rendered from a copy of the state that a
    /// change has since replaced is answered but not cached (``TileCache/insert(_:generation:)``).
    /// - Throws: ``APIError`` 400 for a tile that does not exist or a zoom above ``EngineSettings/maxTileZoom``.
    public func tile(z: Int, x: Int, y: Int) throws -> (tile: RenderedTile, etag: String) {
        guard z <= settings.maxTileZoom else {
            throw APIError.badRequest("tile \(z)/\(x)/\(y): zoom must be within 0...\(settings.maxTileZoom)")
        }
        let id: TileID
        do { id = try TileID(z: z, x: x, y: y) } catch { throw APIError.badRequest("tile \(z)/\(x)/\(y): \(error.message)") }
        if let hit = cache.cached(id) { return (hit, Self.etag(hit.bytes)) }
        let roads = roadsCache.tile(id) { id in live.read { $0.layers.layerTile(id, layer: LiveState.roadsLayer) } }
        // Sections and reports from one published copy, so a change shows in both layers at once.
        let (sections, reports, generation) = live.read { s in
            (s.layers.layerTile(id, layer: LiveState.sectionsLayer), s.layers.layerTile(id, layer: LiveState.reportsLayer), s.generation)
        }
        let tile = TileLayers.compose([roads, sections, reports])
        cache.insert(tile, generation: generation)
        return (tile, Self.etag(tile.bytes))
    }

    /// A strong ETag: the FNV-1a 64-bit hash of the bytes, so it changes whenever the content does.
    static func etag(_ bytes: [UInt8]) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        let hex = String(h, radix: 16)
        return "\"" + String(repeating: "0", count: 16 - hex.count) + hex + "\""
    }
}
