/// A network snapshot that cannot be read: truncated, corrupt, of another version, or holding
/// geometry that is not valid.
///
/// ```swift
/// do { _ = try RoadNetwork(snapshot: bytes) }
/// catch { print(error.message) }   // "network snapshot: checksum mismatch: the file is corrupt"
/// ```
public struct RoadNetworkError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong, naming the section, road or field.
    public var message: String
    /// Creates an error.
    /// - Parameter message: What is wrong.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// throw RoadNetworkError("snapshot: version 3, expected 4")
    /// ```
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}
