/// Bad GeoJSON input, or a file that cannot be read or written.
///
/// The message names the problem; ``description`` prefixes the file, line:column and the
/// feature index when they are known, e.g.
/// `roads.geojson:1:5120: feature 12: LineString position 3: latitude 95.0 is outside -90...90`.
///
/// ```swift
/// do { _ = try GeoJSONReader().read(contentsOf: "roads.geojson") }
/// catch { print(error) }   // names file, place, feature and problem
/// ```
public struct GeoJSONError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The class of problem, for callers that branch on it. New kinds may be added.
    ///
    /// ```swift
    /// do { _ = try GeoJSONReader().parse("[1, 2") }
    /// catch where error.kind == .truncated { print("the file was cut short") }
    /// catch { print(error) }
    /// ```
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        let name: String
        /// Not valid JSON (bad token, missing comma or bracket, trailing data, bad escape, invalid UTF-8).
        public static let malformedJSON = Kind(name: "malformed JSON")
        /// Valid JSON that is not valid GeoJSON (wrong type, missing member, bad geometry structure).
        public static let invalidGeoJSON = Kind(name: "invalid GeoJSON")
        /// A position that is not a real geographic coordinate (out of range).
        public static let invalidCoordinate = Kind(name: "invalid coordinate")
        /// `NaN` or `Infinity`, or a number too large for a `Double`.
        public static let nonFiniteNumber = Kind(name: "non-finite number")
        /// Arrays and objects nested deeper than the reader's limit.
        public static let tooDeep = Kind(name: "nesting too deep")
        /// The input ends in the middle of a value.
        public static let truncated = Kind(name: "truncated input")
        /// The file is larger than the reader's limit.
        public static let fileTooLarge = Kind(name: "file too large")
        /// The file cannot be opened, read or written.
        public static let io = Kind(name: "I/O error")
        /// The kind's name.
        public var description: String { name }
    }

    /// The class of problem.
    public var kind: Kind
    /// What is wrong, in a sentence a data maintainer can act on.
    public var message: String
    /// The file, when reading or writing one.
    public var path: String?
    /// The zero-based index of the feature in the FeatureCollection, when inside one.
    public var featureIndex: Int?
    /// The byte offset in the input where the problem was found.
    public var byteOffset: Int?
    /// One-based line of ``byteOffset``.
    public var line: Int?
    /// One-based column of ``byteOffset``, in Unicode scalars.
    public var column: Int?

    /// Creates an error. ``line`` and ``column`` are left `nil`; the reader fills them in from the input.
    ///
    /// - Parameters:
    ///   - kind: The class of problem.
    ///   - message: What is wrong.
    ///   - path: The file, if any.
    ///   - featureIndex: The zero-based feature, if any.
    ///   - byteOffset: Where in the input (bytes from its start), if known.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let e = GeoJSONError(.invalidGeoJSON, "LineString needs at least 2 positions", path: "roads.geojson", featureIndex: 12)
    /// print(e)   // roads.geojson: feature 12: LineString needs at least 2 positions
    /// ```
    public init(_ kind: Kind, _ message: String, path: String? = nil, featureIndex: Int? = nil, byteOffset: Int? = nil) {
        self.kind = kind
        self.message = message
        self.path = path
        self.featureIndex = featureIndex
        self.byteOffset = byteOffset
    }

    /// `path:line:column: feature N: message` with the parts that are known.
    public var description: String {
        let position = line.flatMap { line in column.map { "\(line):\($0)" } } ?? byteOffset.map { "byte \($0)" }
        return errorDescription(message, path: path, position: position, context: [featureIndex.map { "feature \($0)" }])
    }
}
