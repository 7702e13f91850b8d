/// One road of a ``RoadNetwork``: an id, its measured geometry and its attributes.
///
/// ```swift
/// let road = Road(id: "EM-01", line: try Polyline(coords), attributes: ["highway": "primary"])
/// road.line.lengthMeters
/// ```
public struct Road: Hashable, Sendable {
    /// The road's identifier (an OSM way id, a national road number ...).
    public var id: String
    /// The geometry with its measures (metres from the start).
    public var line: MeasuredPolyline
    /// Attributes as text (`highway`, `name`, `layer` ...), for filters and output.
    public var attributes: [String: String]

    /// Creates a road.
    /// - Parameters:
    ///   - id: Identifier.
    ///   - line: Geometry (EPSG:4326); measured once here.
    ///   - attributes: Attributes as text.
    /// - Complexity: O(n) for the measures.
    ///
    /// ```swift
    /// Road(id: "EM-01", line: line, attributes: ["highway": "trunk"])
    /// ```
    public init(id: String, line: Polyline, attributes: [String: String] = [:]) {
        self.id = id
        self.line = MeasuredPolyline(line)
        self.attributes = attributes
    }
}
