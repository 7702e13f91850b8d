/// A tile request or tiling input that cannot be served: a zoom, column or row out of range,
/// a malformed tile path, a feature whose geometry cannot be tiled, an invalid option, or a
/// tile archive that cannot be read or written.
///
/// The message names the tile (`z/x/y`) and the problem; ``description`` prefixes the archive
/// file and the feature index when they are known.
///
/// ```swift
/// do { _ = try TileID(z: 3, x: 8, y: 0) }
/// catch { print(error.kind, error) }   // invalid tile  tile 3/8/0: x must be within 0...7 at zoom 3
/// ```
public struct TileError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The class of problem, for callers that branch on it. New kinds may be added.
    ///
    /// ```swift
    /// do { _ = try TileID(path: request.path) }
    /// catch where error.kind == .invalidTile { respond(400, error.message) }
    /// catch { respond(500, "\(error)") }
    /// ```
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        let name: String
        /// A zoom, column, row, tile path, quadkey, zoom range or PMTiles tile id outside the
        /// tile scheme (zooms 0...``TileID/maxZoom``).
        public static let invalidTile = Kind(name: "invalid tile")
        /// A feature or report whose geometry cannot be tiled: a position that is not
        /// geographic, an empty multi-geometry, a ring that is not closed, no geometry.
        public static let invalidGeometry = Kind(name: "invalid geometry")
        /// A geometry type the tiler does not draw (GeometryCollection).
        public static let unsupportedGeometry = Kind(name: "unsupported geometry")
        /// A ``TilerOptions``, ``DisplayClusterOptions`` or ``TileLayers`` value out of range
        /// or inconsistent (no layers, a layer name twice).
        public static let invalidOption = Kind(name: "invalid option")
        /// A display-cluster report key that is negative or appears twice.
        public static let invalidKey = Kind(name: "invalid key")
        /// More than the tiler, the clusters or a reader take at once (2^31 vertices or
        /// reports, a gzip stream past its limit, a PMTiles run too long to list).
        public static let tooLarge = Kind(name: "too large")
        /// Gzip data or a PMTiles archive that is corrupt or cut short.
        public static let corrupt = Kind(name: "corrupt data")
        /// A file that is not a PMTiles archive (no magic).
        public static let unrecognised = Kind(name: "unrecognised format")
        /// A PMTiles version or compression this reader does not read.
        public static let unsupported = Kind(name: "unsupported content")
        /// zlib could not start a (de)compression stream (out of memory).
        public static let compressionUnavailable = Kind(name: "compression unavailable")
        /// A file or directory that cannot be created, written or read (SQLite errors included).
        public static let io = Kind(name: "I/O error")
        /// The kind's name.
        public var description: String { name }
    }

    /// The class of problem.
    public var kind: Kind
    /// What is wrong, in a sentence naming the tile where one is at fault.
    public var message: String
    /// The archive file (PMTiles or MBTiles), when reading or writing one.
    public var path: String?
    /// The zero-based index of the feature given to the tiler, when one is at fault.
    public var featureIndex: Int?

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - kind: The class of problem.
    ///   - message: What is wrong, naming the tile (`z/x/y`) where one is at fault.
    ///   - path: The archive file, if any.
    ///   - featureIndex: The zero-based feature, if any.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let e = TileError(.invalidGeometry, "empty MultiLineString", featureIndex: 4)
    /// print(e)   // feature 4: empty MultiLineString
    /// ```
    public init(_ kind: Kind, _ message: String, path: String? = nil, featureIndex: Int? = nil) {
        self.kind = kind
        self.message = message
        self.path = path
        self.featureIndex = featureIndex
    }

    /// `path: feature N: message`, with the parts that are known.
    public var description: String {
        errorDescription(message, path: path, context: [featureIndex.map { "feature \($0)" }])
    }
}
