/// A problem with R-tree input: a serialized tree that is truncated, corrupt or of an unknown version.
///
/// ```swift
/// do { _ = try PackedRTree(serialized: bytes) }
/// catch { print(error.message) }   // "packed R-tree: buffer of 12 bytes is shorter than the 48-byte header"
/// ```
public struct RTreeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong, naming the field or section and the values found.
    public let message: String

    /// Creates an error.
    /// - Parameter message: What is wrong.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// throw RTreeError("packed R-tree: checksum mismatch")
    /// ```
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
