/// A GPS trace file that cannot be read: the file, the line (1-based, when known), the
/// GeoJSON feature (0-based, when inside one) and the problem.
///
/// ```swift
/// do { _ = try TraceFile.read(contentsOf: "drive.gpx") }
/// catch { print(error) }   // drive.gpx:412: <trkpt> has no "lon" attribute
/// ```
public struct TraceError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The class of problem, for callers (and tests) that branch on it. New kinds may be added.
    ///
    /// ```swift
    /// do { _ = try TraceFile.read(contentsOf: path) }
    /// catch where error.kind == .truncated { print("the upload was cut short") }
    /// catch { print(error) }
    /// ```
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        let name: String
        /// The file cannot be opened or read, or is not a regular file.
        public static let io = Kind(name: "I/O error")
        /// The file is larger than ``TraceReadOptions/maximumFileBytes``.
        public static let fileTooLarge = Kind(name: "file too large")
        /// The file is empty or holds only white space.
        public static let empty = Kind(name: "empty input")
        /// The content is none of GPX, CSV or GeoJSON (binary, compressed, an archive).
        public static let unrecognised = Kind(name: "unrecognised format")
        /// Not well-formed XML, JSON or CSV (a mismatched tag, a bad token, a stray quote).
        public static let malformed = Kind(name: "malformed input")
        /// The input ends in the middle of an element, a value or a quoted field.
        public static let truncated = Kind(name: "truncated input")
        /// Well-formed, but not the structure a trace needs (the XML root is not `<gpx>`, a
        /// GeoJSON Polygon, a `coordTimes` array of the wrong length).
        public static let unsupported = Kind(name: "unsupported content")
        /// A fix without a longitude or latitude (`<trkpt>` without `lat`, an empty CSV cell).
        public static let missingCoordinate = Kind(name: "missing coordinate")
        /// A longitude or latitude that is not a number, not finite, or out of range.
        public static let invalidCoordinate = Kind(name: "invalid coordinate")
        /// A time that is neither ISO 8601 nor a number of seconds.
        public static let invalidTime = Kind(name: "invalid time")
        /// A value that must be a number (GPX `<ele>`, a CSV coordinate cell) and is not.
        public static let invalidNumber = Kind(name: "invalid number")
        /// A CSV without a longitude or latitude column, or without a column the options name.
        public static let missingColumn = Kind(name: "missing column")
        /// A CSV row whose number of fields differs from the header's.
        public static let fieldCount = Kind(name: "wrong field count")
        /// A readable file that holds no fixes (no tracks, routes, rows or lines).
        public static let noFixes = Kind(name: "no fixes")
        /// The kind's name.
        public var description: String { name }
    }

    /// The class of problem.
    public var kind: Kind
    /// What is wrong, in a sentence a data maintainer can act on.
    public var message: String
    /// The file (or the name given to ``TraceFile/parse(_:name:options:)``).
    public var path: String?
    /// One-based line of the problem, when known.
    public var line: Int?
    /// Zero-based index of the GeoJSON feature, when inside one.
    public var featureIndex: Int?

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - kind: The class of problem.
    ///   - message: What is wrong.
    ///   - path: The file, if any.
    ///   - line: One-based line, if known.
    ///   - featureIndex: Zero-based GeoJSON feature, if any.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let e = TraceError(.missingCoordinate, "<trkpt> has no \"lon\" attribute", path: "drive.gpx", line: 412)
    /// print(e)   // drive.gpx:412: <trkpt> has no "lon" attribute
    /// ```
    public init(_ kind: Kind, _ message: String, path: String? = nil, line: Int? = nil, featureIndex: Int? = nil) {
        self.kind = kind
        self.message = message
        self.path = path
        self.line = line
        self.featureIndex = featureIndex
    }

    /// `path:line: feature N: message`, with the parts that are known.
    public var description: String {
        errorDescription(message, path: path, position: line.map(String.init), context: [featureIndex.map { "feature \($0)" }])
    }
}
