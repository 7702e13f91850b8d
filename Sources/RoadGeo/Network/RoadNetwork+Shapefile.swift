extension RoadNetwork {
    /// Builds a network from a shapefile import (``ShapefileImport``: geometry already in
    /// EPSG:4326, attributes decoded).
    ///
    /// Every part of a road becomes one ``Road``; its id is the import's id (the id field or the
    /// record number) as text, with `#0`, `#1`, ... appended for a multi-part road. Its properties
    /// are the DBF fields in field order, typed by their field type (text, integers, numbers,
    /// logicals, dates as ISO text); empty values are `null`.
    ///
    /// - Parameter shapefile: The import result.
    /// - Complexity: O(segments + roads × fields).
    ///
    /// ```swift
    /// let roads = try ShapefileImport(path: "data/moscow_roads_utm37n_cp1251.shp", options: .init(idField: "OSM_ID"))
    /// let network = RoadNetwork(shapefile: roads)
    /// ```
    public init(shapefile: ShapefileImport) {
        self.init(geoJSONRoads: shapefile.geoJSONRoads, idProperty: nil)
    }
}

extension ShapefileImport {
    /// The roads as ``GeoJSONRoad``s (the record order's index as feature index, the DBF fields
    /// as properties in field order), the one form ``RoadNetwork`` builds roads from.
    var geoJSONRoads: [GeoJSONRoad] {
        roads.enumerated().map { k, road in
            var properties = JSONObject()
            for (field, value) in zip(fields, road.attributes) { properties.append(field.name, value) }
            return GeoJSONRoad(featureIndex: k, id: road.id, line: road.geometry, properties: properties)
        }
    }
}
