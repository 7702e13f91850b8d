/// The area of RoadGeo an error comes from: a caseless enum that tells one error type from
/// another (``RTreeError`` from ``ShapefileError``) while they share one shape.
///
/// Each area declares one (``RTreeErrors``, ``ShapefileErrors``, ...) and names its error type
/// `RoadGeoError<ThatDomain>`, so `catch let error as ShapefileError` catches only shapefile
/// problems.
///
/// ```swift
/// public enum MyFormatErrors: ErrorDomain {}
/// public typealias MyFormatError = RoadGeoError<MyFormatErrors>
/// ```
public protocol ErrorDomain: Sendable {}

/// Every RoadGeo error: what class of problem (``kind``), what is wrong (``message``) and the
/// parts of its place that are known (file, line, record, blob, feature, byte, function).
///
/// The areas of the library name their errors through it: ``RTreeError``,
/// ``GeometryError``, ``LinearReferencingError``, ``ProjectionError``, ``GEOSError``,
/// ``RoadNetworkError``, ``GeoJSONError``, ``ShapefileError``, ``OSMPBFError``,
/// ``TraceError`` and ``TileError``. They share one vocabulary of kinds (``ErrorKind``) and one
/// ``description``: `path:position: context: message`, for example
/// `roads.geojson:1:5120: feature 12: LineString position 3: latitude 95.0 is outside -90...90`
/// or `a.osm.pbf: blob 3 at byte 81234: blob data needs 65536 bytes, 1200 left`.
///
/// ```swift
/// do { _ = try ShapefileReader(path: "roads.shp") }
/// catch let error as ShapefileError where error.kind == .invalidHeader { print("not a shapefile:", error) }
/// catch { print(error) }
/// ```
public struct RoadGeoError<Domain: ErrorDomain>: Error, Hashable, Sendable, CustomStringConvertible {
    /// The class of problem; the same vocabulary in every area of the library.
    public typealias Kind = ErrorKind

    /// The class of problem, for callers that branch on it.
    public var kind: Kind
    /// What is wrong, naming the field, element, section or value found.
    public var message: String
    /// The file, when the problem is in one.
    public var path: String?
    /// The 1-based line in a text file, when known.
    public var line: Int?
    /// The 1-based column on ``line``, when known.
    public var column: Int?
    /// The 1-based record number (a shapefile or DBF record), when one is at fault.
    public var record: Int?
    /// The blob's number in an OpenStreetMap PBF file (0 is the first), when inside one.
    public var blob: Int?
    /// The 0-based index of the feature at fault (GeoJSON, a tile's input), when known.
    public var featureIndex: Int?
    /// The byte offset in the file (for a PBF blob, of its BlobHeader length), when known.
    public var byteOffset: Int?
    /// The library function that failed (a GEOS function), when the error carries one.
    public var operation: String?

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - kind: The class of problem.
    ///   - message: What is wrong.
    ///   - path: The file, if any.
    ///   - line: The 1-based line, if known.
    ///   - column: The 1-based column, if known.
    ///   - record: The 1-based record number, if any.
    ///   - blob: The PBF blob's number, if any.
    ///   - featureIndex: The 0-based feature index, if any.
    ///   - byteOffset: The byte offset in the file, if known.
    ///   - operation: The function that failed, if any.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let e = OSMPBFError(.truncated, "blob data cut short", path: "a.osm.pbf", blob: 2, byteOffset: 9000)
    /// print(e)   // a.osm.pbf: blob 2 at byte 9000: blob data cut short
    /// ```
    public init(_ kind: Kind, _ message: String, path: String? = nil, line: Int? = nil, column: Int? = nil,
                record: Int? = nil, blob: Int? = nil, featureIndex: Int? = nil, byteOffset: Int? = nil,
                operation: String? = nil) {
        self.kind = kind
        self.message = message
        self.path = path
        self.line = line
        self.column = column
        self.record = record
        self.blob = blob
        self.featureIndex = featureIndex
        self.byteOffset = byteOffset
        self.operation = operation
    }

    /// `path:position: context: message` with the parts that are known: the position is
    /// `line:column`, `line` or `byte B`; the context parts are the function, `blob N at byte B`,
    /// `record N` and `feature N`, each followed by `": "`. An error without a place prints its
    /// message alone.
    public var description: String {
        let position = line.map { line in column.map { "\(line):\($0)" } ?? "\(line)" }
            ?? (blob == nil ? byteOffset.map { "byte \($0)" } : nil)
        let blobPart = blob.map { blob in byteOffset.map { "blob \(blob) at byte \($0)" } ?? "blob \(blob)" }
        return errorDescription(message, path: path, position: position, context: [
            operation, blobPart, record.map { "record \($0)" }, featureIndex.map { "feature \($0)" },
        ])
    }
}

/// The class of a RoadGeo error: one vocabulary for every area, so that a caller can branch on
/// "the file is cut short" or "the input is corrupt" the same way for a snapshot, an R-tree, a
/// PBF file or a tile archive. New kinds may be added.
///
/// ```swift
/// do { _ = try PackedRTree(serialized: cached) }
/// catch let error as RTreeError where error.kind == .unsupportedVersion { rebuildIndex() }
/// catch { print(error) }
/// ```
public struct ErrorKind: Hashable, Sendable, CustomStringConvertible {
    let name: String
    /// The kind's name, e.g. `truncated input`.
    public var description: String { name }

    // Reading files
    /// The file could not be opened, read or written.
    public static let io = ErrorKind(name: "I/O error")
    /// The file, buffer or blob ends before what its header or a length field promises, or
    /// does not have the length the header gives.
    public static let truncated = ErrorKind(name: "truncated input")
    /// A file, blob or length field larger than the format or the reader allows.
    public static let tooLarge = ErrorKind(name: "too large")
    /// The bytes are not the format asked for (wrong magic, no known header).
    public static let unrecognised = ErrorKind(name: "unrecognised format")
    /// A format version this build does not read.
    public static let unsupportedVersion = ErrorKind(name: "unsupported version")
    /// Content the format allows but this reader does not handle (a shape type, a field type,
    /// a tile compression, a geometry in a trace).
    public static let unsupported = ErrorKind(name: "unsupported content")
    /// Bytes or text that break the format's syntax: invalid JSON, a protobuf varint over 10
    /// bytes, a CSV line that cannot be split.
    public static let malformed = ErrorKind(name: "malformed input")
    /// A checksum mismatch, or a header field, section, node or directory that does not agree
    /// with the rest of the data.
    public static let corrupt = ErrorKind(name: "corrupt data")
    /// An index into a string table, node list or parallel array that is out of range, or
    /// parallel arrays that disagree in length.
    public static let badReference = ErrorKind(name: "bad reference")
    /// Compressed data that does not inflate, or not to its declared size.
    public static let badCompression = ErrorKind(name: "bad compression")
    /// A compression this build cannot write or read (zlib missing, lzma, zstd).
    public static let compressionUnavailable = ErrorKind(name: "compression unavailable")
    /// A file header that is not valid (a shapefile's file code, lengths or box).
    public static let invalidHeader = ErrorKind(name: "invalid header")
    /// A record (a shapefile or DBF record) that cannot be read.
    public static let invalidRecord = ErrorKind(name: "invalid record")
    /// A block of the wrong type where another is required (a PBF `OSMHeader` missing or
    /// repeated).
    public static let unexpectedBlock = ErrorKind(name: "unexpected block")
    /// The file requires a feature this reader does not implement.
    public static let unsupportedFeature = ErrorKind(name: "unsupported feature")
    /// Well-formed JSON that is not GeoJSON (a missing `type`, `coordinates` of the wrong
    /// depth).
    public static let invalidGeoJSON = ErrorKind(name: "invalid GeoJSON")
    /// A number that is NaN or infinite where a finite one is needed.
    public static let nonFiniteNumber = ErrorKind(name: "non-finite number")
    /// Nesting deeper than the reader allows.
    public static let tooDeep = ErrorKind(name: "nesting too deep")
    /// A file with no content where some is required.
    public static let empty = ErrorKind(name: "empty input")

    // Values
    /// A coordinate that is not finite or outside ±180° longitude / ±90° latitude.
    public static let invalidCoordinate = ErrorKind(name: "invalid coordinate")
    /// A point record without a coordinate.
    public static let missingCoordinate = ErrorKind(name: "missing coordinate")
    /// A time that cannot be parsed or is out of order.
    public static let invalidTime = ErrorKind(name: "invalid time")
    /// A number field that cannot be parsed.
    public static let invalidNumber = ErrorKind(name: "invalid number")
    /// A required column that a header lacks.
    public static let missingColumn = ErrorKind(name: "missing column")
    /// A row with another number of fields than its header.
    public static let fieldCount = ErrorKind(name: "wrong field count")
    /// A trace with no usable fixes.
    public static let noFixes = ErrorKind(name: "no fixes")
    /// A line with too few distinct points.
    public static let tooFewPoints = ErrorKind(name: "too few points")
    /// Geometry that cannot be stored, tiled or built (a non-finite vertex, a ring that is not
    /// closed).
    public static let invalidGeometry = ErrorKind(name: "invalid geometry")
    /// A geometry type a writer or tiler does not take.
    public static let unsupportedGeometry = ErrorKind(name: "unsupported geometry")
    /// Chainage text that cannot be read (`12+3`).
    public static let invalidChainage = ErrorKind(name: "invalid chainage")
    /// A date that cannot be read or is not a calendar date.
    public static let invalidDate = ErrorKind(name: "invalid date")
    /// A measure that is not a distance along the road it names.
    public static let invalidMeasure = ErrorKind(name: "invalid measure")
    /// A split length that is not a positive number of metres.
    public static let invalidSplitLength = ErrorKind(name: "invalid split length")
    /// A split that would make more pieces than the limit.
    public static let tooManyPieces = ErrorKind(name: "too many pieces")
    /// A tile whose zoom, column or row is out of range, or a malformed tile path.
    public static let invalidTile = ErrorKind(name: "invalid tile")
    /// A property key or layer name that cannot be written.
    public static let invalidKey = ErrorKind(name: "invalid key")

    // Callers and libraries
    /// An option or expression that is out of range or cannot be parsed (a zoom range, a tag
    /// filter, a shapefile encoding).
    public static let invalidOption = ErrorKind(name: "invalid option")
    /// An argument a library (GEOS, PROJ) refused.
    public static let invalidArgument = ErrorKind(name: "invalid argument")
    /// A CRS that PROJ does not know, or a `.prj` that cannot be used.
    public static let unusableCRS = ErrorKind(name: "unusable CRS")
    /// No transformation between two CRSs.
    public static let noTransformation = ErrorKind(name: "no transformation")
    /// A GEOS or PROJ context could not be created.
    public static let contextUnavailable = ErrorKind(name: "no library context")
    /// GEOS raised an error.
    public static let geosFailure = ErrorKind(name: "GEOS failure")
    /// A library returned a result of an unexpected type or shape.
    public static let unexpectedResult = ErrorKind(name: "unexpected result")
    /// A ``DynamicRTree`` whose nodes, items or free list break the tree's invariants (found by
    /// ``DynamicRTree/checkInvariants()``).
    public static let brokenInvariant = ErrorKind(name: "broken invariant")
}
