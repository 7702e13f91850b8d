/// A road of a network: an identifier, a measured geometry and typed properties.
///
/// ```swift
/// let road = Road(id: "EM-01", line: try Polyline([Coordinate(74.58, 42.87), Coordinate(74.60, 42.87)]),
///                 properties: ["highway": "trunk", "lanes": 4, "bridge": false])
/// road.line.length                          // metres
/// road.properties["lanes"]?.int64Value      // 4
/// road.text("highway")                      // "trunk"
/// ```
public struct Road: Hashable, Sendable {
    /// The road's identifier (an OSM way id, a national road number ...).
    public var id: String
    /// The geometry with its measures (metres from the start).
    public var line: MeasuredPolyline
    /// The road's properties in their source order, with their types: GeoJSON `properties` as
    /// written (numbers, booleans, nulls, arrays and objects included), DBF fields typed by
    /// their field type, OpenStreetMap tags as strings. Snapshots and tiles carry them as they are.
    public var properties: JSONObject

    /// Creates a road.
    /// - Parameters:
    ///   - id: Identifier.
    ///   - line: Geometry (EPSG:4326); measured once here.
    ///   - properties: Typed properties, in order.
    /// - Complexity: O(n) for the measures.
    ///
    /// ```swift
    /// Road(id: "EM-01", line: line, properties: ["highway": "trunk", "maxspeed": 90])
    /// ```
    public init(id: String, line: Polyline, properties: JSONObject = [:]) {
        self.id = id
        self.line = MeasuredPolyline(line)
        self.properties = properties
    }

    /// A property as text, for filters and labels: a string as it is, a number or boolean as
    /// JSON writes it, an array or object as compact JSON; `nil` when absent or null.
    ///
    /// - Parameter key: The property name (exact, case-sensitive; the last of equal names).
    /// - Returns: The text, or `nil`.
    /// - Complexity: O(properties).
    ///
    /// ```swift
    /// road.text("layer")    // "1" for "layer": 1 and for "layer": "1" alike
    /// ```
    public func text(_ key: String) -> String? {
        properties[key]?.text
    }
}
