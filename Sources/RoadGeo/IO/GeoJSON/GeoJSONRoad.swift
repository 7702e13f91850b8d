/// A road read from GeoJSON: the validated line of one LineString or MultiLineString feature,
/// with the feature's index, id and properties.
///
/// This is what the network, tile and benchmark code consume: ``Polyline``s are validated
/// (at least two distinct positions, consecutive duplicates dropped), and ``featureIndex``
/// points back into the source file for error messages and attribute look-ups.
///
/// ```swift
/// let roads = try GeoJSONReader().readRoads(contentsOf: "data/moscow_roads.geojson")
/// for road in roads.prefix(3) {
///     print(road.featureIndex, road.properties["name"]?.stringValue ?? "-", road.line.lengthMeters)
/// }
/// let segments = roads.flatMap(\.line.parts)   // [Polyline]
/// ```
public struct GeoJSONRoad: Hashable, Sendable {
    /// Zero-based index of the feature in the collection.
    public var featureIndex: Int
    /// The feature's id, if any.
    public var id: JSONValue?
    /// The line: one part for a LineString, one per part for a MultiLineString.
    public var line: MultiPolyline
    /// The feature's properties, in file order.
    public var properties: JSONObject

    /// Creates a road.
    ///
    /// - Parameters:
    ///   - featureIndex: Zero-based index of the source feature.
    ///   - id: The feature's id.
    ///   - line: The validated line (EPSG:4326).
    ///   - properties: The feature's properties.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let road = GeoJSONRoad(featureIndex: 0, id: 1, line: MultiPolyline(parts: [polyline]), properties: ["name": "Chui Avenue"])
    /// ```
    public init(featureIndex: Int, id: JSONValue?, line: MultiPolyline, properties: JSONObject) {
        self.featureIndex = featureIndex
        self.id = id
        self.line = line
        self.properties = properties
    }
}

extension GeoJSONRoad {
    /// The road of a LineString or MultiLineString feature, or of the line members of a
    /// GeometryCollection (nested collections included; its other members are not roads, see
    /// ``GeoJSONGeometry/nonLineMembers``); `nil` for other geometry types, a null geometry, an
    /// empty line, or (when `skippingDegenerate`) a line whose every part has fewer than 2
    /// distinct positions.
    ///
    /// ```swift
    /// if let road = try GeoJSONRoad(feature, featureIndex: 3) { print(road.line.lengthMeters) }
    /// ```
    /// - Parameters:
    ///   - feature: The feature.
    ///   - featureIndex: Its index, kept in the road and named in errors.
    ///   - skippingDegenerate: Drop parts with fewer than 2 distinct positions instead of throwing.
    /// - Throws: ``GeoJSONError`` naming the feature and part of a degenerate line.
    /// - Complexity: O(positions).
    public init?(_ feature: GeoJSONFeature, featureIndex: Int, skippingDegenerate: Bool = false) throws(GeoJSONError) {
        let partsIn: [[Coordinate]]
        let isMulti: Bool
        switch feature.geometry {
        case .lineString(let c)?: partsIn = c.isEmpty ? [] : [c]; isMulti = false
        case .multiLineString(let p)?: partsIn = p; isMulti = true
        case .geometryCollection(let members)?:
            partsIn = members.flatMap(\.lineParts)
            isMulti = true
            if partsIn.isEmpty { return nil }
        default: return nil
        }
        var parts: [Polyline] = []
        parts.reserveCapacity(partsIn.count)
        for (k, coordinates) in partsIn.enumerated() {
            do {
                parts.append(try Polyline(coordinates))
            } catch {
                if skippingDegenerate { continue }
                let which = isMulti ? "\(feature.geometry?.typeName ?? "MultiLineString") line part \(k)" : "LineString"
                throw GeoJSONError(.invalidGeoJSON, "\(which): \(error.message)", featureIndex: featureIndex)
            }
        }
        if parts.isEmpty { return nil }
        self.init(featureIndex: featureIndex, id: feature.id, line: MultiPolyline(parts: parts), properties: feature.properties)
    }
}

extension GeoJSONDocument {
    /// The LineString and MultiLineString features as roads.
    ///
    /// Features with other geometry types, a null geometry or an empty line are skipped (their
    /// indices are simply absent). A line whose positions are all equal cannot be a ``Polyline``:
    /// it throws, unless `skippingDegenerate` is true, in which case that line (or part) is dropped.
    ///
    /// ```swift
    /// let roads = try doc.roads(skippingDegenerate: true)
    /// ```
    /// - Parameters:
    ///   - skippingDegenerate: Drop lines with fewer than 2 distinct positions instead of throwing.
    ///   - path: The source file, for error messages.
    /// - Returns: One road per line feature, in feature order.
    /// - Throws: ``GeoJSONError`` naming the feature and part.
    /// - Complexity: O(positions).
    public func roads(skippingDegenerate: Bool = false, path: String? = nil) throws(GeoJSONError) -> [GeoJSONRoad] {
        var roads: [GeoJSONRoad] = []
        for (index, feature) in features.enumerated() {
            do {
                if let road = try GeoJSONRoad(feature, featureIndex: index, skippingDegenerate: skippingDegenerate) {
                    roads.append(road)
                }
            } catch {
                var e = error
                e.path = path
                throw e
            }
        }
        return roads
    }
}

extension GeoJSONReader {
    /// Reads a GeoJSON file and returns its LineString and MultiLineString features as roads,
    /// converting each feature as it is parsed (the whole document is never held).
    ///
    /// ```swift
    /// let lines: [Polyline] = try GeoJSONReader().readRoads(contentsOf: path).flatMap(\.line.parts)
    /// ```
    /// - Parameters:
    ///   - path: The file.
    ///   - skippingDegenerate: Drop lines with fewer than 2 distinct positions instead of throwing.
    /// - Throws: ``GeoJSONError`` naming the file, feature and problem.
    /// - Complexity: O(file size).
    public func readRoads(contentsOf path: String, skippingDegenerate: Bool = false) throws(GeoJSONError) -> [GeoJSONRoad] {
        var roads: [GeoJSONRoad] = []
        try forEachFeature(contentsOf: path) { (index, feature) throws(GeoJSONError) in
            if let road = try GeoJSONRoad(feature, featureIndex: index, skippingDegenerate: skippingDegenerate) {
                roads.append(road)
            }
        }
        return roads
    }
}

extension GeoJSONGeometry {
    /// The lines of a LineString, MultiLineString or (recursively) GeometryCollection; none for
    /// other types.
    ///
    /// - Complexity: O(parts).
    ///
    /// ```swift
    /// let parts = geometry.lineParts   // [[Coordinate]]
    /// ```
    public var lineParts: [[Coordinate]] {
        switch self {
        case .lineString(let c): return c.isEmpty ? [] : [c]
        case .multiLineString(let p): return p
        case .geometryCollection(let g): return g.flatMap(\.lineParts)
        default: return []
        }
    }

    /// The type names of a GeometryCollection's members (recursively) that are not lines, in
    /// order, for a report: `["Point", "Polygon"]`; empty for other types.
    ///
    /// - Complexity: O(members).
    ///
    /// ```swift
    /// for name in geometry.nonLineMembers { print("\(name) member is not a road") }
    /// ```
    public var nonLineMembers: [String] {
        guard case .geometryCollection(let members) = self else { return [] }
        return members.flatMap { m -> [String] in
            switch m {
            case .lineString, .multiLineString: return []
            case .geometryCollection: return m.nonLineMembers
            default: return [m.typeName]
            }
        }
    }
}
