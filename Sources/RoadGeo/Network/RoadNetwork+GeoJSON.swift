extension RoadNetwork {
    /// Builds a network from roads read from GeoJSON (``GeoJSONReader/readRoads(contentsOf:skippingDegenerate:)``).
    ///
    /// Every part of a road becomes one ``Road`` (measures run along one line). Its id is the
    /// feature's `id`, else the `idProperty` value (OSM data carries `osm_id`), else the feature
    /// index; a MultiLineString's parts get `#0`, `#1`, ... appended. Properties become text
    /// attributes: strings as they are, numbers and booleans as written in JSON, arrays and
    /// objects as compact JSON; `null`s are left out.
    ///
    /// - Parameters:
    ///   - geoJSONRoads: The roads, in feature order.
    ///   - idProperty: The property to use as id when a feature has no `id`.
    /// - Complexity: O(segments).
    ///
    /// ```swift
    /// let network = RoadNetwork(geoJSONRoads: try GeoJSONReader().readRoads(contentsOf: "data/moscow_roads.geojson"))
    /// network.roads[0].id                      // "14418612"
    /// network.roads[0].attributes["highway"]   // "secondary"
    /// ```
    public init(geoJSONRoads: [GeoJSONRoad], idProperty: String? = "osm_id") {
        var roads: [Road] = []
        roads.reserveCapacity(geoJSONRoads.count)
        for road in geoJSONRoads {
            let base = road.id.flatMap(RoadNetwork.text) ?? idProperty.flatMap { road.properties[$0] }.flatMap(RoadNetwork.text)
                ?? String(road.featureIndex)
            let attributes = RoadNetwork.attributes(road.properties)
            let parts = road.line.parts
            for (k, part) in parts.enumerated() {
                roads.append(Road(id: parts.count > 1 ? "\(base)#\(k)" : base, line: part, attributes: attributes))
            }
        }
        self.init(roads: roads)
    }

    /// Reads a GeoJSON file of roads and builds the network (see ``init(geoJSONRoads:idProperty:)``).
    ///
    /// - Parameters:
    ///   - path: A GeoJSON FeatureCollection of LineStrings / MultiLineStrings (EPSG:4326).
    ///   - idProperty: The property to use as id when a feature has no `id`.
    ///   - skippingDegenerate: Drop lines with fewer than 2 distinct positions instead of failing.
    /// - Throws: ``GeoJSONError`` naming the file, feature and problem.
    /// - Complexity: O(file size).
    ///
    /// ```swift
    /// let network = try RoadNetwork(contentsOfGeoJSON: "data/heidelberg_roads.geojson")
    /// ```
    public init(contentsOfGeoJSON path: String, idProperty: String? = "osm_id",
                skippingDegenerate: Bool = false) throws(GeoJSONError) {
        self.init(geoJSONRoads: try GeoJSONReader().readRoads(contentsOf: path, skippingDegenerate: skippingDegenerate),
                  idProperty: idProperty)
    }

    /// Properties as text attributes, the one rule for every format: strings as they are,
    /// numbers, booleans, arrays and objects as compact JSON; `null`s left out.
    static func attributes(_ properties: JSONObject) -> [String: String] {
        var attributes: [String: String] = [:]
        for member in properties.members {
            if let value = text(member.value) { attributes[member.key] = value }
        }
        return attributes
    }

    /// A JSON value as attribute text; `nil` for null (or a number JSON cannot hold).
    private static func text(_ value: JSONValue) -> String? {
        switch value {
        case .null: return nil
        case .string(let s): return s
        default:
            var bytes: [UInt8] = []
            guard (try? GeoJSONWriter(coordinatePrecision: nil).append(value, to: &bytes)) != nil else { return nil }
            return String(decoding: bytes, as: UTF8.self)
        }
    }
}
