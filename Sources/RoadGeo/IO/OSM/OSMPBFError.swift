/// Why an OpenStreetMap PBF file could not be read: the file, the blob (its number and byte
/// offset in the file), the element when known, and the problem.
///
/// Every malformed length, offset, varint or reference in a file becomes one of these; the
/// reader never traps, never allocates by an unchecked length and never guesses.
///
/// ```swift
/// do { _ = try OSMPBFFile(contentsOf: "broken.osm.pbf") }
/// catch let error as OSMPBFError { print(error.kind, error) }
/// // truncated input  broken.osm.pbf: blob 3 at byte 81234: blob data needs 65536 bytes, 1200 left
/// ```
///
/// Its kinds (see ``ErrorKind``):
/// - ``ErrorKind/io``: The file could not be opened or read.
/// - ``ErrorKind/truncated``: A BlobHeader length, BlobHeader or Blob runs past the end of the file.
/// - ``ErrorKind/tooLarge``: A length field exceeds what the PBF format allows (64 KiB headers, 32 MiB blobs).
/// - ``ErrorKind/malformed``: Bytes that are not valid protobuf: a varint over 10 bytes, a length past the end of its message, an unknown wire type.
/// - ``ErrorKind/badCompression``: A blob's compressed data does not inflate to its declared size.
/// - ``ErrorKind/unsupported``: A compression other than raw or zlib (lzma, lz4, zstd).
/// - ``ErrorKind/unexpectedBlock``: A block's type is not `OSMHeader`/`OSMData`, or the header is missing or repeated.
/// - ``ErrorKind/unsupportedFeature``: The header requires a feature this reader does not implement.
/// - ``ErrorKind/badReference``: An index into a string table or parallel arrays that disagree in length.
/// - ``ErrorKind/invalidCoordinate``: A coordinate outside ±90° latitude / ±180° longitude.
/// - ``ErrorKind/invalidOption``: A tag filter expression that cannot be parsed.
public typealias OSMPBFError = RoadGeoError<OSMPBFErrors>

/// The domain of ``OSMPBFError``: errors from OpenStreetMap PBF reading.
///
/// ```swift
/// catch let error as RoadGeoError<OSMPBFErrors> { print(error.kind, error) }   // the same as `as OSMPBFError`
/// ```
public enum OSMPBFErrors: ErrorDomain {}

/// A problem found inside one message, before the caller knows which blob it is in.
struct ProtobufError: Error {
    var kind: OSMPBFError.Kind
    var message: String
    init(_ message: String, kind: OSMPBFError.Kind = .malformed) {
        self.kind = kind
        self.message = message
    }
}
