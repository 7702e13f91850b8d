extension ImportedRoad {
    /// The attributes as an ordered JSON object keyed by field name, for GeoJSON `properties`.
    ///
    /// - Parameter fields: The import's ``ShapefileImport/fields``.
    /// - Returns: One member per field, in DBF order; nulls included.
    /// - Complexity: O(fields).
    ///
    /// ```swift
    /// let props = road.properties(fields: result.fields)
    /// print(props["NAME"]?.stringValue ?? "-")
    /// ```
    public func properties(fields: [DBFField]) -> JSONObject {
        var members: [JSONObject.Member] = []
        members.reserveCapacity(fields.count)
        for (field, value) in zip(fields, attributes) { members.append(JSONObject.Member(field.name, value)) }
        return JSONObject(members)
    }

    /// The road as an RFC 7946 feature: a LineString (one part) or MultiLineString, its id,
    /// and its attributes as properties.
    ///
    /// - Parameter fields: The import's ``ShapefileImport/fields``.
    /// - Complexity: O(points + fields).
    ///
    /// ```swift
    /// let features = result.roads.map { $0.feature(fields: result.fields) }
    /// let bytes = try GeoJSONWriter().encode(.featureCollection(GeoJSONFeatureCollection(features: features)))
    /// ```
    public func feature(fields: [DBFField]) -> GeoJSONFeature {
        let parts = geometry.parts
        let geometry: GeoJSONGeometry = parts.count == 1
            ? .lineString(parts[0].coordinates)
            : .multiLineString(parts.map(\.coordinates))
        return GeoJSONFeature(id: id, geometry: geometry, properties: properties(fields: fields))
    }
}

extension ImportedPoint {
    /// The attributes as an ordered JSON object keyed by field name, for GeoJSON `properties`.
    ///
    /// - Parameter fields: The import's ``ShapefileImport/fields``.
    /// - Returns: One member per field, in DBF order; nulls included.
    /// - Complexity: O(fields).
    ///
    /// ```swift
    /// let props = point.properties(fields: result.fields)
    /// ```
    public func properties(fields: [DBFField]) -> JSONObject {
        JSONObject(zip(fields, attributes).map { JSONObject.Member($0.0.name, $0.1) })
    }

    /// The point as an RFC 7946 feature: a Point (one position) or MultiPoint, its id, and its
    /// attributes as properties.
    ///
    /// - Parameter fields: The import's ``ShapefileImport/fields``.
    /// - Complexity: O(positions + fields).
    ///
    /// ```swift
    /// let features = result.points.map { $0.feature(fields: result.fields) }
    /// ```
    public func feature(fields: [DBFField]) -> GeoJSONFeature {
        let geometry: GeoJSONGeometry = coordinates.count == 1 ? .point(coordinates[0]) : .multiPoint(coordinates)
        return GeoJSONFeature(id: id, geometry: geometry, properties: properties(fields: fields))
    }
}
