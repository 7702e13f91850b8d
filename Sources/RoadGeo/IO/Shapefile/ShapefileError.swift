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
///
/// Its kinds (see ``ErrorKind``):
/// - ``ErrorKind/io``: The file cannot be opened or read.
/// - ``ErrorKind/invalidHeader``: The `.shp`, `.shx` or `.dbf` header is invalid.
/// - ``ErrorKind/invalidRecord``: One record is corrupt or inconsistent.
/// - ``ErrorKind/unsupported``: A valid construct RoadGeo does not read (MultiPatch shapes, dBase II tables).
/// - ``ErrorKind/unusableCRS``: The source CRS is missing or not understood by PROJ.
/// - ``ErrorKind/invalidOption``: A caller-supplied option is invalid (unknown encoding, id field not in the DBF ...).
public typealias ShapefileError = RoadGeoError<ShapefileErrors>

/// The domain of ``ShapefileError``: errors from shapefile reading.
///
/// ```swift
/// catch let error as RoadGeoError<ShapefileErrors> { print(error.kind, error) }   // the same as `as ShapefileError`
/// ```
public enum ShapefileErrors: ErrorDomain {}
