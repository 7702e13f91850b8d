/// One feature to tile: a geometry in longitude/latitude, an optional numeric id, ordered
/// properties, and the zoom levels at which it appears.
///
/// ```swift
/// let road = TileFeature(
///     geometry: .line(try Polyline([Coordinate(74.60, 42.87), Coordinate(74.61, 42.88)])),
///     id: 17,
///     properties: [TileProperty("name", .string("Чуй проспект")), TileProperty("repair_year", .integer(2023))])
/// ```
public struct TileFeature: Hashable, Sendable {
    /// The shapes a tiler accepts (EPSG:4326, longitude first).
    public enum Geometry: Hashable, Sendable {
        /// One position.
        case point(Coordinate)
        /// Several positions.
        case multiPoint([Coordinate])
        /// A validated line.
        case line(Polyline)
        /// Several lines.
        case multiLine(MultiPolyline)
        /// Rings of one polygon: the first is the exterior, the others holes; each ring is
        /// closed (first == last) with at least 4 positions.
        case polygon([[Coordinate]])
        /// Several polygons.
        case multiPolygon([[[Coordinate]]])
    }

    /// The shape.
    public var geometry: Geometry
    /// Written as the GeoJSON feature `id` when present.
    public var id: Int64?
    /// Properties in output order (keys should be unique).
    public var properties: [TileProperty]
    /// The feature appears in tiles of zoom `minZoom...maxZoom` only (0...24 by default).
    public var minZoom: Int
    /// See ``minZoom``.
    public var maxZoom: Int

    /// Creates a feature.
    /// - Parameters:
    ///   - geometry: The shape. - id: Optional feature id. - properties: Ordered properties.
    ///   - minZoom: First zoom it appears at. - maxZoom: Last zoom it appears at.
    public init(geometry: Geometry, id: Int64? = nil, properties: [TileProperty] = [],
                minZoom: Int = 0, maxZoom: Int = TileID.maxZoom) {
        self.geometry = geometry; self.id = id; self.properties = properties
        self.minZoom = minZoom; self.maxZoom = maxZoom
    }

    /// The value of the first property named `key`, or `nil`.
    /// - Complexity: O(number of properties).
    public func property(_ key: String) -> TileProperty.Value? {
        properties.first { $0.key == key }?.value
    }
}

/// One `key: value` property of a ``TileFeature``.
///
/// ```swift
/// let p = TileProperty("surface", .string("asphalt"))
/// ```
public struct TileProperty: Hashable, Sendable {
    /// A JSON scalar, or a JSON text kept verbatim (for arrays and objects).
    public enum Value: Hashable, Sendable {
        /// A string (escaped on output).
        case string(String)
        /// A finite number (non-finite numbers are written as `null`).
        case number(Double)
        /// An integer.
        case integer(Int64)
        /// `true` or `false`.
        case bool(Bool)
        /// `null`.
        case null
        /// A JSON text written as is, for nested arrays or objects; the caller guarantees it is valid JSON.
        case rawJSON(String)
    }

    /// The property name.
    public var key: String
    /// The value.
    public var value: Value

    /// Creates a property.
    /// - Parameters: key: Name. value: Value.
    public init(_ key: String, _ value: Value) { self.key = key; self.value = value }
}
