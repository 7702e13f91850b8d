/// A shapefile (or its `.shx`, `.dbf`, `.prj`, `.cpg`) that cannot be read as asked.
///
/// The error names the file, the record when one is at fault (1-based, as record numbers are
/// written in the `.shp`), and the problem in a sentence a data maintainer can act on. Problems
/// confined to one record do not throw from an import: they become entries of the
/// ``ShapefileImportReport``; this error is for problems that stop the whole file (a bad
/// header, a missing `.shp`, a CRS that cannot be resolved).
///
/// ```swift
/// do { _ = try ShapefileReader(path: "roads.shp") }
/// catch { print(error) }   // "roads.shp: not a shapefile: file code 1234 (expected 9994)"
/// ```
public struct ShapefileError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The class of problem, for callers that branch on it; the message carries the detail.
    /// New kinds may be added.
    ///
    /// ```swift
    /// do { _ = try ShapefileImport(path: "roads.shp") }
    /// catch where error.kind == .crs { print("pass --source-crs: \(error.message)") }
    /// catch { print(error) }
    /// ```
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        let name: String
        /// The file cannot be opened or read.
        public static let io = Kind(name: "I/O error")
        /// The `.shp`, `.shx` or `.dbf` header is invalid.
        public static let header = Kind(name: "invalid header")
        /// One record is corrupt or inconsistent.
        public static let record = Kind(name: "invalid record")
        /// A valid construct RoadGeo does not read (MultiPatch shapes, dBase II tables).
        public static let unsupported = Kind(name: "unsupported content")
        /// The source CRS is missing or not understood by PROJ.
        public static let crs = Kind(name: "unusable CRS")
        /// A caller-supplied option is invalid (unknown encoding, id field not in the DBF ...).
        public static let option = Kind(name: "invalid option")
        /// The kind's name.
        public var description: String { name }
    }

    /// The class of problem.
    public var kind: Kind
    /// What is wrong, in a sentence a data maintainer can act on.
    public var message: String
    /// The file at fault (its path as given).
    public var path: String
    /// The 1-based record number at fault, or `nil` for a file-level problem.
    public var record: Int?

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - kind: The class of problem.
    ///   - message: What is wrong.
    ///   - path: The file at fault.
    ///   - record: The 1-based record number, if one record is at fault.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let e = ShapefileError(.record, "part index 9 is past the 4 points", path: "roads.shp", record: 17)
    /// print(e)   // roads.shp: record 17: part index 9 is past the 4 points
    /// ```
    public init(_ kind: Kind, _ message: String, path: String, record: Int? = nil) {
        self.kind = kind
        self.message = message
        self.path = path
        self.record = record
    }

    /// `path: record N: message`, with the parts that are known.
    public var description: String {
        errorDescription(message, path: path, context: [record.map { "record \($0)" }])
    }
}
