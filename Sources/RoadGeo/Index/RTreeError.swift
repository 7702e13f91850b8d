/// A problem with R-tree input: a serialized tree that is truncated, corrupt or of an unknown
/// version, or a dynamic tree whose structure breaks its invariants.
///
/// ```swift
/// do { _ = try PackedRTree(serialized: bytes) }
/// catch { print(error.kind, error) }   // truncated input  packed R-tree: buffer of 12 bytes is shorter than the 48-byte header
/// ```
///
/// Its kinds (see ``ErrorKind``):
/// - ``ErrorKind/unrecognised``: The bytes do not start with the packed R-tree magic.
/// - ``ErrorKind/unsupportedVersion``: A serialization version this build does not read.
/// - ``ErrorKind/truncated``: Fewer bytes than the header needs, or not the payload length the header gives (cut short, or with trailing data).
/// - ``ErrorKind/corrupt``: A checksum mismatch, or a header field, level, node or leaf that does not agree with the rest of the tree.
/// - ``ErrorKind/brokenInvariant``: A ``DynamicRTree`` whose nodes, items or free list break the tree's invariants (found by ``DynamicRTree/checkInvariants()``).
public typealias RTreeError = RoadGeoError<RTreeErrors>

/// The domain of ``RTreeError``: errors from R-trees.
///
/// ```swift
/// catch let error as RoadGeoError<RTreeErrors> { print(error.kind, error) }   // the same as `as RTreeError`
/// ```
public enum RTreeErrors: ErrorDomain {}
