/// A coordinate reference system PROJ could not understand, or a transformation that failed.
///
/// ```swift
/// do { _ = try Reprojector(source: "EPSG:999999") }
/// catch { print(error.kind, error) }  // unusable CRS  cannot create CRS from 'EPSG:999999': crs not found
/// ```
///
/// Its kinds (see ``ErrorKind``):
/// - ``ErrorKind/contextUnavailable``: PROJ could not create a context (out of memory).
/// - ``ErrorKind/unusableCRS``: A source or target PROJ cannot parse, or one that is not a coordinate reference system.
/// - ``ErrorKind/noTransformation``: PROJ knows both CRSs but found no transformation between them, or could not set its axis order to longitude, latitude.
/// - ``ErrorKind/invalidArgument``: Arguments that do not fit together (`x` and `y` of different lengths).
public typealias ProjectionError = RoadGeoError<ProjectionErrors>

/// The domain of ``ProjectionError``: errors from projections.
///
/// ```swift
/// catch let error as RoadGeoError<ProjectionErrors> { print(error.kind, error) }   // the same as `as ProjectionError`
/// ```
public enum ProjectionErrors: ErrorDomain {}
