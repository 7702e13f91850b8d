/// A GeoJSON Feature (RFC 7946 section 3.2): a geometry (or none) with properties and an optional id.
///
/// ```swift
/// let road = GeoJSONFeature(
///     id: 14418627,
///     geometry: .lineString([Coordinate(37.6177, 55.8096), Coordinate(37.6186, 55.8109)]),
///     properties: ["name": "Шереметьевская улица", "highway": "secondary"])
/// print(road.properties["name"]?.stringValue ?? "")
/// ```
public struct GeoJSONFeature: Hashable, Sendable {
    /// The feature's `id`: a ``JSONValue/string(_:)``, ``JSONValue/integer(_:)`` or ``JSONValue/number(_:)``; `nil` when absent.
    public var id: JSONValue?
    /// The geometry; `nil` for `"geometry": null`.
    public var geometry: GeoJSONGeometry?
    /// The properties in file order; empty for `"properties": null` or `{}`.
    public var properties: JSONObject
    /// The feature's `bbox` member, if present (written back as read).
    public var bbox: [Double]?
    /// Members other than `type`, `id`, `geometry`, `properties` and `bbox`, in order.
    public var foreignMembers: JSONObject

    /// Creates a feature.
    ///
    /// - Parameters:
    ///   - id: A string or number id, or `nil`.
    ///   - geometry: The geometry (EPSG:4326, longitude first), or `nil`.
    ///   - properties: The properties, in the order they will be written.
    ///   - bbox: An explicit bounding box member, or `nil`.
    ///   - foreignMembers: Extra members to write.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let pothole = GeoJSONFeature(id: "r-1021", geometry: .point(Coordinate(74.5911, 42.8765)),
    ///                              properties: ["votes": 3, "status": "open"])
    /// ```
    public init(id: JSONValue? = nil, geometry: GeoJSONGeometry?, properties: JSONObject = JSONObject(),
                bbox: [Double]? = nil, foreignMembers: JSONObject = JSONObject()) {
        self.id = id
        self.geometry = geometry
        self.properties = properties
        self.bbox = bbox
        self.foreignMembers = foreignMembers
    }
}

/// A GeoJSON FeatureCollection (RFC 7946 section 3.3).
///
/// ```swift
/// let fc = GeoJSONFeatureCollection(features: [road])
/// let bytes = try GeoJSONWriter().encode(.featureCollection(fc))
/// ```
public struct GeoJSONFeatureCollection: Hashable, Sendable {
    /// The features, in order.
    public var features: [GeoJSONFeature]
    /// The collection's `bbox` member, if present.
    public var bbox: [Double]?
    /// Members other than `type`, `features` and `bbox` (e.g. a legacy `crs` or a `name`), in order.
    public var foreignMembers: JSONObject

    /// Creates a collection.
    ///
    /// - Parameters:
    ///   - features: The features.
    ///   - bbox: An explicit bounding box member, or `nil`.
    ///   - foreignMembers: Extra members to write.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let fc = GeoJSONFeatureCollection(features: doc.features.filter { $0.properties["highway"] == "primary" },
    ///                                   foreignMembers: ["name": "primary roads"])
    /// ```
    public init(features: [GeoJSONFeature], bbox: [Double]? = nil, foreignMembers: JSONObject = JSONObject()) {
        self.features = features
        self.bbox = bbox
        self.foreignMembers = foreignMembers
    }
}

/// A whole GeoJSON text: a FeatureCollection, a single Feature, or a bare geometry.
///
/// ```swift
/// let doc = try GeoJSONReader().read(contentsOf: "data/moscow_roads.geojson")
/// print(doc.features.count)
/// ```
public enum GeoJSONDocument: Hashable, Sendable {
    /// A FeatureCollection.
    case featureCollection(GeoJSONFeatureCollection)
    /// A single Feature.
    case feature(GeoJSONFeature)
    /// A bare geometry.
    case geometry(GeoJSONGeometry)

    /// The features: the collection's, the single feature, or the bare geometry wrapped in a
    /// feature with no properties.
    /// - Complexity: O(1) (the array is shared, not copied).
    public var features: [GeoJSONFeature] {
        switch self {
        case .featureCollection(let fc): return fc.features
        case .feature(let f): return [f]
        case .geometry(let g): return [GeoJSONFeature(geometry: g)]
        }
    }

    /// Top-level members other than the standard ones (e.g. a legacy `crs`), in order.
    public var foreignMembers: JSONObject {
        switch self {
        case .featureCollection(let fc): return fc.foreignMembers
        case .feature(let f): return f.foreignMembers
        case .geometry: return JSONObject()
        }
    }
}
