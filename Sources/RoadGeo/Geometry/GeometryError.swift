/// Bad geometry: a coordinate that is not finite or out of range, or a line with too few points.
///
/// The message names the problem and, where the caller supplied one, the feature or record.
///
/// ```swift
/// do { _ = try Polyline([Coordinate(0, 0)]) }
/// catch { print(error.message) }   // "a polyline needs at least 2 distinct coordinates, got 1"
/// ```
public struct GeometryError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong, in a sentence a data maintainer can act on.
    public var message: String

    /// Creates an error with a message.
    ///
    /// - Parameter message: What is wrong, naming the record or feature where known.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// throw GeometryError("feature 12: vertex 3: latitude 95.0 is outside -90...90")
    /// ```
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
