/// A tile request or tiling input that cannot be served: a zoom, column or row out of range,
/// a malformed tile path, a feature whose geometry cannot be tiled, an invalid option, or a
/// tile archive that cannot be read or written.
///
/// The message names the tile (`z/x/y`) and the problem; ``description`` prefixes the archive
/// file and the feature index when they are known.
///
/// ```swift
/// do { _ = try TileID(z: 3, x: 8, y: 0) }
/// catch { print(error.kind, error) }   // invalid tile  tile 3/8/0: x must be within 0...7 at zoom 3
/// ```
///
/// Its kinds (see ``ErrorKind``):
/// - ``ErrorKind/invalidTile``: A zoom, column, row, tile path, quadkey, zoom range or PMTiles tile id outside the tile scheme (zooms 0...``TileID/maxZoom``).
/// - ``ErrorKind/invalidGeometry``: A feature or report whose geometry cannot be tiled: a position that is not geographic, an empty multi-geometry, a ring that is not closed, no geometry.
/// - ``ErrorKind/unsupportedGeometry``: A geometry type the tiler does not draw (GeometryCollection).
/// - ``ErrorKind/invalidOption``: A ``TilerOptions``, ``DisplayClusterOptions`` or ``TileLayers`` value out of range or inconsistent (no layers, a layer name twice).
/// - ``ErrorKind/invalidKey``: A display-cluster report key that is negative or appears twice.
/// - ``ErrorKind/tooLarge``: More than the tiler, the clusters or a reader take at once (2^31 vertices or reports, a gzip stream past its limit, a PMTiles run too long to list).
/// - ``ErrorKind/corrupt``: Gzip data or a PMTiles archive that is corrupt or cut short.
/// - ``ErrorKind/unrecognised``: A file that is not a PMTiles archive (no magic).
/// - ``ErrorKind/unsupported``: A PMTiles version or compression this reader does not read.
/// - ``ErrorKind/compressionUnavailable``: zlib could not start a (de)compression stream (out of memory).
/// - ``ErrorKind/io``: A file or directory that cannot be created, written or read (SQLite errors included).
public typealias TileError = RoadGeoError<TileErrors>

/// The domain of ``TileError``: errors from tiles and tile archives.
///
/// ```swift
/// catch let error as RoadGeoError<TileErrors> { print(error.kind, error) }   // the same as `as TileError`
/// ```
public enum TileErrors: ErrorDomain {}
