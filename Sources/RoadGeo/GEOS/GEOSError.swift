/// A GEOS operation that failed, carrying GEOS's own message.
///
/// GEOS reports problems through the message handlers of its context (see ``GEOSContext``):
/// the error handler's text, and any notice GEOS issued during the same call, end up in
/// ``message``; ``operation`` names the GEOS function that failed.
///
/// ```swift
/// do { _ = try GEOSContext().validity(ofPolygonRings: [[Coordinate(0, 0), Coordinate(1, 0), Coordinate(1, 1)]]) }
/// catch { print(error.operation, error.message) }
/// // GEOSGeom_createLinearRing_r  IllegalArgumentException: Invalid number of points in LinearRing found 3 - must be 0 or >= 4
/// ```
public struct GEOSError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The GEOS C function (or conversion step) that failed, e.g. `"GEOSNode_r"`.
    public var operation: String
    /// What went wrong, in GEOS's words where GEOS gave any.
    public var message: String

    /// Creates an error.
    /// - Parameters:
    ///   - operation: The GEOS function or conversion step that failed.
    ///   - message: What went wrong.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// GEOSError(operation: "GEOSNode_r", message: "TopologyException: ...")
    /// ```
    public init(operation: String, message: String) {
        self.operation = operation
        self.message = message
    }

    /// `"<operation>: <message>"`.
    public var description: String { "\(operation): \(message)" }
}
