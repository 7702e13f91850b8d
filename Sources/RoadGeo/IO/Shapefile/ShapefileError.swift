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
    /// What kind of problem: stable for programs to switch on; the message carries the detail.
    ///
    /// ```swift
    /// do { _ = try ShapefileImport(path: "roads.shp") }
    /// catch where error.code == .crs { print("pass --source-crs: \(error.message)") }
    /// catch { print(error) }
    /// ```
    public enum Code: String, Hashable, Sendable {
        /// The file cannot be opened or read.
        case io
        /// The `.shp`, `.shx` or `.dbf` header is invalid.
        case header
        /// One record is corrupt or inconsistent.
        case record
        /// A valid construct RoadGeo does not read (MultiPatch shapes).
        case unsupported
        /// The source CRS is missing or not understood by PROJ.
        case crs
        /// A caller-supplied option is invalid (unknown encoding, id field not in the DBF ...).
        case option
    }

    /// The kind of problem.
    public var code: Code
    /// The file at fault (its path as given).
    public var file: String
    /// The 1-based record number at fault, or `nil` for a file-level problem.
    public var record: Int?
    /// What is wrong.
    public var message: String

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: The kind of problem.
    ///   - file: The file at fault.
    ///   - record: The 1-based record number, if one record is at fault.
    ///   - message: What is wrong.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let e = ShapefileError(.record, file: "roads.shp", record: 17, "part index 9 is past the 4 points")
    /// print(e)   // roads.shp: record 17: part index 9 is past the 4 points
    /// ```
    public init(_ code: Code, file: String, record: Int? = nil, _ message: String) {
        self.code = code
        self.file = file
        self.record = record
        self.message = message
    }

    /// `file: record N: message`.
    public var description: String {
        if let record { return "\(file): record \(record): \(message)" }
        return "\(file): \(message)"
    }
}
