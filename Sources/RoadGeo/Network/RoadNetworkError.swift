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
public struct RoadNetworkError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The class of problem, for callers that branch on it. New kinds may be added.
    ///
    /// ```swift
    /// do { _ = try RoadNetwork(snapshotAt: "roads.rgnet") }
    /// catch where error.kind == .unsupportedVersion { print("write the snapshot again: roadgeo snapshot") }
    /// catch { print(error) }
    /// ```
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        let name: String
        /// The snapshot file cannot be opened, read or written.
        public static let io = Kind(name: "I/O error")
        /// The bytes do not start with the snapshot magic: not a RoadGeo network snapshot.
        public static let unrecognised = Kind(name: "unrecognised format")
        /// A snapshot format version this build does not read (older or newer RoadGeo).
        public static let unsupportedVersion = Kind(name: "unsupported version")
        /// Fewer bytes than the header needs, or not the payload length the header gives (the
        /// file was cut short, or has trailing data).
        public static let truncated = Kind(name: "truncated input")
        /// A checksum mismatch, or a count, string, property value or the index that does not
        /// agree with the rest of the snapshot.
        public static let corrupt = Kind(name: "corrupt snapshot")
        /// A road whose line is not a valid ``Polyline`` (fewer than 2 vertices, a vertex that is
        /// not a geographic position, a vertex repeating the one before).
        public static let invalidGeometry = Kind(name: "invalid geometry")
        /// The kind's name.
        public var description: String { name }
    }

    /// The class of problem.
    public var kind: Kind
    /// What is wrong, naming the section, road or field.
    public var message: String
    /// The snapshot file, when reading or writing one.
    public var path: String?

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - kind: The class of problem.
    ///   - message: What is wrong.
    ///   - path: The snapshot file, if any.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let e = RoadNetworkError(.unsupportedVersion, "network snapshot: unsupported version 9 (this build reads 3)", path: "a.rgnet")
    /// print(e)   // a.rgnet: network snapshot: unsupported version 9 (this build reads 3)
    /// ```
    public init(_ kind: Kind, _ message: String, path: String? = nil) {
        self.kind = kind
        self.message = message
        self.path = path
    }

    /// `path: message`, with the path when known.
    public var description: String { errorDescription(message, path: path) }
}
