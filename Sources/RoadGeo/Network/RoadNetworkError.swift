/// A network snapshot that cannot be read or written: truncated, corrupt, of another version,
/// holding geometry that is not valid, or a file that cannot be opened.
///
/// The message names the section, road or field; ``description`` prefixes the file when the
/// snapshot came from one.
///
/// ```swift
/// do { _ = try RoadNetwork(snapshotAt: "roads.rgnet") }
/// catch { print(error) }   // "roads.rgnet: network snapshot: checksum mismatch: the file is corrupt"
/// ```
///
/// Its kinds (see ``ErrorKind``):
/// - ``ErrorKind/io``: The snapshot file cannot be opened, read or written.
/// - ``ErrorKind/unrecognised``: The bytes do not start with the snapshot magic: not a RoadGeo network snapshot.
/// - ``ErrorKind/unsupportedVersion``: A snapshot format version this build does not read (older or newer RoadGeo).
/// - ``ErrorKind/truncated``: Fewer bytes than the header needs, or not the payload length the header gives (the file was cut short, or has trailing data).
/// - ``ErrorKind/corrupt``: A checksum mismatch, or a count, string, property value or the index that does not agree with the rest of the snapshot.
/// - ``ErrorKind/invalidGeometry``: A road whose line is not a valid ``Polyline`` (fewer than 2 vertices, a vertex that is not a geographic position, a vertex repeating the one before).
public typealias RoadNetworkError = RoadGeoError<RoadNetworkErrors>

/// The domain of ``RoadNetworkError``: errors from network snapshots.
///
/// ```swift
/// catch let error as RoadGeoError<RoadNetworkErrors> { print(error.kind, error) }   // the same as `as RoadNetworkError`
/// ```
public enum RoadNetworkErrors: ErrorDomain {}
