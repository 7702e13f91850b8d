/// Every knob of a ``Tiler``, with geojson-vt's defaults where it has one.
///
/// ```swift
/// var options = TilerOptions()                 // extent 4096, buffer 64, tolerance 3, lon/lat output
/// options.zoomRule = TileZoomRule(attribute: "road_class",
///                                 minZoomByValue: ["residential": 12, "service": 14])
/// options.keptProperties = [TilePropertySelection(fromZoom: 0, keys: ["road_class"]),
///                           TilePropertySelection(fromZoom: 12, keys: nil)]   // all from z12
/// let tiler = try Tiler(features: roads, options: options)
/// ```
public struct TilerOptions: Hashable, Sendable {
    /// How tile geometry is written.
    ///
    /// ```swift
    /// var options = TilerOptions()
    /// options.coordinates = .tile   // integer tile units like geojson-vt, for canvas renderers
    /// ```
    public enum CoordinateMode: Hashable, Sendable {
        /// RFC 7946 longitude/latitude, rounded to the decimals that resolve a tile pixel at the
        /// zoom and latitude (or ``TilerOptions/coordinatePrecision`` decimals).
        case longitudeLatitude
        /// Integer tile coordinates 0...extent (beyond it inside the buffer), y down, like
        /// geojson-vt; features near the antimeridian wrap into the buffer of the opposite edge.
        case tile
    }

    /// Tile side in tile units (default 4096). The buffer and tolerance are in these units.
    public var extent: Int = 4096
    /// Margin around each tile, in tile units, that clipped geometry may extend into
    /// (default 64, i.e. 1/64 of the tile), so strokes at tile edges join without seams.
    public var buffer: Int = 64
    /// Douglas-Peucker tolerance in tile units (default 3): at zoom z a vertex is dropped when
    /// it lies within `tolerance / (extent · 2^z)` of the simplified line (in world units), and
    /// a line part or ring shorter (smaller) than the tolerance is dropped. 0 keeps every vertex.
    public var tolerance: Double = 3
    /// Output coordinates (default ``CoordinateMode/longitudeLatitude``).
    public var coordinates: CoordinateMode = .longitudeLatitude
    /// Fixed number of decimals for longitude/latitude output, 0...12; `nil` (default) fits it
    /// to the zoom: enough to resolve 1/extent of the tile.
    public var coordinatePrecision: Int? = nil
    /// Per-feature zoom range from an attribute (default none: every feature at every zoom,
    /// narrowed by each feature's own `minZoom`/`maxZoom`).
    public var zoomRule: TileZoomRule? = nil
    /// Which properties tiles carry at each zoom (default empty: all properties at all zooms).
    /// At zoom z the entry with the greatest `fromZoom <= z` applies; zooms below every entry
    /// carry no properties.
    public var keptProperties: [TilePropertySelection] = []

    /// The defaults: extent 4096, buffer 64, tolerance 3, longitude/latitude output with zoom-fitted
    /// precision, no zoom rule, all properties at all zooms.
    ///
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let tiler = try Tiler(features: features, options: TilerOptions())
    /// ```
    public init() {}

    /// Checks the values.
    /// - Throws: ``TileError`` naming the bad option.
    func validate() throws(TileError) {
        guard extent >= 16 && extent <= 1 << 16 else { throw TileError(.invalidOption, "options: extent \(extent) must be within 16...65536") }
        guard buffer >= 0 && buffer <= extent else { throw TileError(.invalidOption, "options: buffer \(buffer) must be within 0...extent") }
        guard tolerance.isFinite && tolerance >= 0 else { throw TileError(.invalidOption, "options: tolerance must be finite and >= 0") }
        if let p = coordinatePrecision, !(0...12).contains(p) {
            throw TileError(.invalidOption, "options: coordinatePrecision \(p) must be within 0...12")
        }
    }
}

/// Zoom range per feature driven by one attribute: e.g. residential streets only from zoom 12.
///
/// A feature whose attribute is a string found in a table gets that table's zoom; the result
/// is intersected with the feature's own `minZoom...maxZoom`.
///
/// ```swift
/// let rule = TileZoomRule(attribute: "highway", minZoomByValue: ["residential": 12, "service": 14])
/// ```
public struct TileZoomRule: Hashable, Sendable {
    /// The attribute to read.
    public var attribute: String
    /// Lowest zoom per attribute value.
    public var minZoomByValue: [String: Int]
    /// Highest zoom per attribute value.
    public var maxZoomByValue: [String: Int]

    /// Creates a rule.
    ///
    /// - Parameters:
    ///   - attribute: Property name.
    ///   - minZoomByValue: Lowest zoom per value.
    ///   - maxZoomByValue: Highest zoom per value.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let rule = TileZoomRule(attribute: "highway", minZoomByValue: ["residential": 12],
    ///                         maxZoomByValue: ["motorway_link": 10])
    /// ```
    public init(attribute: String, minZoomByValue: [String: Int] = [:], maxZoomByValue: [String: Int] = [:]) {
        self.attribute = attribute; self.minZoomByValue = minZoomByValue; self.maxZoomByValue = maxZoomByValue
    }
}

/// The properties tiles carry from a zoom upwards (see ``TilerOptions/keptProperties``).
///
/// ```swift
/// TilePropertySelection(fromZoom: 0, keys: ["road_class", "status"])
/// ```
public struct TilePropertySelection: Hashable, Sendable {
    /// First zoom this selection applies to.
    public var fromZoom: Int
    /// Property names to keep, in the feature's order; `nil` keeps all.
    public var keys: [String]?

    /// Creates a selection.
    ///
    /// - Parameters:
    ///   - fromZoom: First zoom.
    ///   - keys: Names to keep, or `nil` for all.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// TilePropertySelection(fromZoom: 14, keys: nil)   // everything from zoom 14
    /// ```
    public init(fromZoom: Int, keys: [String]?) { self.fromZoom = fromZoom; self.keys = keys }
}
