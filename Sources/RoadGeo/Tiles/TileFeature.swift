/// One feature to tile: a geometry in longitude/latitude, an optional id, ordered properties
/// (the GeoJSON reader's ``JSONObject``), and the zoom levels at which it appears.
///
/// ```swift
/// let road = TileFeature(
///     geometry: .line(try Polyline([Coordinate(74.60, 42.87), Coordinate(74.61, 42.88)])),
///     id: 17,
///     properties: ["name": "Чуй проспект", "repair_year": 2023])
/// let all = try TileFeature.features(from: GeoJSONReader().read(contentsOf: "roads.geojson"))
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
    /// Written as the GeoJSON feature `id` when present (a number or string).
    public var id: JSONValue?
    /// Properties in output order (keys should be unique).
    public var properties: JSONObject
    /// The feature appears in tiles of zoom `minZoom...maxZoom` only (0...24 by default).
    public var minZoom: Int
    /// See ``minZoom``.
    public var maxZoom: Int

    /// Creates a feature.
    /// - Parameters:
    ///   - geometry: The shape. - id: Optional feature id. - properties: Ordered properties.
    ///   - minZoom: First zoom it appears at. - maxZoom: Last zoom it appears at.
    public init(geometry: Geometry, id: JSONValue? = nil, properties: JSONObject = JSONObject(),
                minZoom: Int = 0, maxZoom: Int = TileID.maxZoom) {
        self.geometry = geometry; self.id = id; self.properties = properties
        self.minZoom = minZoom; self.maxZoom = maxZoom
    }

    /// Converts a GeoJSON feature (id and properties kept, in order).
    /// - Parameters: feature: A feature from ``GeoJSONReader``. index: Its index, for messages.
    /// - Throws: ``TileError`` for a missing, empty or invalid geometry, or a GeometryCollection.
    /// - Complexity: O(positions).
    public init(_ feature: GeoJSONFeature, index: Int) throws(TileError) {
        func line(_ c: [Coordinate]) throws(TileError) -> Polyline {
            do { return try Polyline(c) } catch { throw TileError("feature \(index): \(error.message)") }
        }
        let geometry: Geometry
        switch feature.geometry {
        case .point(let c)?: geometry = .point(c)
        case .multiPoint(let cs)?: geometry = .multiPoint(cs)
        case .lineString(let c)?: geometry = .line(try line(c))
        case .multiLineString(let parts)?:
            var lines: [Polyline] = []
            for p in parts { lines.append(try line(p)) }
            geometry = .multiLine(MultiPolyline(parts: lines))
        case .polygon(let rings)?: geometry = .polygon(rings)
        case .multiPolygon(let polygons)?: geometry = .multiPolygon(polygons)
        case .geometryCollection?: throw TileError("feature \(index): GeometryCollection is not supported by the tiler")
        case nil: throw TileError("feature \(index): no geometry")
        }
        self.init(geometry: geometry, id: feature.id, properties: feature.properties)
    }

    /// Converts every feature of a GeoJSON document.
    /// - Parameters:
    ///   - document: From ``GeoJSONReader``.
    ///   - skippingInvalid: Skip features without a usable geometry instead of throwing.
    /// - Throws: ``TileError`` naming the first bad feature (unless skipping).
    /// - Complexity: O(positions).
    public static func features(from document: GeoJSONDocument, skippingInvalid: Bool = false) throws(TileError) -> [TileFeature] {
        var out: [TileFeature] = []
        for (i, f) in document.features.enumerated() {
            do { out.append(try TileFeature(f, index: i)) } catch { if !skippingInvalid { throw error } }
        }
        return out
    }
}

