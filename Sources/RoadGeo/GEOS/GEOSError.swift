/// A GEOS operation that failed, carrying GEOS's own message.
///
/// GEOS reports problems through the message handlers of its context (see ``GEOSContext``):
/// the error handler's text, and any notice GEOS issued during the same call, end up in
/// ``message``; ``operation`` names the GEOS function that failed.
///
/// ```swift
/// do { _ = try GEOSContext().validity(ofPolygonRings: [[Coordinate(0, 0), Coordinate(1, 0), Coordinate(1, 1)]]) }
/// catch { print(error.kind, error) }
/// // GEOS failure  GEOSGeom_createLinearRing_r: IllegalArgumentException: Invalid number of points in LinearRing found 3 - must be 0 or >= 4
/// ```
///
/// Its kinds (see ``ErrorKind``):
/// - ``ErrorKind/contextUnavailable``: GEOS could not allocate a context.
/// - ``ErrorKind/geosFailure``: GEOS raised an exception (`IllegalArgumentException`, `TopologyException` ...) or a GEOS function returned its failure value; the message is GEOS's where it gave one.
/// - ``ErrorKind/invalidArgument``: An argument RoadGeo refuses before calling GEOS (a negative tolerance, more coordinates than GEOS takes in one sequence).
/// - ``ErrorKind/unexpectedResult``: GEOS answered with something RoadGeo cannot use (an empty point, a non-geographic coordinate, collections nested too deeply, the wrong number of points).
public typealias GEOSError = RoadGeoError<GEOSErrors>

/// The domain of ``GEOSError``: errors from GEOS operations.
///
/// ```swift
/// catch let error as RoadGeoError<GEOSErrors> { print(error.kind, error) }   // the same as `as GEOSError`
/// ```
public enum GEOSErrors: ErrorDomain {}
