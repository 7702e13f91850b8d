// TileJSON 3.0 (mapbox/tilejson-spec 3.0.0): the document a server publishes at /tiles.json, and
// its `vector_layers` member, which MBTiles' `json` metadata and PMTiles' metadata also carry.

extension TileLayers {
    /// A TileJSON 3.0 document for these layers served as MVT.
    ///
    /// `vector_layers` lists every layer with its fields (`Number`, `String`, `Boolean`, or
    /// `Mixed` when features disagree) and its zooms within `zooms`; `bounds` and `center` come
    /// from the data (the whole world when there is none).
    /// - Parameters:
    ///   - tiles: Tile URL templates, e.g. `https://host/tiles/{z}/{x}/{y}.mvt`.
    ///   - zooms: The zooms served, within 0...24.
    ///   - name: The tileset's name.
    /// - Returns: UTF-8 JSON.
    /// - Complexity: O(features' properties + layers).
    ///
    /// ```swift
    /// let json = layers.tileJSON(tiles: ["https://roads.example/tiles/{z}/{x}/{y}.mvt"], zooms: 0...14)
    /// ```
    public func tileJSON(tiles: [String], zooms: ClosedRange<Int>, name: String = "roadgeo") -> [UInt8] {
        var w = TileJSONWriter()
        w.raw("{\"tilejson\":\"3.0.0\",\"name\":"); w.string(name)
        w.raw(",\"scheme\":\"xyz\",\"tiles\":[")
        for (k, t) in tiles.enumerated() { if k > 0 { w.raw(",") }; w.string(t) }
        w.raw("],\"minzoom\":"); w.integer(Int64(zooms.lowerBound))
        w.raw(",\"maxzoom\":"); w.integer(Int64(zooms.upperBound))
        let box = lonLatBounds, center = Self.center(of: box, zooms: zooms)
        w.raw(",\"bounds\":[")
        w.fixed(box.minX, digits: 7); w.raw(","); w.fixed(box.minY, digits: 7); w.raw(",")
        w.fixed(box.maxX, digits: 7); w.raw(","); w.fixed(box.maxY, digits: 7)
        w.raw("],\"center\":[")
        w.fixed(center.longitude, digits: 7); w.raw(","); w.fixed(center.latitude, digits: 7); w.raw(",")
        w.integer(Int64(center.zoom))
        w.raw("],\"vector_layers\":")
        writeVectorLayers(zooms: zooms, into: &w)
        w.raw("}")
        return w.bytes
    }

    /// `[{"id":…,"fields":{…},"minzoom":…,"maxzoom":…},…]`: every layer drawn within `zooms`.
    func writeVectorLayers(zooms: ClosedRange<Int>, into w: inout TileJSONWriter) {
        w.raw("[")
        var first = true
        for l in layers where l.zooms.overlaps(zooms) {
            if !first { w.raw(",") }
            first = false
            w.raw("{\"id\":"); w.string(l.name); w.raw(",\"fields\":{")
            for (k, field) in l.fields.enumerated() {
                if k > 0 { w.raw(",") }
                w.string(field.name); w.raw(":"); w.string(field.type)
            }
            w.raw("},\"minzoom\":"); w.integer(Int64(max(l.zooms.lowerBound, zooms.lowerBound)))
            w.raw(",\"maxzoom\":"); w.integer(Int64(min(l.zooms.upperBound, zooms.upperBound))); w.raw("}")
        }
        w.raw("]")
    }

    /// The longitude/latitude box of every feature and report (the whole web-mercator world
    /// when there is none).
    var lonLatBounds: BoundingBox {
        var bounds = BoundingBox.empty
        for l in layers {
            switch l.content {
            case .features(let tiler): for r in tiler.records { bounds.extend(r.box) }
            case .clusters(let clusters): bounds.extend(clusters.unitBounds)
            }
        }
        if bounds.isEmpty { bounds = BoundingBox(minX: 0, minY: 0, maxX: 1, maxY: 1) }
        return BoundingBox(minX: WebMercator.unprojectX(max(0, bounds.minX)), minY: WebMercator.unprojectY(min(1, bounds.maxY)),
                           maxX: WebMercator.unprojectX(min(1, bounds.maxX)), maxY: WebMercator.unprojectY(max(0, bounds.minY)))
    }

    /// The middle of `box` and the highest zoom in `zooms` at which the box still fits one tile.
    static func center(of box: BoundingBox, zooms: ClosedRange<Int>) -> (longitude: Double, latitude: Double, zoom: Int) {
        let w = WebMercator.projectX(box.maxX) - WebMercator.projectX(box.minX)
        let h = WebMercator.projectY(box.minY) - WebMercator.projectY(box.maxY)
        var z = 0
        while z < TileID.maxZoom && max(w, h) * Double(1 << (z + 1)) <= 1 { z += 1 }
        return ((box.minX + box.maxX) / 2, (box.minY + box.maxY) / 2, min(max(z, zooms.lowerBound), zooms.upperBound))
    }
}

extension TileLayer {
    /// The layer's attribute names with their TileJSON types, sorted by name.
    var fields: [(name: String, type: String)] {
        switch content {
        case .clusters:
            return [("category", "Mixed"), ("cluster", "Boolean"), ("cluster_id", "Number"), ("point_count", "Number"),
                    ("status", "Mixed"), ("votes", "Number"), ("worst_status", "Mixed")]
        case .features(let tiler):
            var types = [String?](repeating: nil, count: tiler.keyNames.count)
            for (p, property) in tiler.propertyRecords.enumerated() {
                guard let value = VectorTileValue(tiler.propertyValues[p]) else { continue }
                let type: String
                switch value {
                case .string: type = "String"
                case .bool: type = "Boolean"
                case .float, .double, .int, .uint, .sint: type = "Number"
                }
                let k = Int(property.key)
                types[k] = types[k] == nil || types[k] == type ? type : "Mixed"
            }
            return tiler.keyNames.indices.compactMap { k in types[k].map { (tiler.keyNames[k], $0) } }.sorted { $0.name < $1.name }
        }
    }
}
