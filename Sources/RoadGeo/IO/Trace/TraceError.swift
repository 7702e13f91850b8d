/// A GPS trace file that cannot be read: the file, the line (1-based, when known), the
/// GeoJSON feature (0-based, when inside one) and the problem.
///
/// ```swift
/// do { _ = try TraceFile.read(contentsOf: "drive.gpx") }
/// catch { print(error) }   // drive.gpx:412: <trkpt> has no "lon" attribute
/// ```
///
/// Its kinds (see ``ErrorKind``):
/// - ``ErrorKind/io``: The file cannot be opened or read, or is not a regular file.
/// - ``ErrorKind/tooLarge``: The file is larger than ``TraceReadOptions/maximumFileBytes``.
/// - ``ErrorKind/empty``: The file is empty or holds only white space.
/// - ``ErrorKind/unrecognised``: The content is none of GPX, CSV or GeoJSON (binary, compressed, an archive).
/// - ``ErrorKind/malformed``: Not well-formed XML, JSON or CSV (a mismatched tag, a bad token, a stray quote).
/// - ``ErrorKind/truncated``: The input ends in the middle of an element, a value or a quoted field.
/// - ``ErrorKind/unsupported``: Well-formed, but not the structure a trace needs (the XML root is not `<gpx>`, a GeoJSON Polygon, a `coordTimes` array of the wrong length).
/// - ``ErrorKind/missingCoordinate``: A fix without a longitude or latitude (`<trkpt>` without `lat`, an empty CSV cell).
/// - ``ErrorKind/invalidCoordinate``: A longitude or latitude that is not a number, not finite, or out of range.
/// - ``ErrorKind/invalidTime``: A time that is neither ISO 8601 nor a number of seconds.
/// - ``ErrorKind/invalidNumber``: A value that must be a number (GPX `<ele>`, a CSV coordinate cell) and is not.
/// - ``ErrorKind/missingColumn``: A CSV without a longitude or latitude column, or without a column the options name.
/// - ``ErrorKind/fieldCount``: A CSV row whose number of fields differs from the header's.
/// - ``ErrorKind/noFixes``: A readable file that holds no fixes (no tracks, routes, rows or lines).
public typealias TraceError = RoadGeoError<TraceErrors>

/// The domain of ``TraceError``: errors from GPS trace reading.
///
/// ```swift
/// catch let error as RoadGeoError<TraceErrors> { print(error.kind, error) }   // the same as `as TraceError`
/// ```
public enum TraceErrors: ErrorDomain {}
