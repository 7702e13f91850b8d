/// Bad geometry: a coordinate that is not finite or out of range, or a line with too few points.
///
/// The message names the problem and the vertex (for a ``Polyline``).
///
/// ```swift
/// do { _ = try Polyline([Coordinate(0, 0)]) }
/// catch { print(error.kind, error.message) }   // too few points  a polyline needs at least 2 distinct coordinates, got 1
/// ```
///
/// Its kinds (see ``ErrorKind``):
/// - ``ErrorKind/invalidCoordinate``: A longitude or latitude that is not finite or out of range (-180...180, -90...90).
/// - ``ErrorKind/tooFewPoints``: A line with fewer than 2 distinct coordinates (after dropping repeated ones).
public typealias GeometryError = RoadGeoError<GeometryErrors>

/// The domain of ``GeometryError``: errors from geometry.
///
/// ```swift
/// catch let error as RoadGeoError<GeometryErrors> { print(error.kind, error) }   // the same as `as GeometryError`
/// ```
public enum GeometryErrors: ErrorDomain {}
