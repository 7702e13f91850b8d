/// Why an OpenStreetMap PBF file could not be read: the file, the blob (its number and byte
/// offset in the file), the element when known, and the problem.
///
/// Every malformed length, offset, varint or reference in a file becomes one of these; the
/// reader never traps, never allocates by an unchecked length and never guesses.
///
/// ```swift
/// do { _ = try OSMPBFFile(contentsOf: "broken.osm.pbf") }
/// catch let error as OSMPBFError { print(error.code, error) }
/// // truncatedBlob  broken.osm.pbf: blob 3 at byte 81234: blob data needs 65536 bytes, 1200 left
/// ```
public struct OSMPBFError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of problem; new kinds may be added.
    ///
    /// ```swift
    /// if error.code == .truncatedBlob { print("download again") }
    /// ```
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The kind's name.
        public let name: String
        /// The file could not be opened or read.
        public static let unreadable = Code(name: "unreadable")
        /// A BlobHeader length, BlobHeader or Blob runs past the end of the file.
        public static let truncatedBlob = Code(name: "truncatedBlob")
        /// A length field exceeds what the PBF format allows (64 KiB headers, 32 MiB blobs).
        public static let oversizedBlob = Code(name: "oversizedBlob")
        /// Bytes that are not valid protobuf: a varint over 10 bytes, a length past the end of
        /// its message, an unknown wire type.
        public static let malformedMessage = Code(name: "malformedMessage")
        /// A blob's compressed data does not inflate to its declared size.
        public static let badCompression = Code(name: "badCompression")
        /// A compression other than raw or zlib (lzma, lz4, zstd).
        public static let unsupportedCompression = Code(name: "unsupportedCompression")
        /// A block's type is not `OSMHeader`/`OSMData`, or the header is missing or repeated.
        public static let unexpectedBlock = Code(name: "unexpectedBlock")
        /// The header requires a feature this reader does not implement.
        public static let unsupportedFeature = Code(name: "unsupportedFeature")
        /// An index into a string table or parallel arrays that disagree in length.
        public static let badReference = Code(name: "badReference")
        /// A coordinate outside ±90° latitude / ±180° longitude.
        public static let badCoordinate = Code(name: "badCoordinate")
        /// A tag filter expression that cannot be parsed.
        public static let badFilter = Code(name: "badFilter")
        /// The name.
        public var description: String { name }
    }

    /// The kind of problem.
    public var code: Code
    /// The file's path.
    public var file: String
    /// The blob's number in the file (0 is the first), when the problem is inside one.
    public var blob: Int?
    /// The byte offset of the blob's BlobHeader length in the file.
    public var offset: Int?
    /// The problem in words, naming the element (`way 123`, `DenseNodes entry 17`) when known.
    public var message: String

    /// Creates an error.
    /// - Parameters:
    ///   - code: The kind.
    ///   - file: The file's path.
    ///   - blob: The blob's number, if any.
    ///   - offset: The blob's offset in bytes, if any.
    ///   - message: The problem.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// OSMPBFError(.truncatedBlob, file: "a.osm.pbf", blob: 2, offset: 9000, message: "blob data cut short")
    /// ```
    public init(_ code: Code, file: String, blob: Int? = nil, offset: Int? = nil, message: String) {
        self.code = code
        self.file = file
        self.blob = blob
        self.offset = offset
        self.message = message
    }

    /// `file: blob N at byte B: message`.
    public var description: String {
        var s = file
        if let blob { s += ": blob \(blob)" }
        if let offset { s += " at byte \(offset)" }
        return s + ": " + message
    }
}

/// A problem found inside one message, before the caller knows which blob it is in.
struct ProtobufError: Error {
    var code: OSMPBFError.Code
    var message: String
    init(_ message: String, code: OSMPBFError.Code = .malformedMessage) {
        self.code = code
        self.message = message
    }
}
