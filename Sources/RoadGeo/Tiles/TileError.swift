/// A tile request or tiling input that cannot be served: a zoom, column or row out of range,
/// a malformed tile path, or a feature whose geometry cannot be tiled.
///
/// The message names the tile (`z/x/y`) or the feature index and the problem.
///
/// ```swift
/// do { _ = try TileID(z: 3, x: 8, y: 0) }
/// catch { print(error.message) }   // "tile 3/8/0: x must be within 0...7 at zoom 3"
/// ```
public struct TileError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong, in a sentence naming the tile or feature.
    public var message: String

    /// Creates an error with a message.
    /// - Parameter message: What is wrong.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
