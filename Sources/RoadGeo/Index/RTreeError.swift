/// A problem with R-tree input: a serialized tree that is truncated, corrupt or of an unknown
/// version, or a dynamic tree whose structure breaks its invariants.
///
/// ```swift
/// do { _ = try PackedRTree(serialized: bytes) }
/// catch { print(error.kind, error) }   // truncated input  packed R-tree: buffer of 12 bytes is shorter than the 48-byte header
/// ```
public struct RTreeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The class of problem, for callers that branch on it. New kinds may be added.
    ///
    /// ```swift
    /// do { _ = try PackedRTree(serialized: cached) }
    /// catch where error.kind == .unsupportedVersion { rebuildIndex() }
    /// catch { print(error) }
    /// ```
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        let name: String
        /// The bytes do not start with the packed R-tree magic.
        public static let unrecognised = Kind(name: "unrecognised format")
        /// A serialization version this build does not read.
        public static let unsupportedVersion = Kind(name: "unsupported version")
        /// Fewer bytes than the header needs, or not the payload length the header gives (cut
        /// short, or with trailing data).
        public static let truncated = Kind(name: "truncated input")
        /// A checksum mismatch, or a header field, level, node or leaf that does not agree with
        /// the rest of the tree.
        public static let corrupt = Kind(name: "corrupt tree")
        /// A ``DynamicRTree`` whose nodes, items or free list break the tree's invariants
        /// (found by ``DynamicRTree/checkInvariants()``).
        public static let brokenInvariant = Kind(name: "broken invariant")
        /// The kind's name.
        public var description: String { name }
    }

    /// The class of problem.
    public var kind: Kind
    /// What is wrong, naming the field or section and the values found.
    public var message: String

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - kind: The class of problem.
    ///   - message: What is wrong.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let e = RTreeError(.corrupt, "packed R-tree: checksum mismatch")
    /// print(e)   // packed R-tree: checksum mismatch
    /// ```
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The message (it names the tree, `packed R-tree` or `dynamic R-tree`, and the field).
    public var description: String { message }
}
