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
///
/// Its kinds (see ``ErrorKind``):
/// - ``ErrorKind/malformed``: Not valid JSON (bad token, missing comma or bracket, trailing data, bad escape, invalid UTF-8).
/// - ``ErrorKind/invalidGeoJSON``: Valid JSON that is not valid GeoJSON (wrong type, missing member, bad geometry structure).
/// - ``ErrorKind/invalidCoordinate``: A position that is not a real geographic coordinate (out of range).
/// - ``ErrorKind/nonFiniteNumber``: `NaN` or `Infinity`, or a number too large for a `Double`.
/// - ``ErrorKind/tooDeep``: Arrays and objects nested deeper than the reader's limit.
/// - ``ErrorKind/truncated``: The input ends in the middle of a value.
/// - ``ErrorKind/tooLarge``: The file is larger than the reader's limit.
/// - ``ErrorKind/io``: The file cannot be opened, read or written.
public typealias GeoJSONError = RoadGeoError<GeoJSONErrors>

/// The domain of ``GeoJSONError``: errors from GeoJSON reading and writing.
///
/// ```swift
/// catch let error as RoadGeoError<GeoJSONErrors> { print(error.kind, error) }   // the same as `as GeoJSONError`
/// ```
public enum GeoJSONErrors: ErrorDomain {}
