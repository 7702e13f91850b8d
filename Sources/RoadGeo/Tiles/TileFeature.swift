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
    ///
    /// Lines are validated by ``Polyline``; points and polygon rings are checked when the
    /// ``Tiler`` is built.
    ///
    /// ```swift
    /// let pin: TileFeature.Geometry = .point(Coordinate(74.6, 42.87))
    /// let block: TileFeature.Geometry = .polygon([[Coordinate(74.60, 42.87), Coordinate(74.61, 42.87),
    ///                                               Coordinate(74.61, 42.88), Coordinate(74.60, 42.87)]])
    /// ```
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
    ///
    /// - Parameters:
    ///   - geometry: The shape.
    ///   - id: Optional feature id.
    ///   - properties: Ordered properties.
    ///   - minZoom: First zoom it appears at (default 0).
    ///   - maxZoom: Last zoom it appears at (default ``TileID/maxZoom``).
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let trunk = TileFeature(geometry: .line(road), id: 7, properties: ["highway": "trunk"], minZoom: 5)
    /// ```
    public init(geometry: Geometry, id: JSONValue? = nil, properties: JSONObject = JSONObject(),
                minZoom: Int = 0, maxZoom: Int = TileID.maxZoom) {
        self.geometry = geometry; self.id = id; self.properties = properties
        self.minZoom = minZoom; self.maxZoom = maxZoom
    }

    /// A road as a tile feature: its line, its id as the feature id and its typed properties
    /// (all of them, or the `keys` named, in that order; a key the road lacks is left out).
    ///
    /// - Parameters:
    ///   - road: The road.
    ///   - keys: The properties to keep, or `nil` for all of them in source order.
    /// - Complexity: O(properties × keys).
    ///
    /// ```swift
    /// let tiler = try Tiler(features: network.roads.map { TileFeature(road: $0, keeping: ["name", "highway", "lanes"]) })
    /// ```
    public init(road: Road, keeping keys: [String]? = nil) {
        var properties = road.properties
        if let keys {
            properties = JSONObject(keys.compactMap { key in road.properties[key].map { JSONObject.Member(key, $0) } })
        }
        self.init(geometry: .line(road.line.line), id: .string(road.id), properties: properties)
    }

    /// Converts a GeoJSON feature (id and properties kept, in order).
    ///
    /// - Parameters:
    ///   - feature: A feature from ``GeoJSONReader``.
    ///   - index: Its index, for messages.
    /// - Throws: ``TileError`` for a missing geometry, a GeometryCollection, or a LineString or
    ///   MultiLineString part that is not a valid ``Polyline`` (fewer than 2 distinct positions).
    ///   Empty points and polygons are reported by ``Tiler/init(features:reports:options:)``.
    /// - Complexity: O(positions).
    ///
    /// ```swift
    /// let doc = try GeoJSONReader().read(contentsOf: "roads.geojson")
    /// let first = try TileFeature(doc.features[0], index: 0)
    /// ```
    public init(_ feature: GeoJSONFeature, index: Int) throws(TileError) {
        func line(_ c: [Coordinate]) throws(TileError) -> Polyline {
            do { return try Polyline(c) } catch { throw TileError(.invalidGeometry, error.message, featureIndex: index) }
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
        case .geometryCollection?: throw TileError(.unsupportedGeometry, "GeometryCollection is not supported by the tiler", featureIndex: index)
        case nil: throw TileError(.invalidGeometry, "no geometry", featureIndex: index)
        }
        self.init(geometry: geometry, id: feature.id, properties: feature.properties)
    }

    /// Converts every feature of a GeoJSON document.
    ///
    /// - Parameters:
    ///   - document: From ``GeoJSONReader``.
    ///   - skippingInvalid: Skip features that ``init(_:index:)`` rejects instead of throwing.
    /// - Returns: The features, in document order.
    /// - Throws: ``TileError`` naming the first bad feature (unless skipping).
    /// - Complexity: O(positions).
    ///
    /// ```swift
    /// let features = try TileFeature.features(from: GeoJSONReader().read(contentsOf: "roads.geojson"),
    ///                                         skippingInvalid: true)
    /// ```
    public static func features(from document: GeoJSONDocument, skippingInvalid: Bool = false) throws(TileError) -> [TileFeature] {
        var out: [TileFeature] = []
        for (i, f) in document.features.enumerated() {
            do { out.append(try TileFeature(f, index: i)) } catch { if !skippingInvalid { throw error } }
        }
        return out
    }
}

