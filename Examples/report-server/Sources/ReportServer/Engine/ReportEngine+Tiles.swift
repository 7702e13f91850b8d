import RoadGeo

extension ReportEngine {
    /// Tile `z/x/y` as one GeoJSON FeatureCollection of three layers (each feature's `layer` says
    /// which): roads, repair sections, report clusters; with an ETag over its bytes.
    ///
    /// Served from the ``TileCache`` when present. A tile rendered from a copy of the state that a
    /// change has since replaced is answered but not cached (``TileCache/insert(_:generation:)``).
    /// - Throws: ``APIError`` 400 for a tile that does not exist or a zoom above ``EngineSettings/maxTileZoom``.
    public func tile(z: Int, x: Int, y: Int) throws -> (tile: RenderedTile, etag: String) {
        let id = try servedTile(z: z, x: x, y: y)
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

    /// Tile `z/x/y` as a Mapbox Vector Tile 2.1 with the MVT layers `roads`, `sections` and
    /// `reports` (a layer without a feature in the tile is left out), rendered from one published
    /// copy of the state; with an ETag over its (uncompressed) bytes.
    ///
    /// Cached beside the GeoJSON tiles and evicted with them when a change touches the tile.
    /// - Throws: ``APIError`` 400 for a tile that does not exist or a zoom above ``EngineSettings/maxTileZoom``.
    public func vectorTile(z: Int, x: Int, y: Int) throws -> (tile: RenderedTile, etag: String) {
        let id = try servedTile(z: z, x: x, y: y)
        if let hit = vectorCache.cached(id) { return (hit, Self.etag(hit.bytes)) }
        let (tile, generation) = live.read { s in (s.layers.vectorTile(id), s.generation) }
        vectorCache.insert(tile, generation: generation)
        return (tile, Self.etag(tile.bytes))
    }

    /// The TileJSON 3.0 document of the MVT endpoint: tile URL under `base`, zooms
    /// 0...``EngineSettings/maxTileZoom``, the network's bounds, and `vector_layers` with each
    /// layer's fields.
    /// - Parameter base: Scheme and authority the client used, e.g. `http://127.0.0.1:8080`.
    public func tileJSON(base: String) -> [UInt8] {
        live.read { s in
            s.layers.tileJSON(tiles: [base + "/tiles/{z}/{x}/{y}.mvt"], zooms: 0...settings.maxTileZoom, name: "report-server")
        }
    }

    /// The tile `z/x/y` if it exists and is within ``EngineSettings/maxTileZoom``.
    private func servedTile(z: Int, x: Int, y: Int) throws -> TileID {
        guard z <= settings.maxTileZoom else {
            throw APIError.badRequest("tile \(z)/\(x)/\(y): zoom must be within 0...\(settings.maxTileZoom)")
        }
        do { return try TileID(z: z, x: x, y: y) } catch { throw APIError.badRequest(error.message) }
    }

    /// A strong ETag: the FNV-1a 64-bit hash of the bytes, so it changes whenever the content does.
    static func etag(_ bytes: [UInt8]) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        let hex = String(h, radix: 16)
        return "\"" + String(repeating: "0", count: 16 - hex.count) + hex + "\""
    }
}
