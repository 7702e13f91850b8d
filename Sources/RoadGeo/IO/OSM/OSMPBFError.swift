/// Why an OpenStreetMap PBF file could not be read: the file, the blob (its number and byte
/// offset in the file), the element when known, and the problem.
///
/// Every malformed length, offset, varint or reference in a file becomes one of these; the
/// reader never traps, never allocates by an unchecked length and never guesses.
///
/// ```swift
/// do { _ = try OSMPBFFile(contentsOf: "broken.osm.pbf") }
/// catch let error as OSMPBFError { print(error.kind, error) }
/// // truncated blob  broken.osm.pbf: blob 3 at byte 81234: blob data needs 65536 bytes, 1200 left
/// ```
public struct OSMPBFError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The class of problem, for callers that branch on it. New kinds may be added.
    ///
    /// ```swift
    /// do { _ = try OSMPBFFile(contentsOf: "roads.osm.pbf") }
    /// catch where error.kind == .truncatedBlob { print("download it again") }
    /// catch { print(error) }
    /// ```
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        let name: String
        /// The file could not be opened or read.
        public static let io = Kind(name: "I/O error")
        /// A BlobHeader length, BlobHeader or Blob runs past the end of the file.
        public static let truncatedBlob = Kind(name: "truncated blob")
        /// A length field exceeds what the PBF format allows (64 KiB headers, 32 MiB blobs).
        public static let oversizedBlob = Kind(name: "oversized blob")
        /// Bytes that are not valid protobuf: a varint over 10 bytes, a length past the end of
        /// its message, an unknown wire type.
        public static let malformedMessage = Kind(name: "malformed message")
        /// A blob's compressed data does not inflate to its declared size.
        public static let badCompression = Kind(name: "bad compression")
        /// A compression other than raw or zlib (lzma, lz4, zstd).
        public static let unsupportedCompression = Kind(name: "unsupported compression")
        /// A block's type is not `OSMHeader`/`OSMData`, or the header is missing or repeated.
        public static let unexpectedBlock = Kind(name: "unexpected block")
        /// The header requires a feature this reader does not implement.
        public static let unsupportedFeature = Kind(name: "unsupported feature")
        /// An index into a string table or parallel arrays that disagree in length.
        public static let badReference = Kind(name: "bad reference")
        /// A coordinate outside ±90° latitude / ±180° longitude.
        public static let badCoordinate = Kind(name: "bad coordinate")
        /// A tag filter expression that cannot be parsed.
        public static let badFilter = Kind(name: "bad filter")
        /// The kind's name.
        public var description: String { name }
    }

    /// The class of problem.
    public var kind: Kind
    /// What is wrong, naming the element (`way 123`, `DenseNodes entry 17`) when known.
    public var message: String
    /// The file, or `nil` for a tag filter that is not yet applied to one.
    public var path: String?
    /// The blob's number in the file (0 is the first), when the problem is inside one.
    public var blob: Int?
    /// The byte offset of the blob's BlobHeader length in the file, when inside a blob.
    public var byteOffset: Int?

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - kind: The class of problem.
    ///   - message: What is wrong.
    ///   - path: The file, if any.
    ///   - blob: The blob's number, if any.
    ///   - byteOffset: The blob's offset in the file, in bytes, if any.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let e = OSMPBFError(.truncatedBlob, "blob data cut short", path: "a.osm.pbf", blob: 2, byteOffset: 9000)
    /// print(e)   // a.osm.pbf: blob 2 at byte 9000: blob data cut short
    /// ```
    public init(_ kind: Kind, _ message: String, path: String? = nil, blob: Int? = nil, byteOffset: Int? = nil) {
        self.kind = kind
        self.message = message
        self.path = path
        self.blob = blob
        self.byteOffset = byteOffset
    }

    /// `path: blob N at byte B: message`, with the parts that are known.
    public var description: String {
        let at = byteOffset.map { "at byte \($0)" }
        let place = blob.map { b in at.map { "blob \(b) \($0)" } ?? "blob \(b)" } ?? at
        return errorDescription(message, path: path, context: [place])
    }
}

/// A problem found inside one message, before the caller knows which blob it is in.
struct ProtobufError: Error {
    var kind: OSMPBFError.Kind
    var message: String
    init(_ message: String, kind: OSMPBFError.Kind = .malformedMessage) {
        self.kind = kind
        self.message = message
    }
}
