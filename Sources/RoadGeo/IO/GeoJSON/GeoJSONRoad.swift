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
    /// - Parameters:
    ///   - featureIndex: Index of the source feature.
    ///   - id: The feature's id.
    ///   - line: The validated line.
    ///   - properties: The feature's properties.
    public init(featureIndex: Int, id: JSONValue?, line: MultiPolyline, properties: JSONObject) {
        self.featureIndex = featureIndex
        self.id = id
        self.line = line
        self.properties = properties
    }
}

extension GeoJSONDocument {
    /// The LineString and MultiLineString features as roads.
    ///
    /// Features with other geometry types, a null geometry or an empty line are skipped (their
    /// indices are simply absent). A line whose positions are all equal cannot be a ``Polyline``:
    /// it throws, unless `skippingDegenerate` is true, in which case that line (or part) is dropped.
    ///
    /// - Parameters:
    ///   - skippingDegenerate: Drop lines with fewer than 2 distinct positions instead of throwing.
    ///   - path: The source file, for error messages.
    /// - Returns: One road per line feature, in feature order.
    /// - Throws: ``GeoJSONError`` naming the feature and part.
    /// - Complexity: O(positions).
    public func roads(skippingDegenerate: Bool = false, path: String? = nil) throws(GeoJSONError) -> [GeoJSONRoad] {
        var roads: [GeoJSONRoad] = []
        for (index, feature) in features.enumerated() {
            let partsIn: [[Coordinate]]
            switch feature.geometry {
            case .lineString(let c)?: partsIn = c.isEmpty ? [] : [c]
            case .multiLineString(let p)?: partsIn = p
            default: continue
            }
            var parts: [Polyline] = []
            parts.reserveCapacity(partsIn.count)
            for (k, coordinates) in partsIn.enumerated() {
                do {
                    parts.append(try Polyline(coordinates))
                } catch {
                    if skippingDegenerate { continue }
                    let which = partsIn.count > 1 || feature.geometry?.typeName == "MultiLineString" ? "part \(k): " : ""
                    throw GeoJSONError(.invalidGeoJSON, "\(feature.geometry?.typeName ?? "line") \(which)\(error.message)",
                                       path: path, featureIndex: index)
                }
            }
            if parts.isEmpty { continue }
            roads.append(GeoJSONRoad(featureIndex: index, id: feature.id, line: MultiPolyline(parts: parts),
                                     properties: feature.properties))
        }
        return roads
    }
}

extension GeoJSONReader {
    /// Reads a GeoJSON file and returns its LineString and MultiLineString features as roads.
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
        try read(contentsOf: path).roads(skippingDegenerate: skippingDegenerate, path: path)
    }
}
