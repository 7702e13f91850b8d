/// A coordinate reference system PROJ could not understand, or a transformation that failed.
///
/// ```swift
/// do { _ = try Reprojector(source: "EPSG:999999") }
/// catch { print(error) }  // "cannot create CRS from 'EPSG:999999': crs not found"
/// ```
public struct ProjectionError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What failed, with PROJ's own message where it gave one.
    public var message: String
    /// Creates an error.
    ///
    /// - Parameter message: What failed, with PROJ's message where it gave one.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// throw ProjectionError("cannot create CRS from 'EPSG:999999': crs not found")
    /// ```
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}
