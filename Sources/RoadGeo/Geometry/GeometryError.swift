/// Bad geometry: a coordinate that is not finite or out of range, or a line with too few points.
///
/// The message names the problem and the vertex (for a ``Polyline``).
///
/// ```swift
/// do { _ = try Polyline([Coordinate(0, 0)]) }
/// catch { print(error.kind, error.message) }   // too few points  a polyline needs at least 2 distinct coordinates, got 1
/// ```
public struct GeometryError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The class of problem, for callers that branch on it. New kinds may be added.
    ///
    /// ```swift
    /// do { _ = try Polyline(points) }
    /// catch where error.kind == .tooFewPoints { skipDegenerate() }
    /// catch { print(error) }
    /// ```
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        let name: String
        /// A longitude or latitude that is not finite or out of range (-180...180, -90...90).
        public static let invalidCoordinate = Kind(name: "invalid coordinate")
        /// A line with fewer than 2 distinct coordinates (after dropping repeated ones).
        public static let tooFewPoints = Kind(name: "too few points")
        /// The kind's name.
        public var description: String { name }
    }

    /// The class of problem.
    public var kind: Kind
    /// What is wrong, in a sentence a data maintainer can act on.
    public var message: String

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - kind: The class of problem.
    ///   - message: What is wrong, naming the vertex where known.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let e = GeometryError(.invalidCoordinate, "vertex 3: latitude 95.0 is outside -90...90")
    /// print(e)   // vertex 3: latitude 95.0 is outside -90...90
    /// ```
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The message (a geometry has no file or record of its own; readers add theirs).
    public var description: String { message }
}
