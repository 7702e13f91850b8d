extension RoadNetwork {
    /// Builds a network from roads read from GeoJSON (``GeoJSONReader/readRoads(contentsOf:skippingDegenerate:)``).
    ///
    /// Every part of a road becomes one ``Road`` (measures run along one line). Its id is the
    /// feature's `id`, else the `idProperty` value (OSM data carries `osm_id`), else the feature
    /// index; a MultiLineString's parts get `#0`, `#1`, ... appended. Each part keeps the feature's
    /// properties as they are: typed, in order, `null`s included (``Road/properties``).
    ///
    /// - Parameters:
    ///   - geoJSONRoads: The roads, in feature order.
    ///   - idProperty: The property to use as id when a feature has no `id`.
    /// - Complexity: O(segments).
    ///
    /// ```swift
    /// let network = RoadNetwork(geoJSONRoads: try GeoJSONReader().readRoads(contentsOf: "data/moscow_roads.geojson"))
    /// network.roads[0].id                      // "14418612"
    /// network.roads[0].text("highway")         // "secondary"
    /// ```
    public init(geoJSONRoads: [GeoJSONRoad], idProperty: String? = "osm_id") {
        var roads: [Road] = []
        roads.reserveCapacity(geoJSONRoads.count)
        for road in geoJSONRoads {
            let base = road.id?.text ?? idProperty.flatMap { road.properties[$0]?.text } ?? String(road.featureIndex)
            let parts = road.line.parts
            for (k, part) in parts.enumerated() {
                roads.append(Road(id: parts.count > 1 ? "\(base)#\(k)" : base, line: part, properties: road.properties))
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
}
